/**
 * A fresh id for one message reported to the server (8-64 of A-Z a-z 0-9 _ -), so a retried report is recorded
 * once. `crypto.randomUUID` needs a secure context; the random-bytes fallback covers a plain-http dev page.
 */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
