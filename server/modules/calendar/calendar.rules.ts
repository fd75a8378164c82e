/** Pure rules of the calendar module (unit-tested without a database). */
import { addDays } from '../../../common/working-days.js';

export type CoverageWarning = { kind: 'current' | 'next'; year: number } | null;

/**
 * Is the calendar about to run out? With the current year unconfirmed every deadline is provisional
 * (暂定) now; next year missing is flagged from `warnDays` before 1 January, while there is still
 * time to enter it. Neither stops work: deadlines into such a year are computed provisionally.
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
      ? `The holiday arrangement for ${w.year} is not confirmed: every deadline is provisional (statutory holidays only, no make-up days). Enter and confirm it in the working-day calendar now.`
      : `The holiday arrangement for ${w.year} is not loaded yet: deadlines reaching into ${w.year} are provisional (statutory holidays only). Once the State Council publishes it, paste the notice into the calendar and confirm the year; provisional deadlines are then recomputed.`;
  }
  return w.kind === 'current'
    ? `${w.year} 年的节假日安排尚未确认，所有期限均为暂定（仅按法定节假日计算，不含调休），请立即在工作日历中录入并确认`
    : `${w.year} 年的节假日安排尚未录入：跨入 ${w.year} 年的期限按法定节假日暂定计算。国务院办公厅公布后，请在工作日历中粘贴通知全文并确认，暂定期限将自动重算`;
}
