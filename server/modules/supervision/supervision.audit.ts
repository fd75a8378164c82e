/** Audit event kinds of the supervision module with their labels (merged into AUDIT_KINDS). */
export const SUPERVISION_AUDIT_LABELS = {
  'alert.opened': '产生预警',
  'alert.investigate': '核查预警',
  'alert.comment': '预警备注',
  'alert.close': '办结预警',
  'docno.registered': '登记文号',
  'docno.off_platform': '体外登记结果',
  'docno.gap_explained': '说明缺号',
  'docno.series_created': '新建文号序列',
  'docno.series_updated': '修改文号序列',
  'lights.rule_set': '设置亮灯规则',
  'lights.rule_removed': '删除事项亮灯规则',
  'supervision.scan': '监察巡检',
} as const satisfies Record<string, string>;
