/** Applicants in tests: the SMS code from the outbox, a client signed in on the portal. */
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db.js';
import type { Client, TestContext } from './app.js';

/** The code of the last SMS to the phone (the outbox holds it until the worker sends it). */
export async function smsCode(ctx: TestContext, phone: string): Promise<string> {
  const [m] = await rows<{ body: string }>(ctx.services.database.db, sql`select payload->>'body' as body from outbox where topic = 'sms.send' and payload->>'phone' = ${phone} order by id desc limit 1`);
  const code = /验证码为 (\d{6})/.exec(m?.body ?? '')?.[1];
  assert.ok(code, `no code sent to ${phone}`);
  return code;
}

/** An applicant signed in by SMS code (a fresh account the first time), with the portal's CSRF token. */
export async function applicantClient(ctx: TestContext, phone: string): Promise<Client> {
  const c = ctx.anonymous();
  const sent = await c.post('/api/portal/auth/code', { phone });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  const res = await c.post('/api/portal/auth/login', { phone, code: await smsCode(ctx, phone) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  c.csrf = res.body.csrfToken;
  return c;
}
