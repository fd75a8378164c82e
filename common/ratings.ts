/**
 * 好差评 code list (DOMAIN.md): satisfaction 1 非常满意 … 5 非常不满意 (the reverse of star ratings);
 * 4 and 5 are 差评. Pure. (The ratings module extends this file.)
 */
export const RATING_LEVELS = [1, 2, 3, 4, 5] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export const RATING_LEVEL_LABELS: Record<RatingLevel, { zh: string; en: string }> = {
  1: { zh: '非常满意', en: 'Very satisfied' },
  2: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  4: { zh: '不满意', en: 'Dissatisfied' },
  5: { zh: '非常不满意', en: 'Very dissatisfied' },
};

/** 差评: 不满意 and 非常不满意. */
export function isBadRating(level: number): boolean {
  return level === 4 || level === 5;
}
