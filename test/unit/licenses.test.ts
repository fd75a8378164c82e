/**
 * 电子证照, the pure parts (issue 17; ADR 0028): the SM2 seal signs a license's canonical facts and verifies them, and
 * nothing else (a changed fact, another key, a malformed signature); private keys open only under the secret they were
 * sealed with; validity runs to the day before the anniversary; the license PDF embeds its Chinese text (read back by
 * pdftotext) and draws without a font error (pdftoppm).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { defaultLicenseFont } from '../../server/config.js';
import { renderLicense } from '../../server/modules/licenses/license.pdf.js';
import { addYears } from '../../server/modules/licenses/licenses.service.js';
import { canonicalText, generateSealKey, openPrivateKey, sealPrivateKey, sign, verify, type SignedFacts } from '../../server/modules/licenses/seal.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yc-license-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const FACTS: SignedFacts = {
  typeCode: 'YC-ZZ-0031', licenseNo: 'JY14401030012345', version: 1, holderIdNo: '91350100M000100Y43', holderName: '示范区好味道餐饮有限公司',
  validFrom: '2026-12-08', validUntil: '2031-12-07', issuedOn: '2026-12-08', pdfSha256: 'a'.repeat(64),
};

describe('电子印章 (SM2)', () => {
  const key = generateSealKey();

  test('a signature verifies its facts with the public key', () => {
    const sig = sign(FACTS, key.privateKey);
    assert.equal(verify(FACTS, sig, key.publicKey), true);
  });

  test('any fact changed, another key, or a broken signature does not verify', () => {
    const sig = sign(FACTS, key.privateKey);
    for (const changed of [{ licenseNo: 'JY14401030012346' }, { version: 2 }, { holderName: '冒名公司' }, { validUntil: null }, { pdfSha256: 'b'.repeat(64) }]) {
      assert.equal(verify({ ...FACTS, ...changed }, sig, key.publicKey), false, JSON.stringify(changed));
    }
    assert.equal(verify(FACTS, sig, generateSealKey().publicKey), false);
    assert.equal(verify(FACTS, 'not-a-signature', key.publicKey), false);
    assert.equal(verify(FACTS, sig, 'not-a-key'), false);
  });

  test('the canonical text is one fact a line, 长期 for no end', () => {
    assert.equal(canonicalText({ ...FACTS, validUntil: null }).split('\n').length, 10);
    assert.ok(canonicalText({ ...FACTS, validUntil: null }).includes('\n长期\n'));
  });

  test('a private key opens only under the secret it was sealed with', () => {
    const sealed = sealPrivateKey(key.privateKey, 'secret-one-secret-one-secret-one-1');
    assert.ok(!sealed.includes(key.privateKey));
    assert.equal(openPrivateKey(sealed, 'secret-one-secret-one-secret-one-1'), key.privateKey);
    assert.throws(() => openPrivateKey(sealed, 'secret-two-secret-two-secret-two-2'));
  });
});

describe('有效期', () => {
  test('to the day before the anniversary; from 29 February, the last day of February', () => {
    assert.equal(addYears('2026-12-08', 5), '2031-12-07');
    assert.equal(addYears('2026-01-01', 1), '2026-12-31');
    assert.equal(addYears('2028-02-29', 1), '2029-02-28');
    assert.equal(addYears('2028-02-29', 4), '2032-02-28');
  });
});

describe('证照 PDF', () => {
  test('one A4 page with the Chinese text embedded (Noto Sans SC from npm), the QR link, and no font error', async () => {
    const bytes = await renderLicense({
      typeName: '食品经营许可证', licenseNo: 'JY14401030012345', version: 2, holderName: '示范区好味道餐饮有限公司', holderIdNo: '91350100M000100Y43', holderKind: 'entity',
      fields: [{ label: '许可事项', value: '食品经营许可（许可事项变更）' }, { label: '决定文号', value: '示市监食许〔2026〕102号' }],
      validFrom: '2026-12-08', validUntil: '2031-12-07', issuedOn: '2026-12-08', issuedAt: new Date('2026-12-08T02:00:00Z'),
      issuerName: '示范区市场监督管理局', keyId: 'SCJGJ-20261208-ABC123', algorithm: 'SM2-with-SM3', verifyUrl: 'https://yc.example.gov.cn/verify/AbCdEfGhIjKl',
    }, defaultLicenseFont());
    const doc = await PDFDocument.load(bytes);
    assert.equal(doc.getPageCount(), 1);
    assert.equal(doc.getTitle(), '食品经营许可证 JY14401030012345');
    assert.ok(bytes.length < 120_000, `a font subset, not the 10 MB font: ${bytes.length} bytes`);
    const file = path.join(dir, 'license.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    for (const s of ['食品经营许可证', '（电子证照）', '第2版', '示范区好味道餐饮有限公司', '统一社会信用代码', '示市监食许〔2026〕102号', '2026年12月8日 至 2031年12月7日',
      '发证机关：示范区市场监督管理局', 'https://yc.example.gov.cn/verify/AbCdEfGhIjKl', 'SCJGJ-20261208-ABC123']) {
      assert.ok(text.includes(s), `${s} in:\n${text}`);
    }
    const r = spawnSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', file, path.join(dir, 'page')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '', 'no "Syntax Error" about the embedded font');
  });
});
