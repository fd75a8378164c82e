/**
 * The ticket a clerk is serving, handed from the window console to the intake screen. The full ID
 * number is personal data: it travels in this tab's sessionStorage, never in the URL.
 */
import type { WindowCategory } from '@common/roles';

export interface IntakeHandoff {
  ticketId: number;
  ticketNo: string;
  category: WindowCategory;
  /** the applicant's full citizen ID from the ticket, when one was given at the kiosk */
  idNo: string | null;
  /** the window the ticket is served at: the intake is recorded there too */
  windowId: number | null;
}

const KEY = 'yichuang.queue.intakeHandoff';

export function saveHandoff(h: IntakeHandoff): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(h));
  } catch {
    // storage unavailable: the intake screen still gets the ticket id from the URL
  }
}

/** The handoff for this ticket, or null (another ticket's handoff is ignored). */
export function readHandoff(ticketId: number): IntakeHandoff | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const h = JSON.parse(raw) as Partial<IntakeHandoff>;
    if (h.ticketId !== ticketId || typeof h.ticketNo !== 'string' || typeof h.category !== 'string') return null;
    return {
      ticketId,
      ticketNo: h.ticketNo,
      category: h.category,
      idNo: typeof h.idNo === 'string' && h.idNo ? h.idNo : null,
      windowId: typeof h.windowId === 'number' ? h.windowId : null,
    };
  } catch {
    return null;
  }
}

export function clearHandoff(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}
