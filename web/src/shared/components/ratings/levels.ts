/** Colours of the five satisfaction levels, from deep green (非常满意) to red (非常不满意), shared by faces, tags and charts. */
import type { RatingLevel } from '@common/ratings';

export const LEVEL_COLORS: Record<RatingLevel, string> = {
  1: '#1f9d55',
  2: '#5cb85c',
  3: '#e3a008',
  4: '#ef7d32',
  5: '#d64040',
};
