/**
 * 电子受理回执: the receipt of an accepted case as a PDF. `pdf(caseId)` gathers what it prints and renders it without
 * authorising anybody, for the modules that answer for their own callers (the applicant portal, the case archive);
 * `forStaff` first checks that the actor may read the case, exactly as the case detail does.
 */
import { progressUrl } from './cases.sms.js';
import type { MaterialStatus } from '../../../common/cases.js';
import type { MaterialForm } from '../../../common/catalog.js';
import { authorize, type Actor } from '../../platform/authz.js';
import type { Database } from '../../platform/db.js';
import { rows, sql } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { provisional } from './cases.clock.js';
import { casesPolicy } from './cases.policy.js';
import { caseScopeSql, casesRepo as repo } from './cases.repository.js';
import type { ReceiptFontConfig } from './receipt.font.js';
import type { ReceiptData } from './receipt.pdf.js';

export interface ReceiptDeps {
  database: Database;
  calendar: Pick<CalendarService, 'calendar'>;
  centreName: string;
  /** PUBLIC_BASE_URL: the origin of the public progress page the QR code links to ('' = not configured) */
  publicBaseUrl: string;
  font: ReceiptFontConfig;
}

export interface ReceiptFile {
  bytes: Uint8Array;
  /** 受理回执-<case number>.pdf */
  fileName: string;
}

export class ReceiptService {
  constructor(private readonly d: ReceiptDeps) {}

  /**
   * The receipt of a case, unauthorised: NOT_FOUND when the case does not exist or has no receipt (never accepted).
   * `fallbackBaseUrl` is the origin of the progress link when PUBLIC_BASE_URL is not set (a route passes its request's).
   */
  async pdf(caseId: number, fallbackBaseUrl = ''): Promise<ReceiptFile> {
    const data = await this.data(caseId, this.d.publicBaseUrl || fallbackBaseUrl);
    // pdf-lib, fontkit and qrcode load on the first receipt, not at every start
    const { renderAcceptanceReceipt } = await import('./receipt.pdf.js');
    return { bytes: await renderAcceptanceReceipt(data, this.d.font), fileName: `受理回执-${data.caseNo}.pdf` };
  }

  /** The receipt of a case the actor may read (the case detail's scope by role, department and site); else NOT_FOUND. */
  async forStaff(actor: Actor, caseId: number, fallbackBaseUrl = ''): Promise<ReceiptFile> {
    const scope = authorize(actor, casesPolicy, 'case.read');
    const [inScope] = await rows<{ id: number }>(this.d.database.db, sql`select c.id from cases c where c.id = ${caseId} and ${caseScopeSql(scope)}`);
    if (!inScope) throw new AppError('NOT_FOUND');
    return this.pdf(caseId, fallbackBaseUrl);
  }

  /** What the receipt prints, from the case, its receipt notice, its materials and its site. */
  async data(caseId: number, baseUrl: string): Promise<ReceiptData> {
    const db = this.d.database.db;
    const [f, parts, cal] = await Promise.all([repo.receiptFacts(db, caseId), repo.detailParts(db, caseId), this.d.calendar.calendar()]);
    if (!f || !f.notice || !parts) throw new AppError('NOT_FOUND');
    const acceptedAt = new Date(f.acceptedAt ?? f.notice.issuedAt);
    return {
      centreName: this.d.centreName, noticeNo: f.notice.noticeNo, caseNo: f.caseNo, channel: f.channel, caseType: f.caseType,
      itemName: f.itemName, subItemName: f.subItemName, bundleName: parts.bundleName, departmentName: f.departmentName,
      checklistVersionNo: parts.versionNo ?? 0,
      applicant: { type: f.applicantType, name: f.applicantName, idNo: f.applicantIdNo, phone: f.applicantPhone },
      agent: f.agentName ? { name: f.agentName, idNo: f.agentIdNo ?? '' } : null,
      acceptedAt,
      promised: { limit: f.promisedLimit, unit: f.promisedUnit, due: f.promisedDue, provisional: provisional(cal, f.acceptedOn, f.promisedDue) },
      statutory: { limit: f.statutoryLimit, unit: f.statutoryUnit, due: f.statutoryDue, provisional: provisional(cal, f.acceptedOn, f.statutoryDue) },
      materials: parts.materials.map((m) => ({
        lineNo: m.lineNo, name: m.materialName, status: m.status as MaterialStatus, form: m.form as MaterialForm | null, copies: m.copies,
        dueDate: m.dueDate, sharedCaseNo: m.sharedCaseNo, licenseVersion: m.licenseVersion,
      })),
      clerk: f.notice.issuedBy,
      site: { name: f.siteName, address: f.siteAddress, hours: f.siteHours, phone: f.sitePhone },
      progressUrl: progressUrl(baseUrl, f.caseNo),
    };
  }
}
