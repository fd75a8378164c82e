/**
 * The demo district's license catalogue (证照目录, issue 17): one type per license label the material library uses
 * (`catalog_materials.license_type`, the materials a license can replace). An item issues a type when its 注销
 * sub-item takes that license back (a line of that material, in original): the item's department is
 * the issuer, and each of its sub-items acts on the license by its kind (新办 → issue, 变更 → change, 延续 → renew,
 * 补证 → reissue, 注销 → cancel). Types no item issues here (身份证, 结婚证 …) are issued elsewhere and enter by import.
 */
import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../platform/db.js';
import { licenseTypes, licenseTypeSubItems, type LicenseFieldDef } from '../modules/licenses/licenses.tables.js';

/** 有效期 (years) where the law sets one; the others are 长期有效. */
const VALIDITY_YEARS: Record<string, number> = {
  食品经营许可证: 5, 药品经营许可证: 5, 公共场所卫生许可证: 4, 医疗机构执业许可证: 5, 安全生产许可证: 3, 道路运输证: 4,
  民办学校办学许可证: 5, 建筑业企业资质证书: 5, 道路运输从业资格证: 6, 机动车驾驶证: 6, 居住证: 1, 健康证明: 1, 特种设备作业人员证: 4,
};

/** Issuers of the licenses no sub-item of the centre issues. */
const EXTERNAL_ISSUERS: Record<string, string> = {
  居民身份证: '公安机关', 居民户口簿: '公安机关', 居住证: '公安机关', 机动车行驶证: '公安机关交通管理部门', 机动车驾驶证: '公安机关交通管理部门',
  结婚证: '婚姻登记机关', 离婚证: '婚姻登记机关', 出生医学证明: '助产机构', 死亡医学证明: '医疗卫生机构', 火化证明: '殡仪馆',
  学历证书: '教育部门', 社会保障卡: '人力资源社会保障部门', 残疾人证: '残疾人联合会',
};

const PERSON_TYPES = new Set(['居民身份证', '居民户口簿', '居住证', '结婚证', '离婚证', '出生医学证明', '死亡医学证明', '火化证明', '学历证书', '社会保障卡',
  '残疾人证', '医师执业证书', '执业药师注册证', '普通话水平测试等级证书', '职业技能等级证书', '机动车驾驶证', '道路运输从业资格证', '特种设备作业人员证', '健康证明', '就业创业证']);

const FIELDS: Record<string, LicenseFieldDef[]> = {
  营业执照: [{ key: 'item', label: '登记类型' }, { key: 'subItem', label: '办理事项' }, { key: 'documentNo', label: '登记文号' }, { key: 'caseNo', label: '受理编号' }],
};
const DEFAULT_FIELDS: LicenseFieldDef[] = [{ key: 'item', label: '许可事项' }, { key: 'subItem', label: '办理事项' }, { key: 'documentNo', label: '决定文号' }, { key: 'caseNo', label: '受理编号' }];

const ACTION_OF_KIND: Record<string, string> = { new: 'issue', change: 'change', renew: 'renew', reissue: 'reissue', cancel: 'cancel' };

export async function loadDemoLicenseTypes(tx: Tx): Promise<{ types: number; issuingSubItems: number }> {
  const labels = await rows<{ name: string }>(tx, sql`select distinct license_type as name from catalog_materials where license_type is not null order by 1`);
  // items issuing each label: one of their 变更/延续/注销 sub-items has a line of a material with that label
  const issuers = await rows<{ name: string; itemId: number; departmentId: number; subjectType: string }>(tx, sql`
    select distinct m.license_type as name, i.id as "itemId", i.department_id as "departmentId", i.subject_type as "subjectType"
    from catalog_items i join catalog_sub_items s on s.item_id = i.id
    join checklist_versions v on v.sub_item_id = s.id join checklist_lines l on l.version_id = v.id
    join catalog_materials m on m.id = l.material_id
    where s.kind = 'cancel' and l.form = 'original' and m.license_type is not null
    order by 1, 2`);
  let issuing = 0;
  for (const [i, { name }] of labels.entries()) {
    const mine = issuers.filter((x) => x.name === name);
    const departmentId = mine[0]?.departmentId ?? null;
    const subjects = new Set(mine.map((x) => x.subjectType));
    const holderKind = PERSON_TYPES.has(name) ? 'person' : subjects.size === 1 && subjects.has('legal_person') ? 'entity' : 'both';
    const [t] = await tx.insert(licenseTypes).values({
      code: `YC-ZZ-${String(i + 1).padStart(4, '0')}`, name, departmentId, issuerName: departmentId ? '' : (EXTERNAL_ISSUERS[name] ?? '外部发证机关'),
      holderKind, validityYears: VALIDITY_YEARS[name] ?? null,
      numberSource: name === '营业执照' ? 'series' : 'document_no', numberPrefix: name === '营业执照' ? 'YZ' : '',
      fields: FIELDS[name] ?? DEFAULT_FIELDS,
    }).returning({ id: licenseTypes.id });
    if (!mine.length) continue;
    const subs = await rows<{ id: number; kind: string }>(tx, sql`
      select s.id, s.kind from catalog_sub_items s where s.item_id in (${sql.join(mine.map((x) => sql`${x.itemId}`), sql`, `)}) order by s.id`);
    const values = subs.filter((s) => ACTION_OF_KIND[s.kind]).map((s) => ({ subItemId: s.id, typeId: t!.id, action: ACTION_OF_KIND[s.kind]! }));
    if (values.length) await tx.insert(licenseTypeSubItems).values(values).onConflictDoNothing();
    issuing += values.length;
  }
  return { types: labels.length, issuingSubItems: issuing };
}
