/** Audit event kinds of the ratings module with their labels (merged into AUDIT_KINDS). */
export const RATING_AUDIT_LABELS = {
  'rating.invited': '发出评价邀请',
  'rating.rated': '收到服务评价',
  'rating.defaulted': '默认评价',
  'rectification.opened': '差评整改：生成工单',
  'rectification.verify': '差评整改：核实情况',
  'rectification.rectify': '差评整改：整改并答复',
  'rectification.revisit': '差评整改：回访',
  'rectification.appeal': '差评整改：申诉',
  'rectification.decide_appeal': '差评整改：审核申诉',
  'rectification.rater_viewed': '差评整改：查看评价人联系方式',
} as const satisfies Record<string, string>;
