#!/usr/bin/env node
/**
 * What issuing an electronic license adds to an approval (issue 17, ADR 0028): the decision's transaction renders the
 * license PDF (pdf-lib + a Noto Sans SC subset + the QR code), stores it and signs it with the department's SM2 key.
 *
 *   node --import tsx bench/licenses.ts [--cases 12] [--rounds 3]
 *
 * On an in-memory PGlite with the demo district (the test app, RESPONSE_SCHEMA_CHECK off), `--cases` 食品经营许可（新办）
 * cases are accepted, handed over and brought to the decision through HTTP; then each approval (POST …/approve) is
 * timed — alternately with the sub-item mapped to 食品经营许可证 (the approval issues a license) and with the mapping
 * taken away (baseline: the same approval issuing nothing), `--rounds` times; medians and the p90 of each are printed.
 * Also the pure parts apart: render + digest + SM2 signature, median of 30.
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { defaultLicenseFont } from '../server/config.js';
import { renderLicense } from '../server/modules/licenses/license.pdf.js';
import { sha256 } from '../server/modules/licenses/licenses.read.js';
import { generateSealKey, sign } from '../server/modules/licenses/seal.js';
import { startTestApp } from '../test/helpers/app.js';
import { acceptCase, subItemIdOf, toDecision } from '../test/helpers/case-flow.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const CASES = arg('cases', 12);
const ROUNDS = arg('rounds', 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]!;

async function pureParts(): Promise<number[]> {
  const key = generateSealKey();
  const out: number[] = [];
  for (let i = 0; i < 31; i++) {
    const t = performance.now();
    const pdf = await renderLicense({
      typeName: '食品经营许可证', licenseNo: `示市监食许〔2026〕${i}号`, version: 1, holderName: '示范区好味道餐饮有限公司', holderIdNo: '91350100M000100Y43', holderKind: 'entity',
      fields: [{ label: '许可事项', value: '食品经营许可' }, { label: '决定文号', value: `示市监食许〔2026〕${i}号` }], validFrom: '2026-12-08', validUntil: '2031-12-07',
      issuedOn: '2026-12-08', issuedAt: new Date(), issuerName: '示范区市场监督管理局', keyId: 'SCJGJ-20261208-ABCDEF', algorithm: 'SM2-with-SM3', verifyUrl: `http://localhost:3000/verify/code${i}`,
    }, defaultLicenseFont());
    sign({ typeCode: 'YC-ZZ-0031', licenseNo: String(i), version: 1, holderIdNo: '91350100M000100Y43', holderName: 'x', validFrom: '2026-12-08', validUntil: null, issuedOn: '2026-12-08', pdfSha256: sha256(pdf) }, key.privateKey);
    if (i > 0) out.push(performance.now() - t); // the first warms the font and the JIT
  }
  return out;
}

async function main() {
  const pure = await pureParts();
  const ctx = await startTestApp('pglite', { RESPONSE_SCHEMA_CHECK: 'off' });
  try {
    const clerk = await ctx.client('clerk1');
    const approver = await ctx.client('approver_scjg');
    const food = await subItemIdOf(clerk, '食品经营许可', '食品经营许可（新办）');
    const [mapping] = (await ctx.services.database.db.execute(sql`select type_id, action from license_type_sub_items where sub_item_id = ${food}`) as unknown as { rows: { type_id: number; action: string }[] }).rows;
    const withLicense: number[] = [];
    const without: number[] = [];
    let no = 1;
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < CASES; i++) {
        const issuing = i % 2 === 0;
        await ctx.services.database.db.execute(sql`delete from license_type_sub_items where sub_item_id = ${food}`);
        if (issuing) await ctx.services.database.db.execute(sql`insert into license_type_sub_items (sub_item_id, type_id, action) values (${food}, ${mapping!.type_id}, ${mapping!.action})`);
        const c = await acceptCase(clerk, food);
        await toDecision(clerk, approver, c.id);
        const t = performance.now();
        const res = await approver.post(`/api/cases/${c.id}/actions/approve`, { opinion: '符合条件，准予许可', documentNo: `示市监食许〔2026〕${no++}号` });
        const ms = performance.now() - t;
        if (res.status !== 200) throw new Error(JSON.stringify(res.body));
        if (round > 0 || i >= 2) (issuing ? withLicense : without).push(ms); // the first of each warms up
      }
    }
    const [issued] = (await ctx.services.database.db.execute(sql`select count(*)::int as n from licenses`) as unknown as { rows: { n: number }[] }).rows;
    const f = (x: number) => x.toFixed(1);
    console.log(`## E-licenses (issue 17): what issuing adds to an approval — ${new Date().toISOString().slice(0, 10)}\n`);
    console.log(`${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, in-memory PGlite, load ${os.loadavg()[0]!.toFixed(1)}; ${issued!.n} licenses issued.\n`);
    console.log('| | median | p90 | n |\n|---|---|---|---|');
    console.log(`| approve, no license (baseline) | ${f(median(without))} ms | ${f(p90(without))} ms | ${without.length} |`);
    console.log(`| approve issuing a license | ${f(median(withLicense))} ms | ${f(p90(withLicense))} ms | ${withLicense.length} |`);
    console.log(`| render PDF + SHA-256 + SM2 signature alone | ${f(median(pure))} ms | ${f(p90(pure))} ms | ${pure.length} |`);
  } finally {
    await ctx.close();
  }
}

await main();
