/**
 * The demo district (示范区): a fictional district centre modelled on the Liwan reform — 19
 * departments, one district centre with 9 intake and 2 delivery windows, 5 street centres and
 * their community stations, and staff of every role. Deterministic: same input, same data.
 */
import type { Role, SiteLevel, WindowCategory, WindowKind } from '../../common/roles.js';

export const DEMO_PASSWORD = 'Demo@2026';

export const DEMO_DEPARTMENTS: { code: string; name: string; shortName: string }[] = [
  { code: 'FGJ', name: '示范区发展和改革局', shortName: '发改局' },
  { code: 'JYJ', name: '示范区教育局', shortName: '教育局' },
  { code: 'GAFJ', name: '示范区公安分局', shortName: '公安分局' },
  { code: 'MZJ', name: '示范区民政局', shortName: '民政局' },
  { code: 'SFJ', name: '示范区司法局', shortName: '司法局' },
  { code: 'RSJ', name: '示范区人力资源和社会保障局', shortName: '人社局' },
  { code: 'GZFJ', name: '示范区规划和自然资源分局', shortName: '规自分局' },
  { code: 'ZJJ', name: '示范区住房和城乡建设局', shortName: '住建局' },
  { code: 'JTJ', name: '示范区交通运输局', shortName: '交通局' },
  { code: 'SWJ', name: '示范区水务局', shortName: '水务局' },
  { code: 'NYJ', name: '示范区农业农村局', shortName: '农业农村局' },
  { code: 'SWUJ', name: '示范区商务局', shortName: '商务局' },
  { code: 'WGLTJ', name: '示范区文化广电旅游体育局', shortName: '文广旅体局' },
  { code: 'WJJ', name: '示范区卫生健康局', shortName: '卫健局' },
  { code: 'TYJRJ', name: '示范区退役军人事务局', shortName: '退役军人局' },
  { code: 'YJJ', name: '示范区应急管理局', shortName: '应急局' },
  { code: 'SCJGJ', name: '示范区市场监督管理局', shortName: '市场监管局' },
  { code: 'CGJ', name: '示范区城市管理和综合执法局', shortName: '城管局' },
  { code: 'YBJ', name: '示范区医疗保障局', shortName: '医保局' },
];

export interface DemoSite {
  code: string;
  name: string;
  level: SiteLevel;
  parent: string | null;
  address: string;
  phone: string;
  hours: string;
}

const HOURS_CENTRE = '周一至周五 9:00–12:00，13:30–17:30（法定节假日除外）；周六 9:00–12:00 仅办理公民类事项';
const HOURS_STREET = '周一至周五 9:00–12:00，14:00–17:30（法定节假日除外）';
const HOURS_COMMUNITY = '周一至周五 9:00–12:00，14:00–17:00';

const STREETS: { code: string; name: string; road: string; communities: [string, string][] }[] = [
  { code: 'DH', name: '东湖街道', road: '东湖路 18 号', communities: [['HB', '湖滨社区'], ['DF', '东风社区']] },
  { code: 'XG', name: '西关街道', road: '西关大街 102 号', communities: [['LH', '荔湾社区'], ['BH', '宝华社区'], ['DY', '多宝社区']] },
  { code: 'NA', name: '南岸街道', road: '南岸路 66 号', communities: [['JB', '江边社区'], ['HZ', '花地社区']] },
  { code: 'BY', name: '北苑街道', road: '北苑二路 9 号', communities: [['QY', '青园社区'], ['YK', '悦康社区']] },
  { code: 'ZS', name: '中山街道', road: '中山七路 300 号', communities: [['XY', '新苑社区'], ['HD', '华德社区'], ['CH', '昌华社区']] },
];

export const DEMO_SITES: DemoSite[] = [
  { code: 'QZX', name: '示范区政务服务中心', level: 'district', parent: null, address: '示范区中心大道 1 号政务服务大楼 1–3 层', phone: '020-12345678', hours: HOURS_CENTRE },
  ...STREETS.flatMap((s, i): DemoSite[] => [
    { code: `JD-${s.code}`, name: `${s.name}政务服务中心`, level: 'street', parent: 'QZX', address: `示范区${s.road}`, phone: `020-1234570${i + 1}`, hours: HOURS_STREET },
    ...s.communities.map(([code, name], j): DemoSite => ({
      code: `SQ-${s.code}-${code}`, name: `${name}政务服务站`, level: 'community', parent: `JD-${s.code}`,
      address: `示范区${s.name}${name}党群服务中心一楼`, phone: `020-123458${i + 1}${j + 1}`, hours: HOURS_COMMUNITY,
    })),
  ]),
];

export interface DemoWindow { site: string; code: string; name: string; kind: WindowKind; categories: WindowCategory[] }

