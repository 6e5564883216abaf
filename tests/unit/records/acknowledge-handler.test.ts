import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RecordsDb } from '../../../extension/db.ts';
import type { CaseRecord } from '../../../knowledge/records/records.ts';

// The background's settings and storage-full notice are extension storage; plain values here.
const env = vi.hoisted(() => ({
  agentId: 'A1',
  db: undefined as unknown as RecordsDb,
  notice: null as { at: number } | null,
}));
vi.mock('../../../extension/storage.ts', () => ({
  getSettings: () => Promise.resolve({ agentId: env.agentId, retentionDays: 90 }),
  storageFullItem: {
    getValue: () => Promise.resolve(env.notice),
    setValue: (v: { at: number } | null) => {
      env.notice = v;
      return Promise.resolve();
    },
  },
}));
vi.mock('../../../extension/packs.ts', () => ({
  loadPacks: () => Promise.resolve([]),
  packsForCase: () => [],
}));
vi.mock('../../../extension/db.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../extension/db.ts')>()),
  openDb: () => env.db,
}));

const { onMyRecords, onRecordAcknowledge, onRecordReview, saveChangedRecord } =
  await import('../../../entrypoints/background/handlers/records.ts');
const { StorageFullError } = await import('../../../extension/quota.ts');

const T0 = Date.UTC(2026, 10, 20, 2);
const score = (n: number): CaseRecord['score'] => ({
  scorecardId: 'qa',
  score: n,
  items: [
    { id: 'greet', title: '开场问候', applies: true, passed: n === 100, points: n / 10, max: 10 },
  ],
});
const record = (caseId: string, agentId: string, endedAt: number, n?: number): CaseRecord => ({
  v: 1,
  caseId,
  agentId,
  channel: 'chat',
  caseType: 'inquiry',
  role: 'agent',
  startedAt: endedAt - 60_000,
  endedAt,
  steps: [{ id: 'greet', done: n === 100 }],
  alerts: [],
  ...(n !== undefined ? { score: score(n) } : {}),
});
const keyOf = (r: CaseRecord) => ({
  caseId: r.caseId,
  agentId: r.agentId,
  startedAt: r.startedAt,
});

describe('the agent answers a score', () => {
  const mine = record('c1', 'A1', T0, 80);
  beforeEach(async () => {
    env.db = new RecordsDb('t', { indexedDB: new IDBFactory(), IDBKeyRange });
    env.agentId = 'A1';
    env.notice = null;
    await env.db.records.bulkPut([
      mine,
      record('c2', 'A2', T0 + 1_000, 90),
      record('c3', 'A1', T0 + 2_000),
      record('c4', 'A1', T0 + 3_000, 100),
    ]);
  });

  it("lists the agent's scored cases in this browser, newest first, or all without an agent id", async () => {
    expect((await onMyRecords({})).map((r) => r.caseId)).toEqual(['c4', 'c1']);
    expect((await onMyRecords({ limit: 1 })).map((r) => r.caseId)).toEqual(['c4']);
    env.agentId = '';
    expect((await onMyRecords({})).map((r) => r.caseId)).toEqual(['c4', 'c2', 'c1']);
  });

  it('stores an acknowledgement and answers the record', async () => {
    const next = await onRecordAcknowledge({ key: keyOf(mine), state: 'acknowledged' });
    expect(next?.acknowledgement).toMatchObject({ state: 'acknowledged' });
    expect((await env.db.records.get(['c1', 'A1', mine.startedAt]))?.acknowledgement).toEqual(
      next?.acknowledgement,
    );
  });

  it('needs a reason for a dispute, and masks it', async () => {
    await expect(
      onRecordAcknowledge({ key: keyOf(mine), state: 'disputed', reason: '  ' }),
    ).rejects.toThrow(/reason/);
    expect((await env.db.records.get(['c1', 'A1', mine.startedAt]))?.acknowledgement).toBe(
      undefined,
    );
    const next = await onRecordAcknowledge({
      key: keyOf(mine),
      state: 'disputed',
      reason: '客户 13812345678 已确认问候',
    });
    expect(next?.acknowledgement?.state).toBe('disputed');
    expect(next?.acknowledgement?.reason).not.toContain('13812345678');
    expect((await env.db.records.get(['c1', 'A1', mine.startedAt]))?.acknowledgement).toEqual(
      next?.acknowledgement,
    );
  });

  it('answers null for an unknown case, and refuses malformed input and unscored cases', async () => {
    expect(
      await onRecordAcknowledge({ key: { ...keyOf(mine), caseId: 'nope' }, state: 'acknowledged' }),
    ).toBeNull();
    await expect(
      onRecordAcknowledge({ key: keyOf(mine), state: 'maybe' } as never),
    ).rejects.toThrow(/refused/);
    await expect(
      onRecordAcknowledge({ key: { caseId: 'c1' }, state: 'acknowledged' } as never),
    ).rejects.toThrow(/refused/);
    await expect(
      onRecordAcknowledge({ key: keyOf(mine), state: 'disputed', reason: 7 } as never),
    ).rejects.toThrow(/refused/);
    const unscored = record('c3', 'A1', T0 + 2_000);
    await expect(
      onRecordAcknowledge({ key: keyOf(unscored), state: 'acknowledged' }),
    ).rejects.toThrow(/no score/);
  });

  it('does not answer for a copy in a kept team export (only this browser’s own cases)', async () => {
    const theirs = record('b1', 'B02', T0, 70);
    await env.db.imports.add({ name: 'b.json', at: T0, records: [theirs], refused: [] });
    expect(await onRecordAcknowledge({ key: keyOf(theirs), state: 'acknowledged' })).toBeNull();
  });
});

