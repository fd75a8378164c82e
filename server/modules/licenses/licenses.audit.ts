/** Audit event kinds of electronic licenses, with their labels (merged into AUDIT_KINDS). */
export const LICENSE_AUDIT_LABELS = {
  'license.issued': '签发电子证照',
  'license.changed': '变更电子证照（换发新版本）',
  'license.renewed': '延续电子证照',
  'license.reissued': '补发电子证照',
  'license.revoked': '注销（撤销）电子证照',
  'license.expired': '电子证照到期',
  'license.used': '以电子证照替代材料（用证）',
  'license.downloaded': '下载电子证照文件',
  'license.imported': '导入外部电子证照',
  'license.type_updated': '修改证照类型',
  'license.key_rotated': '轮换电子印章密钥',
} as const satisfies Record<string, string>;
