/** Hours shown on a chart's axis: the hall's usual day (08:00–17:00) widened to every hour with data. */
const DAY_START = 8;
const DAY_END = 17;

export function hourAxis(hours: number[]): number[] {
  const from = Math.min(DAY_START, ...hours);
  const to = Math.max(DAY_END, ...hours);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
