/**
 * 调取网上申办 at the window: by the 申办流水号 the applicant shows, or from the ticket being served (booked with the
 * number). A passed (or already accepted) application opens the window acceptance, with the window and ticket it is
 * recorded at; one still in pre-review opens its pre-review.
 */
import type { Router } from 'vue-router';
import { prereviewsApi } from '@/shared/api/prereviews';

export interface RetrieveAt {
  windowId?: number | null;
  ticketId?: number | null;
  ticketNo?: string | null;
}

export async function retrieveOnline(router: Router, by: { no?: string; ticketId?: number }, at: RetrieveAt = {}): Promise<void> {
  const app = await prereviewsApi.lookup(by.no ? { no: by.no.trim() } : { ticketId: by.ticketId });
  if (app.status !== 'passed' && app.status !== 'accepted') {
    await router.push({ name: 'prereview-detail', params: { id: app.id } });
    return;
  }
  const query: Record<string, string> = {};
  if (at.windowId) query.windowId = String(at.windowId);
  if (at.ticketId) query.ticketId = String(at.ticketId);
  if (at.ticketNo) query.ticketNo = at.ticketNo;
  await router.push({ name: 'prereview-accept', params: { id: app.id }, query });
}
