/** Display helpers. The service centres are in China: times are shown in Beijing time. */
const TZ = 'Asia/Shanghai';

const dateTimeFmt = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFmt.format(d);
}

export function formatTime(date: Date): string {
  return dateTimeFmt.format(date).slice(11, 16);
}

/** `YYYY-MM-DD` → day of week 0 (Mon) … 6 (Sun), computed in UTC so no time zone shifts the day. */
export function isoWeekdayIndex(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
