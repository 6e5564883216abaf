/**
 * Recognising "no more room": IndexedDB throws a QuotaExceededError (Dexie wraps it as the
 * inner error); chrome.storage rejects with a plain Error whose message names the quota.
 */

/** Thrown when the browser refuses to store more: earlier data is untouched. */
export class StorageFullError extends Error {
  constructor() {
    super('storage full');
    this.name = 'StorageFullError';
  }
}

/** True for a quota refusal from IndexedDB or extension storage, however wrapped. */
export function isQuotaError(e: unknown): boolean {
  for (
    let x = e as { name?: unknown; message?: unknown; inner?: unknown } | undefined, depth = 0;
    x && depth < 5;
    x = x.inner as typeof x, depth++
  ) {
    if (x.name === 'QuotaExceededError' || x.name === 'StorageFullError') return true;
    // Chrome: "Session storage quota bytes exceeded…", "Resource::kQuotaBytes quota exceeded".
    if (typeof x.message === 'string' && /quota/i.test(x.message)) return true;
  }
  return false;
}