describe('saving a changed record', () => {
  beforeEach(() => {
    env.db = new RecordsDb('t', { indexedDB: new IDBFactory(), IDBKeyRange });
    env.notice = null;
  });

  it('writes where the stored copy is: own records or the kept team export', async () => {
    const own = record('c1', 'A1', T0, 80);
    const theirs = record('b1', 'B02', T0, 70);
    await env.db.records.put(own);
    const id = await env.db.imports.add({
      name: 'b.json',
      at: T0,
      records: [record('b0', 'B02', T0 - 1), theirs],
      refused: [],
    });
    await saveChangedRecord({ ...own, notes: 'changed' });
    expect((await env.db.records.get(['c1', 'A1', own.startedAt]))?.notes).toBe('changed');
    await saveChangedRecord({ ...theirs, notes: 'changed too' });
    const file = await env.db.imports.get(id);
    expect(file?.records.map((r) => r.notes)).toEqual([undefined, 'changed too']);
    expect(await env.db.records.count()).toBe(1);
    await expect(saveChangedRecord(record('x', 'A1', T0))).rejects.toThrow(/no stored record/);
  });

  it('refuses on a full disk with StorageFullError and raises the notice', async () => {
    const own = record('c1', 'A1', T0, 80);
    await env.db.records.put(own);
    vi.spyOn(env.db.records, 'put').mockRejectedValueOnce(
      new DOMException('full', 'QuotaExceededError'),
    );
    await expect(saveChangedRecord({ ...own, notes: 'x' })).rejects.toBeInstanceOf(
      StorageFullError,
    );
    expect(env.notice).not.toBeNull();
  });

  it("is the lead's review path too, for an imported copy", async () => {
    const theirs = record('b1', 'B02', T0, 70);
    const id = await env.db.imports.add({ name: 'b.json', at: T0, records: [theirs], refused: [] });
    const next = await onRecordReview({
      key: keyOf(theirs),
      action: { kind: 'coaching', reason: '问候需复训' },
    });
    expect(next?.review?.coaching?.reason).toBe('问候需复训');
    expect((await env.db.imports.get(id))?.records[0]?.review?.coaching?.reason).toBe('问候需复训');
    expect(
      await onRecordReview({
        key: { ...keyOf(theirs), caseId: 'nope' },
        action: { kind: 'coaching', reason: 'x' },
      }),
    ).toBeNull();
  });
});
