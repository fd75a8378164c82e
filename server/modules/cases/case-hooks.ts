/**
 * What other modules do inside a case transaction, without the case module knowing them:
 * supervision checks a decision's document number; 好差评 invites a rating after a visit and
 * after completion. Each hook runs in the caller's transaction (a refusal rolls the action back).
 */
import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.js';
import type { Executor, Tx } from '../../platform/db.js';

export interface DocumentNumberHook {
  /** Checks and records a decision's document number; throws (refusing the decision) for a duplicate. Returns the normalised number. */
  registerDecision(tx: Tx, actor: Actor, c: { id: number; caseNo: string; departmentId: number }, documentNo: string): Promise<string>;
  /** after a decision was refused with DOCNO_DUPLICATE (its transaction rolled back): alert the attempt */
  recordRefusedDuplicate(actor: Actor, c: { id: number; caseNo: string; departmentId: number }, documentNo: string): Promise<void>;
}

export interface LightRuleHook {
  /**
   * The yellow-light days of a case as SQL over its item id and the limit they are a share of: the item's rule or
   * the centre's, read from the rules when the statement runs (nothing about them is stored on the case).
   */
  yellowDaysSql(itemId: SQL, limit: SQL): SQL;
}

export interface RatingHooks {
  /** after a window visit (any outcome): the acceptance-stage invitation (一次一评) */
  inviteForVisit(tx: Tx, visitId: number): Promise<void>;
  /** after a 承诺件 closes by collection or mailing: the completion-stage invitation */
  inviteForCompletion(tx: Tx, caseId: number): Promise<void>;
  /** the invitations of the case row `c` for the public progress page: a subquery giving a JSON array of RatingInvitationView */
  forProgressSql(): SQL;
}

/** 电子证照 (the licenses module): licenses used in place of materials at intake, and licenses issued from decisions. */
export interface LicenseHook {
  /**
   * Before the intake's transaction: each use names a valid license of the applicant (holder) of the line's license
   * type; answers each material's license version, or throws (a revoked, changed or expired license cannot be used).
   */
  checkUses(
    ex: Executor, holderIdNo: string, uses: { materialId: number; materialName: string; licenseType: string; licenseId: number }[], today: string,
    /** 网上申办 by an account not verified by the identity service: the license must carry this phone as the holder's */
    holderPhone?: string | null,
  ): Promise<Map<number, { licenseId: number; version: number }>>;
  /** In the intake's transaction: the uses recorded on the licenses (用证记录), each checked again under a lock. */
  recordUses(
    tx: Tx, actor: Actor, c: { caseId: number; caseNo: string; channel: string; siteId: number; departmentId: number; holderIdNo: string },
    uses: { licenseId: number; lineNo: number; materialName: string }[], now: Date,
  ): Promise<void>;
  /** In the decision's transaction: an approved case of an issuing sub-item issues, changes, renews, reissues or cancels the holder's license. */
  onApproved(tx: Tx, actor: Actor, c: LicensedCase, documentNo: string, now: Date, today: string): Promise<void>;
}

/** What a license is made of, of the approved case. */
export interface LicensedCase {
  id: number;
  caseNo: string;
  subItemId: number;
  departmentId: number;
  applicantType: string;
  applicantName: string;
  applicantIdNo: string;
  applicantPhone: string;
}
