/**
 * A logged-in API session against a running e2e server (session cookie + CSRF token), for the parts
 * of a browser journey that another role does off-screen (the front desk made the case, the
 * department decided it). Every call asserts a 2xx answer and returns the parsed body.
 */
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from './e2e-server.js';
import { e2eAuthenticator } from './totp.js';

export interface ApiSession {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  /** any method; the body (if any) is returned parsed, or undefined when empty */
  send<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

export async function apiSession(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  let res = await post('/api/auth/login', { username, password });
  assert.equal(res.status, 200, `login ${username}: ${res.status}`);
  // A second factor (动态口令): bind the key on first use, then answer with the authenticator's code.
  const step1 = (await res.clone().json()) as { mfa?: { stage: 'code' | 'enrol'; ticket: string } };
  if (step1.mfa) {
    const key = `${new URL(baseUrl).origin}|${username}`;
    const { stage, ticket } = step1.mfa;
    if (stage === 'enrol') {
      const enrolment = await post('/api/auth/login/enrolment', { ticket });
      assert.equal(enrolment.status, 200, `enrol ${username}: ${enrolment.status}`);
      e2eAuthenticator.remember(key, ((await enrolment.json()) as { secret: string }).secret);
    }
    res = await post(stage === 'enrol' ? '/api/auth/login/enrolment/confirm' : '/api/auth/login/code', { ticket, code: await e2eAuthenticator.code(key) });
    assert.equal(res.status, 200, `second factor ${username}: ${res.status}`);
  }
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('yc_session='));
  assert.ok(cookie, 'a session cookie');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const send = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    get: (path) => send('GET', path),
    post: (path, body = {}) => send('POST', path, body),
    put: (path, body) => send('PUT', path, body),
    send,
  };
}

/**
 * The SMS code last sent to a mobile number (the e2e counterpart of test/helpers/applicants.ts `smsCode`): the
 * worker delivers the outbox after commit into the SMS outbox's development channel, which the administrator
 * reads (the number masked there, the body whole). `notBefore`: the id of an SMS already seen, to skip older ones.
 */
export async function sentSmsCode(admin: ApiSession, phone: string, notBefore = 0): Promise<{ code: string; id: number }> {
  const masked = `${phone.slice(0, 3)}****${phone.slice(7)}`;
  for (let i = 0; i < 60; i++) {
    const { items } = await admin.get<{ items: { id: number; phone: string; template: string; body: string }[] }>('/api/admin/sms?pageSize=50');
    const sms = items.find((m) => m.id > notBefore && m.phone === masked && m.template === 'applicant.code.login');
    const code = /验证码为 (\d{6})/.exec(sms?.body ?? '')?.[1];
    if (sms && code) return { code, id: sms.id };
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no SMS code sent to ${masked}`);
}