export const DEMO_WINDOWS: DemoWindow[] = [
  // District centre: 9 general intake windows (前台综合受理) and 2 delivery windows (统一窗口出件).
  { site: 'QZX', code: 'A01', name: '1号窗口', kind: 'intake', categories: ['engineering'] },
  { site: 'QZX', code: 'A02', name: '2号窗口', kind: 'intake', categories: ['engineering'] },
  { site: 'QZX', code: 'A03', name: '3号窗口', kind: 'intake', categories: ['business'] },
  { site: 'QZX', code: 'A04', name: '4号窗口', kind: 'intake', categories: ['business'] },
  { site: 'QZX', code: 'A05', name: '5号窗口', kind: 'intake', categories: ['business'] },
  { site: 'QZX', code: 'A06', name: '6号窗口', kind: 'intake', categories: ['citizen'] },
  { site: 'QZX', code: 'A07', name: '7号窗口', kind: 'intake', categories: ['citizen'] },
  { site: 'QZX', code: 'A08', name: '8号窗口', kind: 'intake', categories: ['citizen'] },
  { site: 'QZX', code: 'A09', name: '9号窗口（综合）', kind: 'intake', categories: ['engineering', 'business', 'citizen'] },
  { site: 'QZX', code: 'C01', name: '出件1号窗口', kind: 'delivery', categories: ['engineering', 'business', 'citizen'] },
  { site: 'QZX', code: 'C02', name: '出件2号窗口', kind: 'delivery', categories: ['engineering', 'business', 'citizen'] },
  ...STREETS.flatMap((s): DemoWindow[] => [
    { site: `JD-${s.code}`, code: 'J01', name: '1号窗口', kind: 'both', categories: ['business', 'citizen'] },
    { site: `JD-${s.code}`, code: 'J02', name: '2号窗口', kind: 'both', categories: ['citizen'] },
    ...s.communities.map(([code]): DemoWindow => ({ site: `SQ-${s.code}-${code}`, code: 'S01', name: '综合服务窗口', kind: 'both', categories: ['citizen'] })),
  ]),
];

export interface DemoUser { username: string; displayName: string; roles: Role[]; department: string | null; site: string | null; phone: string }

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['system_admin'], department: null, site: 'QZX', phone: '13800000001' },
  { username: 'guide1', displayName: '陈晓雯', roles: ['guide'], department: null, site: 'QZX', phone: '13800000011' },
  { username: 'guide2', displayName: '黄志强', roles: ['guide'], department: null, site: 'QZX', phone: '13800000012' },
  ...Array.from({ length: 9 }, (_, i): DemoUser => ({
    username: `clerk${i + 1}`,
    displayName: ['李慧敏', '张伟', '刘芳', '杨洋', '赵磊', '周婷', '吴俊', '郑丽', '孙浩'][i]!,
    roles: ['intake_clerk'], department: null, site: 'QZX', phone: `138000001${String(i + 1).padStart(2, '0')}`,
  })),
  { username: 'clerk_dh', displayName: '何嘉欣', roles: ['intake_clerk', 'delivery_clerk'], department: null, site: 'JD-DH', phone: '13800000131' },
  { username: 'delivery1', displayName: '林晓东', roles: ['delivery_clerk'], department: null, site: 'QZX', phone: '13800000201' },
  { username: 'delivery2', displayName: '罗美玲', roles: ['delivery_clerk'], department: null, site: 'QZX', phone: '13800000202' },
  { username: 'approver_scjg', displayName: '梁振华', roles: ['approver'], department: 'SCJGJ', site: null, phone: '13800000301' },
  { username: 'approver_scjg2', displayName: '谢文静', roles: ['approver'], department: 'SCJGJ', site: null, phone: '13800000302' },
  { username: 'approver_wjj', displayName: '宋建明', roles: ['approver'], department: 'WJJ', site: null, phone: '13800000311' },
  { username: 'approver_zjj', displayName: '唐国栋', roles: ['approver'], department: 'ZJJ', site: null, phone: '13800000321' },
  { username: 'approver_rsj', displayName: '许秀英', roles: ['approver'], department: 'RSJ', site: null, phone: '13800000331' },
  { username: 'approver_mzj', displayName: '邓丽华', roles: ['approver'], department: 'MZJ', site: null, phone: '13800000341' },
  { username: 'inspector_scjg', displayName: '冯德胜', roles: ['inspector'], department: 'SCJGJ', site: null, phone: '13800000401' },
  { username: 'inspector_wjj', displayName: '曾海涛', roles: ['inspector'], department: 'WJJ', site: null, phone: '13800000402' },
  { username: 'supervisor1', displayName: '钟明远', roles: ['supervisor'], department: null, site: 'QZX', phone: '13800000501' },
  { username: 'jijian1', displayName: '彭正清', roles: ['discipline_inspector'], department: null, site: null, phone: '13800000601' },
  { username: 'catalog1', displayName: '蔡雅琪', roles: ['catalog_admin'], department: null, site: 'QZX', phone: '13800000701' },
  { username: 'editor_scjg', displayName: '潘志刚', roles: ['dept_catalog_editor'], department: 'SCJGJ', site: null, phone: '13800000801' },
  { username: 'editor_wjj', displayName: '董欣怡', roles: ['dept_catalog_editor'], department: 'WJJ', site: null, phone: '13800000802' },
];
