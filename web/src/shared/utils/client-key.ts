/**
 * A fresh idempotency key for one submission (kept across retries of that submission, so a retried
 * or double-clicked one returns the first answer): intake, handover, a kiosk tap, a booking. Kiosks
 * often run on plain http inside the hall, where `crypto.randomUUID` is not available (secure
 * contexts only); `getRandomValues` always is.
 */
export function newClientKey(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
