/** The daily trend over every day of a period: days the server sent no row for count zero. */
import type { Dashboard } from '@/shared/api/supervision';
import { addDays } from './period';

export type TrendDay = Dashboard['trend'][number];

export function fillTrend(trend: TrendDay[], from: string, to: string): TrendDay[] {
  const byDay = new Map(trend.map((d) => [d.day, d]));
  const days: TrendDay[] = [];
  // at most a year and a bit of days: a longer range is shown as the server sent it
  for (let day = from, n = 0; day <= to && n < 400; day = addDays(day, 1), n++) {
    days.push(byDay.get(day) ?? { day, received: 0, decided: 0, onTimeRate: null });
  }
  return days.length >= 400 ? trend : days;
}
