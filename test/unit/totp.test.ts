import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generate } from 'otplib';
import { TotpCrypto, matchCode } from '../../server/modules/auth/auth.totp.js';

const crypto = new TotpCrypto('unit-secret-unit-secret-unit-secret-42');

test('a sealed secret opens only for its user and with the same key', () => {
  const secret = crypto.newSecret();
  const sealed = crypto.seal(secret, 7);
  assert.match(sealed, /^v1\./);
  assert.ok(!sealed.includes(secret));
  assert.equal(crypto.open(sealed, 7), secret);
  assert.throws(() => crypto.open(sealed, 8)); // bound to the user id
  assert.throws(() => new TotpCrypto('another-secret-another-secret-another').open(sealed, 7));
});

test('a ticket is good for five minutes, for its stage, and cannot be altered', () => {
  const t0 = Date.UTC(2026, 11, 7, 2);
  const ticket = crypto.ticket(3, 'code', t0);
  assert.deepEqual(crypto.readTicket(ticket, t0 + 299_000), { userId: 3, stage: 'code', expiresAt: t0 + 300_000 });
  assert.equal(crypto.readTicket(ticket, t0 + 300_000), null);
  const [payload, sig] = ticket.split('.');
  const other = Buffer.from(JSON.stringify({ u: 1, s: 'code', e: t0 + 300_000, n: 'x' })).toString('base64url');
  assert.equal(crypto.readTicket(`${other}.${sig}`, t0), null);
  assert.equal(crypto.readTicket(`${payload}`, t0), null);
  assert.equal(crypto.readTicket('garbage.garbage', t0), null);
});

test('codes of the previous, current and next step match once; older ones and used steps do not', async () => {
  const secret = crypto.newSecret();
  const now = Date.UTC(2026, 11, 7, 2, 0, 10);
  const step = Math.floor(now / 30_000);
  const at = (s: number) => generate({ secret, epoch: s * 30 });
  assert.equal(await matchCode(secret, await at(step), now, []), step);
  assert.equal(await matchCode(secret, await at(step - 1), now, []), step - 1);
  assert.equal(await matchCode(secret, await at(step + 1), now, []), step + 1);
  assert.equal(await matchCode(secret, await at(step - 2), now, []), null);
  assert.equal(await matchCode(secret, await at(step), now, [step]), null);
  assert.equal(await matchCode(secret, '12345', now, []), null);
});
