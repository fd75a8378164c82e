/**
 * Fictional applicants of the demo history: people with valid 公民身份号码 (GB 11643 check digit),
 * businesses with valid 统一社会信用代码 (GB 32100, with a valid GB 11714 organisation code inside),
 * mobile numbers, addresses. Deterministic through the caller's Random.
 */
import { citizenIdCheckChar, orgCodeCheckChar, usccCheckChar } from '../../../common/validators.js';
import type { Random } from './random.js';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力斌宇浩凯鹏婷雪琳晨欣怡子涵梓轩宇航嘉俊志坚慧颖佳琪思远晓峰海燕春梅国庆永健少华锦荣家豪振宁雅文';
/** 区划代码: mostly the district's own city, some from elsewhere (people who moved here). */
const REGIONS: [string, number][] = [
  ['440103', 40], ['440104', 12], ['440105', 10], ['440106', 8], ['440111', 6], ['440606', 5], ['441302', 3], ['445202', 3],
  ['430102', 3], ['450103', 3], ['360102', 2], ['510104', 2], ['420106', 2], ['350102', 1],
];
const STREETS = ['东湖路', '西关大街', '南岸路', '北苑二路', '中山七路', '逢源路', '多宝路', '宝华路', '龙津西路', '荔湾路', '康王中路', '芳村大道'];
const TRADE = ['好味道', '悦来', '鸿运', '聚福', '百草堂', '康泰', '锦绣', '新意', '启航', '华盛', '德信', '永安', '恒达', '润丰', '和顺', '嘉禾', '同心', '云上', '青禾', '乐活', '匠心', '安居', '瑞祥', '优品'];
const TRADE_KIND: Record<string, string[]> = {
  business: ['餐饮管理', '食品贸易', '商贸', '药房', '美容美发', '电子科技', '文化传播', '物业管理', '酒店管理', '健身服务'],
  engineering: ['建筑工程', '装饰工程', '市政工程', '机电安装', '建设发展', '园林绿化'],
  citizen: ['家政服务', '养老服务', '托育服务', '人力资源', '社区服务'],
};

export interface Person {
  name: string;
  idNo: string;
  phone: string;
  address: string;
}

export interface Entity {
  name: string;
  idNo: string; // USCC
  phone: string;
  address: string;
}

export class People {
  private used = new Set<string>();

  constructor(private readonly r: Random) {}

  name(): string {
    const n = this.r.chance(0.35) ? 1 : 2;
    let given = '';
    for (let i = 0; i < n; i++) given += this.r.pick([...GIVEN]);
    return this.r.pick([...SURNAMES]) + given;
  }

  phone(): string {
    const prefix = this.r.pick(['135', '136', '137', '138', '139', '150', '151', '152', '158', '159', '186', '187', '188', '133', '153', '180', '189', '130', '131', '132', '155', '156', '185', '166', '177', '199']);
    return prefix + String(this.r.int(0, 99_999_999)).padStart(8, '0');
  }

  address(): string {
    return `示范区${this.r.pick(STREETS)}${this.r.int(1, 388)}号${this.r.chance(0.6) ? `${this.r.int(1, 30)}${String(this.r.int(1, 8)).padStart(2, '0')}房` : ''}`;
  }

  /** A citizen ID for someone born between the given ages (today's year given). */
  citizenId(year: number, minAge = 20, maxAge = 75): string {
    for (;;) {
      const region = this.r.weighted(REGIONS);
      const y = year - this.r.int(minAge, maxAge);
      const m = this.r.int(1, 12);
      const d = this.r.int(1, 28);
      const seq = String(this.r.int(1, 999)).padStart(3, '0');
      const first17 = `${region}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${seq}`;
      const id = first17 + citizenIdCheckChar(first17);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  person(year: number, minAge?: number, maxAge?: number): Person {
    return { name: this.name(), idNo: this.citizenId(year, minAge, maxAge), phone: this.phone(), address: this.address() };
  }

  /** A 统一社会信用代码 of a company registered in the district (91 + 区划 + organisation code + check). */
  uscc(): string {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (;;) {
      let body = '';
      for (let i = 0; i < 8; i++) body += i < 2 ? this.r.pick([...'MA0123456789']) : alphabet[this.r.int(0, 9)];
      const org = body + orgCodeCheckChar(body);
      if (!/^[0-9A-HJ-NPQRTUWXY]{9}$/.test(org)) continue;
      const first17 = `91${this.r.pick(['440103', '440103', '440103', '440104', '440106'])}${org}`;
      const code = first17 + usccCheckChar(first17);
      if (!this.used.has(code)) {
        this.used.add(code);
        return code;
      }
    }
  }

  entity(category: string): Entity {
    const kinds = TRADE_KIND[category] ?? TRADE_KIND.business!;
    const trade = this.r.pick(TRADE) + (this.r.chance(0.5) ? this.r.pick(TRADE).slice(0, 1) : '');
    return { name: `示范区${trade}${this.r.pick(kinds)}有限公司`, idNo: this.uscc(), phone: this.phone(), address: this.address() };
  }
}
