/**
 * Shapes of the 好差评 API. (The ratings module extends this file; the case module only uses
 * RatingInvitationView on the public progress page.)
 */
import type { RatingLevel } from './ratings.js';

/** A service the applicant may rate, as the applicant sees it (never shows the rater's data back). */
export interface RatingInvitationView {
  token: string;
  stage: 'acceptance' | 'completion';
  subject: string;
  siteName: string;
  windowName: string | null;
  createdAt: string;
  rated: boolean;
  level: RatingLevel | null;
}
