import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { RecordsDb } from '../../../extension/db.ts';
import { enqueue, oldest, queued, settle } from '../../../extension/centre-outbox.ts';
import {
  backoff,
  EMPTY_STATUS,
  failed,
  nextBatch,
  succeeded,
} from '../../../knowledge/centre/outbox.ts';
import { recordRows, type CentreRow } from '../../../knowledge/centre/rows.ts';
import { generateRecords } from '../../support/records-gen.ts';

const NOW = Date.UTC(2026, 10, 30, 9);
const db = () =>
  new RecordsDb(`outbox-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
const rows = (n: number): CentreRow[] => generateRecords(n, 9).flatMap(recordRows);

describe('centre outbox', () => {
  it('keeps one entry per event: a change queued before sending replaces the older copy', async () => {
    const d = db();
    const r = rows(3);
    await enqueue(d, r, NOW);
    await enqueue(d, [{ ...r[0]!, row: { ...r[0]!.row, version: 99 } }], NOW + 1);
    expect(await queued(d)).toBe(r.length);
    const first = await d.outbox.get(r[0]!.id);
    expect(first?.row.version).toBe(99);
  });

  it('removes only what the server took: a copy queued while sending stays', async () => {
    const d = db();
    const r = rows(2);
    await enqueue(d, r, NOW);
    const sent = await oldest(d, 100);
    await enqueue(d, [r[0]!], NOW + 5);
    await settle(d, sent);
    expect((await oldest(d, 100)).map((e) => e.id)).toEqual([r[0]!.id]);
  });

  it('refuses new rows past its bound and says how many, keeping what it holds', async () => {
    const d = db();
    const r = rows(10);
    const res = await enqueue(d, r, NOW, 5);
    expect(res).toEqual({ queued: 5, refused: r.length - 5 });
    // A change of an entry it holds still fits.
    expect(
      (await enqueue(d, [{ ...r[0]!, row: { ...r[0]!.row, version: 7 } }], NOW, 5)).refused,
    ).toBe(0);
    expect(await queued(d)).toBe(5);
  });

  it('survives the database being opened again (a worker restart or a browser kill)', async () => {
    const factory = new IDBFactory();
    const name = 'outbox-restart';
    const a = new RecordsDb(name, { indexedDB: factory, IDBKeyRange });
    await enqueue(a, rows(4), NOW);
    const n = await queued(a);
    a.close();
    const b = new RecordsDb(name, { indexedDB: factory, IDBKeyRange });
    expect(await queued(b)).toBe(n);
    expect(Dexie.semVer).toBeTruthy();
  });

  it('sends a batch of one table at a time, oldest first', () => {
    const r = rows(5).map((x, i) => ({ ...x, at: NOW + i }));
    const batch = nextBatch(r, 3);
    expect(batch.length).toBeLessThanOrEqual(3);
    expect(new Set(batch.map((b) => b.table)).size).toBe(1);
    expect(batch[0]).toBe(r[0]);
  });

  it('backs off by doubling up to ten minutes, and a success clears the failure', () => {
    const fixed = () => 0;
    expect([1, 2, 3, 4].map((f) => backoff(f, fixed))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(backoff(30, fixed)).toBe(600_000);
    expect(backoff(1, () => 1)).toBe(6_000);
    const down = failed(EMPTY_STATUS, 'offline', 'no answer', NOW, fixed);
    expect(down).toMatchObject({
      failures: 1,
      nextAttemptAt: NOW + 5_000,
      lastError: { kind: 'offline' },
    });
    const up = succeeded(failed(down, 'offline', 'x', NOW, fixed), 12, NOW + 60_000);
    expect(up).toEqual({ sent: 12, failures: 0, lastSentAt: NOW + 60_000 });
  });
});
