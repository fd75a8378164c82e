/** The license catalogue (证照目录), the departments' seal keys, imports of licenses issued elsewhere, and the 免提交 rate. */
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { parseString } from 'fast-csv';
import { normaliseCitizenId, normaliseUscc, validateCitizenId, validateUscc } from '../../../common/validators.js';
import { actorName, authorize, type Actor } from '../../platform/authz.js';
import { chinaDate } from '../../platform/clock.js';
import { rows } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { catalogRepo } from '../catalog/catalog.repository.js';
import { identityRepo } from '../identity/identity.repository.js';
import { licenseLineCounts } from '../cases/license-lines.read.js';
import type { LicenseDeps } from './licenses.service.js';
import { licensesPolicy } from './licenses.policy.js';
import type { LicenseStats, LicenseTypeView } from './licenses.schemas.js';
import { licenses, licenseTypes, sealKeys } from './licenses.tables.js';
import { recordEvent, type TypeRow } from './licenses.read.js';
import { newKey } from './seal-keys.js';

export class LicenseAdmin {
  constructor(private readonly d: LicenseDeps) {}

  // ---- the catalogue, keys, imports, statistics --------------------------------------------------------------------

  async types(actor: Actor): Promise<LicenseTypeView[]> {
    authorize(actor, licensesPolicy, 'license.read');
    const found = await rows<LicenseTypeView>(this.d.database.db, sql`
      select t.id, t.code, t.name, t.department_id as "departmentId", coalesce(nullif(t.issuer_name, ''), d.name, '') as "issuerName", t.holder_kind as "holderKind",
             t.validity_years as "validityYears", t.number_source as "numberSource", t.number_prefix as "numberPrefix", t.fields, t.active,
             coalesce((select jsonb_agg(jsonb_build_object('subItemId', s.id, 'subItemName', s.name, 'itemName', i.name, 'action', x.action) order by s.id)
                       from license_type_sub_items x join ${catalogRepo.subItemsAs('s')} on s.id = x.sub_item_id join ${catalogRepo.itemsAs('i')} on i.id = s.item_id
                       where x.type_id = t.id), '[]'::jsonb) as "subItems",
             coalesce((select jsonb_agg(jsonb_build_object('id', m.id, 'code', m.code, 'name', m.name) order by m.code)
                       from ${catalogRepo.materialsAs('m')} where m.license_type = t.name), '[]'::jsonb) as materials,
             (select count(*)::int from licenses l where l.type_id = t.id and l.status = 'valid') as issued
      from license_types t left join ${identityRepo.departmentsAs('d')} on d.id = t.department_id
      order by t.code`);
    return found;
  }

  async updateType(actor: Actor, id: number, patch: Partial<Pick<TypeRow, 'validityYears' | 'holderKind' | 'numberSource' | 'numberPrefix' | 'issuerName' | 'active'>>) {
    authorize(actor, licensesPolicy, 'license.manage');
    await this.d.database.tx(async (tx) => {
      const [before] = await tx.select().from(licenseTypes).where(eq(licenseTypes.id, id)).for('update');
      if (!before) throw new AppError('NOT_FOUND');
      const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      if (Object.keys(set).length) await tx.update(licenseTypes).set(set).where(eq(licenseTypes.id, id));
      await this.d.audit.record(tx, actor, { kind: 'license.type_updated', aggregateType: 'license_type', aggregateId: id, data: { before: { validityYears: before.validityYears, holderKind: before.holderKind, numberSource: before.numberSource, active: before.active }, after: set } });
    });
    return (await this.types(actor)).find((t) => t.id === id)!;
  }

  async keys(actor: Actor) {
    authorize(actor, licensesPolicy, 'license.manage');
    return rows<{ id: string; departmentId: number; departmentName: string; algorithm: string; publicKey: string; createdAt: Date; retiredAt: Date | null; signed: number }>(this.d.database.db, sql`
      select k.id, k.department_id as "departmentId", d.name as "departmentName", k.algorithm, k.public_key as "publicKey", k.created_at as "createdAt", k.retired_at as "retiredAt",
             (select count(*)::int from licenses l where l.key_id = k.id) as signed
      from seal_keys k join ${identityRepo.departmentsAs('d')} on d.id = k.department_id order by k.department_id, k.created_at desc`);
  }

