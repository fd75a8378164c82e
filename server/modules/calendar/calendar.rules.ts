/** Pure rules of the calendar module (unit-tested without a database). */
import { addDays } from '../../../common/working-days.js';

export type CoverageWarning = { kind: 'current' | 'next'; year: number } | null;

/**
 * Is the calendar about to run out? The current year missing stops deadline arithmetic now; next
 * year missing is flagged from `warnDays` before 1 January, while there is still time to enter it.
 */
export function coverageWarning(today: string, isCovered: (year: number) => boolean, warnDays: number): CoverageWarning {
  const year = Number(today.slice(0, 4));
  if (!isCovered(year)) return { kind: 'current', year };
  if (!isCovered(year + 1) && today >= addDays(`${year + 1}-01-01`, -warnDays)) return { kind: 'next', year: year + 1 };
  return null;
}

export function coverageWarningText(w: CoverageWarning, lang: 'zh' | 'en'): string | null {
  if (!w) return null;
  if (lang === 'en') {
    return w.kind === 'current'
      ? `The holiday arrangement for ${w.year} is not loaded: deadlines cannot be computed. Enter and confirm it in the working-day calendar now.`
      : `The holiday arrangement for ${w.year} is not loaded yet: once the State Council publishes it, enter the holidays and make-up working days in the calendar and confirm the year, or deadlines crossing into ${w.year} cannot be computed.`;
  }
  return w.kind === 'current'
    ? `${w.year} 年的节假日安排尚未录入，期限计算已停止，请立即在工作日历中录入并确认`
    : `${w.year} 年的节假日安排尚未录入：国务院办公厅公布后，请在工作日历中录入放假和调休日期并确认，否则跨年期限将无法计算`;
}
