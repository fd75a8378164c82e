import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  NoticeParseError,
  parseHolidayNotice,
  type NoticeParse,
} from '../../server/modules/calendar/notice-parser.js';
import { completeWithStatutoryHolidays } from '../../server/modules/calendar/statutory-holidays.js';

const fixture = (year: number): string =>
  readFileSync(new URL(`../fixtures/notices/${year}.txt`, import.meta.url), 'utf8');

/** Inclusive list of dates from a to b (same year). */
function range(a: string, b: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${a}T00:00:00Z`); t <= Date.parse(`${b}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

const datesOf = (p: NoticeParse, kind: 'holiday' | 'workday'): string[] =>
  p.days.filter((d) => d.kind === kind).map((d) => d.date);

function assertNoticeError(fn: () => unknown, reason: string, messagePart?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof NoticeParseError, `expected NoticeParseError, got ${String(e)}`);
    assert.equal(e.code, 'CALENDAR_NOTICE_UNREADABLE');
    assert.equal(e.reason, reason);
    if (messagePart) assert.match(e.message, messagePart);
    return true;
  });
}

describe('parseHolidayNotice — real notices', () => {
  test('2026 notice yields exactly the published holidays and make-up days', () => {
    const p = parseHolidayNotice(fixture(2026));
    assert.equal(p.year, 2026);
    assert.deepEqual(p.warnings, []);
    assert.deepEqual(datesOf(p, 'holiday'), [
      ...range('2026-01-01', '2026-01-03'),
      ...range('2026-02-15', '2026-02-23'),
      ...range('2026-04-04', '2026-04-06'),
      ...range('2026-05-01', '2026-05-05'),
      ...range('2026-06-19', '2026-06-21'),
      ...range('2026-09-25', '2026-09-27'),
      ...range('2026-10-01', '2026-10-07'),
    ]);
    assert.deepEqual(datesOf(p, 'workday'), [
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    const name = (date: string) => p.days.find((d) => d.date === date)?.name;
    assert.equal(name('2026-01-01'), '元旦');
    assert.equal(name('2026-02-15'), '春节');
    assert.equal(name('2026-02-14'), '春节调休上班');
    assert.equal(name('2026-09-20'), '国庆节调休上班');
    assert.equal(name('2026-09-25'), '中秋节');
  });

  test('days are sorted and unique', () => {
    for (const year of [2025, 2026]) {
      const dates = parseHolidayNotice(fixture(year)).days.map((d) => d.date);
      assert.deepEqual(dates, [...new Set(dates)].sort());
    }
  });

  test('2025 notice matches the chinese-days package data for 2025', () => {
    const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as {
      holidays: Record<string, string>;
      workdays: Record<string, string>;
    };
    const of2025 = (m: Record<string, string>) => Object.keys(m).filter((d) => d.startsWith('2025-')).sort();
    const p = parseHolidayNotice(fixture(2025), 2025);
    assert.equal(p.year, 2025);
    assert.deepEqual(p.warnings, []);
    assert.ok(p.days.every((d) => d.date.startsWith('2025-')));
    assert.deepEqual(datesOf(p, 'holiday'), of2025(data.holidays));
    assert.deepEqual(datesOf(p, 'workday'), of2025(data.workdays));
    // combined section keeps its combined name
    assert.equal(p.days.find((d) => d.date === '2025-10-06')?.name, '国庆节、中秋节');
  });

  test('the same notice pasted on one line, or with wrapped lines, parses the same', () => {
    for (const year of [2025, 2026]) {
      const text = fixture(year);
      const expected = parseHolidayNotice(text).days;
      const oneLine = parseHolidayNotice(text.replace(/\s+/g, ''));
      assert.deepEqual(oneLine.days, expected);
      assert.deepEqual(oneLine.warnings, []);
      // a PDF copy breaks lines anywhere, also inside "六、国庆节、中秋节："
      const wrapped = parseHolidayNotice(text.replace(/(至|、|，)/g, '$1\n  '));
      assert.deepEqual(wrapped.days, expected);
      assert.deepEqual(wrapped.warnings, []);
    }
  });
});

describe('parseHolidayNotice — variants', () => {
  test('full-width digits and punctuation', () => {
    const p = parseHolidayNotice(
      '国务院办公厅关于２０２６年部分节假日安排的通知\n' +
        '一、元旦：１月１日（周四）至３日（周六）放假调休，共３天。１月４日（周日）上班。\n' +
        '二、春节：２月１５日（农历腊月二十八、周日）至２３日（农历正月初七、周一）放假调休，共９天。' +
        '２月１４日（周六），２月２８日（周六）上班。',
    );
    assert.equal(p.year, 2026);
    assert.deepEqual(p.warnings, []);
    assert.deepEqual(datesOf(p, 'holiday'), [...range('2026-01-01', '2026-01-03'), ...range('2026-02-15', '2026-02-23')]);
    assert.deepEqual(datesOf(p, 'workday'), ['2026-01-04', '2026-02-14', '2026-02-28']);
  });

  test('half-width punctuation, 星期 annotations, spaces and no numbering', () => {
    const p = parseHolidayNotice(
      '现将 2026 年元旦、春节放假安排通知如下:\n元旦: 1月1日 (星期四) 至 3日 (星期六) 放假调休, 共3天. 1月4日(星期日)上班.',
    );
    assert.equal(p.year, 2026);
    assert.deepEqual(p.warnings, []);
    assert.deepEqual(datesOf(p, 'holiday'), range('2026-01-01', '2026-01-03'));
    assert.deepEqual(datesOf(p, 'workday'), ['2026-01-04']);
  });

  test('cross-year 元旦 range without years: the December dates belong to the previous year', () => {
    const p = parseHolidayNotice(
      '国务院办公厅关于2019年部分节假日安排的通知\n' +
        '一、元旦：12月30日（周日）至1月1日（周二）放假调休，共3天。12月29日（周六）上班。\n' +
        '二、春节：2月4日（农历除夕、周一）至10日（农历正月初六、周日）放假调休，共7天。2月2日（周六）、2月3日（周日）上班。',
    );
    assert.equal(p.year, 2019);
    assert.deepEqual(p.warnings, []);
    assert.deepEqual(datesOf(p, 'holiday'), [
      '2018-12-30',
      '2018-12-31',
      '2019-01-01',
      ...range('2019-02-04', '2019-02-10'),
    ]);
    assert.deepEqual(datesOf(p, 'workday'), ['2018-12-29', '2019-02-02', '2019-02-03']);
    assert.equal(p.days[0]?.name, '元旦调休上班');
  });

  test('cross-year 元旦 range with explicit years', () => {
    const p = parseHolidayNotice(
      '国务院办公厅关于2023年部分节假日安排的通知\n一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。',
    );
    assert.deepEqual(p.warnings, []);
    assert.deepEqual(datesOf(p, 'holiday'), ['2022-12-31', '2023-01-01', '2023-01-02']);
  });

  test('range across months and a keyword before the dates', () => {
    const p = parseHolidayNotice(
      '国务院办公厅关于2025年部分节假日安排的通知\n二、春节：放假时间为1月28日（周二）至2月4日（周二），共8天。',
    );
    assert.deepEqual(p.warnings, []);
    assert.deepEqual(datesOf(p, 'holiday'), range('2025-01-28', '2025-02-04'));
  });

  test('preamble, title, closing paragraph and signature are ignored', () => {
    const p = parseHolidayNotice(fixture(2025));
    // the preamble mentions 自2025年1月1日起 and 自10月1日起, the signature 2024年11月12日
    assert.ok(!p.days.some((d) => d.date === '2024-11-12'));
    assert.equal(p.days.filter((d) => d.date === '2025-01-01').length, 1);
  });
});

describe('parseHolidayNotice — errors and warnings', () => {
  test('no year → NoticeParseError', () => {
    assertNoticeError(
      () => parseHolidayNotice('一、元旦：1月1日（周三）放假1天，不调休。'),
      'no-year',
      /年份/,
    );
  });

  test('no holiday → NoticeParseError', () => {
    assertNoticeError(
      () => parseHolidayNotice('国务院办公厅关于2026年部分节假日安排的通知\n经国务院批准，现将安排通知如下。'),
      'no-holiday',
      /放假日期/,
    );
  });

  test('expectedYear mismatching the notice → NoticeParseError naming both years', () => {
    assertNoticeError(() => parseHolidayNotice(fixture(2026), 2025), 'year-mismatch', /2026年.*2025年/);
    assert.equal(parseHolidayNotice(fixture(2026), 2026).year, 2026);
  });

  test('a wrong weekday annotation → a warning, the date is still taken', () => {
    const p = parseHolidayNotice(
      '国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日（周四）至3日（周五）放假调休，共3天。1月4日（周六）上班。',
    );
    assert.deepEqual(datesOf(p, 'holiday'), range('2026-01-01', '2026-01-03'));
    assert.deepEqual(datesOf(p, 'workday'), ['2026-01-04']);
    assert.equal(p.warnings.length, 2);
    assert.match(p.warnings[0] ?? '', /2026-01-03.*周五.*周六/);
    assert.match(p.warnings[1] ?? '', /2026-01-04.*周六.*周日/);
  });

  test('a mismatching 共N天 → a warning', () => {
    const p = parseHolidayNotice(
      '国务院办公厅关于2026年部分节假日安排的通知\n四、劳动节：5月1日（周五）至5日（周二）放假调休，共4天。5月9日（周六）上班。',
    );
    assert.deepEqual(datesOf(p, 'holiday'), range('2026-05-01', '2026-05-05'));
    assert.equal(p.warnings.length, 1);
    assert.match(p.warnings[0] ?? '', /劳动节.*共4天.*5天/);
  });

  test('dates whose meaning is unclear are reported, not guessed', () => {
    const p = parseHolidayNotice(
      '国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。另：1月4日（周日）。',
    );
    assert.deepEqual(datesOf(p, 'workday'), []);
    assert.equal(p.warnings.length, 1);
    assert.match(p.warnings[0] ?? '', /无法判断/);
  });

  test('a date that is both holiday and workday → a warning', () => {
    const p = parseHolidayNotice(
      '国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日至3日放假调休，共3天。1月3日上班。',
    );
    assert.equal(p.days.find((d) => d.date === '2026-01-03')?.kind, 'holiday');
    assert.equal(p.warnings.length, 1);
    assert.match(p.warnings[0] ?? '', /2026-01-03.*多次/);
  });
});

describe('a notice completed by the statutory holidays (《全国年节及纪念日放假办法》)', () => {
  const complete = (p: NoticeParse) => completeWithStatutoryHolidays(p, (date, name) => ({ date, kind: 'holiday' as const, name }));
  test('complete real notices gain nothing and no warning', () => {
    for (const year of [2025, 2026]) {
      const p = parseHolidayNotice(fixture(year));
      const c = complete(p);
      assert.deepEqual(c.days, p.days, String(year));
      assert.deepEqual(c.warnings, p.warnings, String(year));
    }
  });
  test('a notice without its later sections keeps 清明, 劳动节, 端午, 中秋 and 国庆 as holidays, each festival warned about', () => {
    const text = fixture(2026).split('三、')[0]!; // 元旦 and 春节 only
    const c = complete(parseHolidayNotice(text));
    const added = c.days.filter((d) => d.name.endsWith('（法定假日，通知未列）')).map((d) => d.date);
    assert.deepEqual(added, ['2026-04-05', '2026-05-01', '2026-05-02', '2026-06-19', '2026-09-25', '2026-10-01', '2026-10-02', '2026-10-03']);
    assert.equal(c.warnings.filter((w) => w.startsWith('通知中没有')).length, 5);
  });
  test('years before the revised 放假办法 (2025) are left as the notice reads them', () => {
    const p: NoticeParse = { year: 2024, days: [{ date: '2024-01-01', kind: 'holiday', name: '元旦' }], warnings: [] };
    assert.deepEqual(complete(p), p);
  });
  test('a statutory day a festival\'s own section leaves working is warned about, not changed', () => {
    const p = parseHolidayNotice(fixture(2026));
    const cut = { ...p, days: p.days.filter((d) => d.date !== '2026-10-02') };
    const c = complete(cut);
    assert.equal(c.days.some((d) => d.date === '2026-10-02'), false);
    assert.ok(c.warnings.some((w) => w.includes('2026-10-02') && w.includes('请核对')), JSON.stringify(c.warnings));
  });
});
