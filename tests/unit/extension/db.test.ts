import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import {
  RecordsDb,
  SCHEMAS,
  StorageFullError,
  purge,
  saveGap,
  saveImport,
  saveRecord,
} from '../../../extension/db.ts';
import type { CaseRecord } from '../../../knowledge/records/records.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 29);

const record = (caseId: string, endedAt: number, agentId = 'A1'): CaseRecord => ({
  v: 1,
  caseId,
  agentId,
  channel: 'chat',
  caseType: 'inquiry',
  role: 'agent',
  startedAt: endedAt - 60_000,
  endedAt,
  steps: [{ id: 'greet', done: true, how: 'auto', at: endedAt - 50_000 }],
  alerts: [],
});

const fresh = () => ({ indexedDB: new IDBFactory(), IDBKeyRange });

describe('records database', () => {
  it('upgrades a version-1 database without losing a record or a gap report', async () => {
    const deps = fresh();
    const v1 = new Dexie('sop-copilot', deps);
    v1.version(1).stores(SCHEMAS[0]);
    const old = [record('c1', NOW - DAY), record('c2', NOW - 2 * DAY, 'A2')];
    await v1.table('records').bulkPut(old);
    await v1.table('gaps').add({ at: NOW - DAY, agentId: 'A1', note: '缺少提前支取的说明' });
    v1.close();

    const db = new RecordsDb('sop-copilot', deps);
    await db.open();
    expect(db.verno).toBe(SCHEMAS.length);
    expect(await db.records.orderBy('startedAt').toArray()).toEqual([old[1], old[0]]);
    const [gap] = await db.gaps.toArray();
    expect(gap).toMatchObject({ note: '缺少提前支取的说明', status: 'open' });
    // The new index works on the old rows.
    expect(
      await db.records
        .where('endedAt')
        .below(NOW - DAY)
        .count(),
    ).toBe(1);
    db.close();
  });

  it('keeps one copy of a case saved twice, and purges what is past retention', async () => {
    const db = new RecordsDb('t', fresh());
    await saveRecord(db, record('c1', NOW - 40 * DAY), 90, NOW);
    await saveRecord(db, record('c1', NOW - 40 * DAY), 90, NOW);
    await saveRecord(db, record('c2', NOW - DAY), 90, NOW);
    expect(await db.records.count()).toBe(2);
    await saveGap(db, { at: NOW - 40 * DAY, agentId: 'A1', note: 'x' }, 90, NOW);
    expect(await purge(db, 30, NOW)).toBe(2);
    expect((await db.records.toArray()).map((r) => r.caseId)).toEqual(['c2']);
    expect(await db.gaps.count()).toBe(0);
  });

  it('keeps imported team exports, under the same retention as the records', async () => {
    const db = new RecordsDb('t', fresh());
    await saveImport(db, {
      name: 'agent-B02.csv',
      at: NOW - 40 * DAY,
      records: [record('b1', NOW - 40 * DAY, 'B02'), record('b2', NOW - DAY, 'B02')],
      refused: [],
    });
    await saveImport(db, {
      name: 'agent-C03.json',
      at: NOW - 40 * DAY,
      records: [record('c1', NOW - 35 * DAY, 'C03')],
      refused: [],
    });
    expect(await purge(db, 30, NOW)).toBe(2);
    const files = await db.imports.toArray();
    expect(files.map((f) => [f.name, f.records.map((r) => r.caseId)])).toEqual([
      ['agent-B02.csv', ['b2']],
    ]);
  });

  it('reports a full disk clearly and keeps what was already saved', async () => {
    const db = new RecordsDb('t', fresh());
    await saveRecord(db, record('c1', NOW), 90, NOW);
    db.records.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await expect(saveRecord(db, record('c2', NOW), 90, NOW)).rejects.toBeInstanceOf(
      StorageFullError,
    );
    expect((await db.records.toArray()).map((r) => r.caseId)).toEqual(['c1']);
  });
});
