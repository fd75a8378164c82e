/**
 * A fresh idempotency key for a kiosk tap. Kiosks often run on plain http inside the hall, where
 * `crypto.randomUUID` is not available (secure contexts only); `getRandomValues` always is.
 */
export function kioskClientKey(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
