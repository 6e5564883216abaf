/**
 * The centre outbox in IndexedDB: rows for ClickHouse wait here until the server has them.
 * One entry per event id, so a change queued before the last copy was sent replaces it; an
 * entry is removed only when the copy the server accepted is still the one queued.
 */
import type { RecordsDb } from './db.ts';
import { isQuotaError } from './quota.ts';
import { OUTBOX_LIMIT, type OutboxEntry } from '../knowledge/centre/outbox.ts';
import type { CentreRow } from '../knowledge/centre/rows.ts';

export interface Enqueued {
  queued: number;
  /** Rows refused because the outbox is full (or the disk is): they stay in the case records. */
  refused: number;
}

/** Queues rows (a row already queued under its id is replaced by the newer copy). */
export async function enqueue(
  db: RecordsDb,
  rows: readonly CentreRow[],
  now = Date.now(),
  limit = OUTBOX_LIMIT,
): Promise<Enqueued> {
  if (rows.length === 0) return { queued: 0, refused: 0 };
  try {
    return await db.transaction('rw', db.outbox, async () => {
      const existing = await db.outbox.bulkGet(rows.map((r) => r.id));
      let size = await db.outbox.count();
      const accepted: OutboxEntry[] = [];
      let refused = 0;
      rows.forEach((r, i) => {
        const replaces = existing[i] !== undefined;
        if (!replaces && size >= limit) return void refused++;
        if (!replaces) size++;
        accepted.push({ ...r, at: now });
      });
      await db.outbox.bulkPut(accepted);
      return { queued: accepted.length, refused };
    });
  } catch (e) {
    if (isQuotaError(e)) return { queued: 0, refused: rows.length };
    throw e;
  }
}

/** The oldest queued entries. */
export function oldest(db: RecordsDb, n: number): Promise<OutboxEntry[]> {
  return db.outbox.orderBy('at').limit(n).toArray();
}

/** Removes the entries the server accepted, unless a newer copy was queued meanwhile. */
export async function settle(db: RecordsDb, sent: readonly OutboxEntry[]): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const now = await db.outbox.bulkGet(sent.map((e) => e.id));
    const gone = sent.filter((e, i) => now[i]?.at === e.at).map((e) => e.id);
    await db.outbox.bulkDelete(gone);
  });
}

/** How many rows wait. */
export function queued(db: RecordsDb): Promise<number> {
  return db.outbox.count();
}