  /** 密钥轮换: the department's active key retires (still verifying what it signed) and a new one signs from now on. */
  async rotateKey(actor: Actor, departmentId: number) {
    authorize(actor, licensesPolicy, 'license.manage');
    const now = this.d.clock.now();
    await this.d.database.tx(async (tx) => {
      if (!(await identityRepo.findDepartment(tx, departmentId))) throw new AppError('NOT_FOUND');
      const retired = await tx.update(sealKeys).set({ retiredAt: now }).where(and(eq(sealKeys.departmentId, departmentId), sql`${sealKeys.retiredAt} is null`)).returning({ id: sealKeys.id });
      const k = await newKey(tx, departmentId, now, this.d.secret());
      await this.d.audit.record(tx, actor, { kind: 'license.key_rotated', aggregateType: 'department', aggregateId: departmentId, data: { retired: retired.map((r) => r.id), active: k.id } });
    });
    return this.keys(actor);
  }

  /**
   * Licenses issued outside the platform (docs/license-import.md): one CSV row a license, entered as version 1 with
   * source `import`, unsigned by the platform (the verification page says so). A row with the type, number and holder
   * of a license already in the library is skipped, so a file imported twice adds nothing.
   */
  async importCsv(actor: Actor, csv: string, source: 'import' | 'api' = 'import') {
    authorize(actor, licensesPolicy, 'license.manage');
    const records = await parseCsv(csv);
    if (!records.length) throw new AppError('LICENSE_IMPORT_INVALID', { detail: '文件中没有证照（首行为列名，其后每行一个证照）' });
    const now = this.d.clock.now();
    const types = await rows<TypeRow & { departmentName: string | null }>(this.d.database.db, sql`
      select t.id, t.code, t.name, t.department_id as "departmentId", t.issuer_name as "issuerName", d.name as "departmentName"
      from license_types t left join ${identityRepo.departmentsAs('d')} on d.id = t.department_id`);
    const skipped: { row: number; reason: string }[] = [];
    let imported = 0;
    await this.d.database.tx(async (tx) => {
      for (const [i, r] of records.entries()) {
        const row = i + 2; // the header is row 1
        const t = types.find((x) => x.code === r['证照类型代码'] || x.name === r['证照类型名称']);
        const reason = !t ? '证照类型不存在' : checkImportRow(r);
        if (reason) { skipped.push({ row, reason }); continue; }
        const kind = (r['持证主体类别'] ?? '').trim() === '法人' || validateUscc(normaliseUscc(r['持证主体代码'] ?? '')).ok ? 'entity' : 'person';
        const idNo = kind === 'entity' ? normaliseUscc(r['持证主体代码']!) : normaliseCitizenId(r['持证主体代码']!);
        const licenseNo = r['证照编号']!.trim();
        const [dup] = await tx.select({ id: licenses.id }).from(licenses).where(and(eq(licenses.typeId, t!.id), eq(licenses.licenseNo, licenseNo), eq(licenses.holderIdNo, idNo)));
        if (dup) { skipped.push({ row, reason: '库中已有该证照' }); continue; }
        const until = (r['有效期截止'] ?? '').trim() || null;
        const today = chinaDate(now);
        const status = (r['状态'] ?? '').trim() === '注销' ? 'revoked' : until && until < today ? 'expired' : 'valid';
        const [ins] = await tx.insert(licenses).values({
          lineageId: 0, version: 1, typeId: t!.id, licenseNo, holderKind: kind, holderName: r['持证主体名称']!.trim(), holderIdNo: idNo, holderPhone: (r['联系电话'] ?? '').trim() || null,
          fields: [], issuedOn: r['颁证日期']!.trim(), validFrom: (r['有效期起始'] ?? '').trim() || r['颁证日期']!.trim(), validUntil: until, status,
          statusReason: status === 'revoked' ? '导入时已注销' : '', statusAt: status === 'valid' ? null : now,
          source, issuerName: (r['颁证单位'] ?? '').trim() || t!.issuerName || t!.departmentName || '外部发证机关', departmentId: t!.departmentId, verifyCode: randomBytes(9).toString('base64url'), createdAt: now,
        }).returning({ id: licenses.id });
        const id = Number(ins!.id);
        await tx.update(licenses).set({ lineageId: id }).where(eq(licenses.id, id));
        await recordEvent(tx, { id, lineageId: id }, now, 'import', actorName(actor), null, `导入（${source === 'api' ? '接口' : 'CSV'}），证照编号 ${licenseNo}`);
        imported += 1;
      }
      await this.d.audit.record(tx, actor, { kind: 'license.imported', aggregateType: 'license_import', aggregateId: 0, data: { rows: records.length, imported, skipped: skipped.length, source } });
    });
    return { imported, skipped };
  }

