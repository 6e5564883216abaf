/**
 * The storage-full notice the console and the sidebar show: raised when the browser refuses a
 * write for lack of room, cleared when a write succeeds again. One mechanism for the records
 * database on disk and for the case state in session storage.
 */
import { isQuotaError } from './quota.ts';
import { storageFullItem } from './storage.ts';

/** Where a write goes: the records database on disk, or the case state in session storage. */
export type Store = 'disk' | 'session';

/** Stores that refused a write since this worker started. */
const refused = new Set<Store>();

/**
 * Remembers whether a store had room for a write, raising or clearing the notice. Room on
 * disk clears any notice, even one raised before a worker restart; session storage has its own
 * quota in memory, so its room clears only the notice its own refusal raised.
 */
export async function rememberRoom(store: Store, ok: boolean): Promise<void> {
  if (!ok) {
    refused.add(store);
    // The notice lives in extension storage, which a full disk may refuse too.
    await storageFullItem.setValue({ at: Date.now() }).catch(() => undefined);
    return;
  }
  const wasRefused = refused.delete(store);
  const clear = store === 'disk' ? (await storageFullItem.getValue()) !== null : wasRefused;
  if (clear) await storageFullItem.setValue(null).catch(() => undefined);
}

/** Runs a write: true once written, false when there was no room (other failures throw). */
export async function guardWrite(store: Store, write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
  } catch (e) {
    if (!isQuotaError(e)) throw e;
    await rememberRoom(store, false);
    return false;
  }
  await rememberRoom(store, true);
  return true;
}
