/**
 * 统一身份认证 sign-in (issue 16.1) against a real OpenID provider on this machine (oidc-provider, the stand-in for the
 * province's service), on both engines: code + PKCE + state + nonce, the account found by subject or phone, the
 * real name taken as verified, a tampered or stale callback refused and sent back to the sign-in page.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { citizenIdCheckChar } from '../../common/validators.js';
import { forEachDatabase, type Client } from '../helpers/app.js';
import { applicantClient } from '../helpers/applicants.js';
import { startOidcProvider } from '../helpers/oidc-provider.js';

const provider = await startOidcProvider();
after(() => provider.close());

const ID = '44010319900307123' + citizenIdCheckChar('44010319900307123');

/** start → the provider → the callback, as a browser would go; the portal's last answer. */
async function signIn(c: Client, returnTo = '/portal/me') {
  const start = await c.get(`/api/portal/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`);
  assert.equal(start.status, 302, JSON.stringify(start.body));
  const pending = ([] as string[]).concat((start.headers['set-cookie'] as string[] | string | undefined) ?? []).find((x) => x.startsWith('yc_oidc='))!.split(';')[0]!;
  const back = await provider.follow(String(start.headers.location));
  return { res: await c.request('GET', back.pathname + back.search, undefined, { cookie: pending }), back, pending };
}

forEachDatabase('applicant sign-in through the unified identity service', (ctx) => {
  test('a citizen signs in through the provider: a portal session, the real name verified by the service', async () => {
    provider.signInAs({ sub: 'gd-0001', name: '孙八', phone_number: '+86 139 0000 2001', phone_number_verified: true, cn_resident_id: ID });
    const c = ctx.anonymous();
    const { res } = await signIn(c, '/portal/me?tab=cases');
    assert.equal(res.status, 302);
    assert.equal(res.headers.location, '/portal/me?tab=cases');
    const me = await c.get('/api/portal/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.applicant.phone, '139****2001');
    assert.equal(me.body.applicant.realName, '孙八');
    assert.equal(me.body.applicant.verifiedBy, 'oidc');
    assert.ok(!JSON.stringify(me.body).includes(ID));
    c.csrf = me.body.csrfToken;
    const locked = await c.put('/api/portal/me/real-name', { realName: '别人', idNumber: ID });
    assert.equal(locked.body.code, 'APPLICANT_REAL_NAME_LOCKED');
  });

  test('the same person again is the same account; an SMS account of the same phone is joined, not duplicated', async () => {
    const bySms = await applicantClient(ctx, '13900002002');
    const smsId = (await bySms.get('/api/portal/me')).body.applicant.id;
    provider.signInAs({ sub: 'gd-0002', name: '周九', phone_number: '13900002002', phone_number_verified: true });
    const c = ctx.anonymous();
    assert.equal((await signIn(c)).res.status, 302);
    const me = (await c.get('/api/portal/me')).body.applicant;
    assert.equal(me.id, smsId, 'joined by the verified phone');
    assert.equal(me.verified, false, 'no ID number from the service: not verified by it');
    const again = ctx.anonymous();
    await signIn(again);
    assert.equal((await again.get('/api/portal/me')).body.applicant.id, smsId, 'by subject the second time');
  });

  test('a callback with a forged state, or without the pending cookie, opens no session', async () => {
    provider.signInAs({ sub: 'gd-0003', name: '吴十', phone_number: '13900002003', phone_number_verified: true });
    const c = ctx.anonymous();
    const start = await c.get('/api/portal/auth/oidc/start');
    const back = await provider.follow(String(start.headers.location));
    const forged = new URL(back);
    forged.searchParams.set('state', 'forged-state');
    const pending = ([] as string[]).concat(start.headers['set-cookie'] as string[]).find((x) => x.startsWith('yc_oidc='))!.split(';')[0]!;
    const res = await c.request('GET', forged.pathname + forged.search, undefined, { cookie: pending });
    assert.equal(res.status, 302);
    assert.match(String(res.headers.location), /^\/portal\/sign-in\?error=OIDC_FAILED/);
    assert.equal(c.applicantCookie, null);
    const noCookie = await c.request('GET', back.pathname + back.search, undefined, { cookie: 'x=1' });
    assert.match(String(noCookie.headers.location), /^\/portal\/sign-in\?error=OIDC_FAILED&reason=/);
    assert.equal((await c.get('/api/portal/me')).status, 401);
  });

  test('a return address outside the portal is not followed', async () => {
    provider.signInAs({ sub: 'gd-0004', phone_number: '13900002004', phone_number_verified: true });
    const { res } = await signIn(ctx.anonymous(), 'https://evil.example/');
    assert.equal(res.headers.location, '/portal/me');
  });
}, provider.env());