  /** 免提交率 (issue 17.8): of the checklist lines of the cases received in the period, those satisfied by a license; and how many a license could have satisfied. */
  async stats(actor: Actor, from: string, to: string): Promise<LicenseStats> {
    const scope = authorize(actor, licensesPolicy, 'license.stats');
    if (from > to || (Date.parse(to) - Date.parse(from)) / 86_400_000 > 366) throw new AppError('LICENSE_STATS_PERIOD');
    const found = await licenseLineCounts(this.d.database.db, from, to, scope.all ? null : scope.departmentIds);
    const rate = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : 0);
    const depts = new Map<number, { departmentId: number; departmentName: string; lines: number; replaceable: number; byLicense: number }>();
    const total = { lines: 0, replaceable: 0, byLicense: 0 };
    for (const r of found) {
      const x = depts.get(r.departmentId) ?? { departmentId: r.departmentId, departmentName: r.departmentName, lines: 0, replaceable: 0, byLicense: 0 };
      for (const t of [x, total]) {
        t.lines += r.lines;
        t.replaceable += r.replaceable;
        t.byLicense += r.byLicense;
      }
      depts.set(r.departmentId, x);
    }
    return {
      from, to,
      rows: found.map((r) => ({ ...r, rate: rate(r.byLicense, r.lines) })),
      departments: [...depts.values()].map((x) => ({ ...x, rate: rate(x.byLicense, x.lines) })),
      total: { ...total, rate: rate(total.byLicense, total.lines) },
    };
  }
}

const REQUIRED_COLUMNS = ['证照编号', '持证主体名称', '持证主体代码', '颁证日期'] as const;

function checkImportRow(r: Record<string, string>): string | null {
  for (const c of REQUIRED_COLUMNS) if (!(r[c] ?? '').trim()) return `缺少「${c}」`;
  const code = r['持证主体代码']!;
  if (!validateUscc(normaliseUscc(code)).ok && !validateCitizenId(normaliseCitizenId(code)).ok) return '持证主体代码不是有效的公民身份号码或统一社会信用代码';
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!day.test(r['颁证日期']!.trim())) return '颁证日期格式应为 YYYY-MM-DD';
  for (const c of ['有效期起始', '有效期截止']) if ((r[c] ?? '').trim() && !day.test(r[c]!.trim())) return `${c}格式应为 YYYY-MM-DD`;
  return null;
}

function parseCsv(text: string): Promise<Record<string, string>[]> {
  return new Promise((resolve, reject) => {
    const out: Record<string, string>[] = [];
    parseString(text.replace(/^\uFEFF/, ''), { headers: true, ignoreEmpty: true, trim: true, strictColumnHandling: false })
      .on('error', (e) => reject(new AppError('LICENSE_IMPORT_INVALID', { detail: e.message.slice(0, 100) })))
      .on('data', (r: Record<string, string>) => { if (out.length < 20_000) out.push(r); })
      .on('end', () => {
        if (out.length && !('证照编号' in out[0]!)) reject(new AppError('LICENSE_IMPORT_INVALID', { detail: '首行须为列名（见 docs/license-import.md）' }));
        else resolve(out);
      });
  });
}
