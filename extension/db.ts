/**
 * The case-records database (IndexedDB through Dexie). The background writes finished cases and
 * agents' knowledge-gap reports; the console reads them and keeps the team exports a lead
 * imports (so the team's report is there again next time).
 * Every schema version stays declared with its upgrade, so data written by any earlier
 * version survives an update of the extension.
 */
import Dexie, { type DexieOptions, type Table } from 'dexie';
import type { CaseRecord } from '../knowledge/records/records.ts';
import type { OutboxEntry } from '../knowledge/centre/outbox.ts';
import { isQuotaError, StorageFullError } from './quota.ts';

export { StorageFullError };

/** An agent's report of a missing or wrong knowledge item. */
export interface GapReport {
  id?: number;
  at: number;
  agentId: string;
  /** The article or script concerned, when the report is about one. */
  itemId?: string;
  /** What the agent searched for without finding it. */
  query?: string;
  note: string;
  caseId?: string;
  /** `open` until a trainer marks it handled (added in version 2). */
  status: 'open' | 'done';
}

export type RecordKey = [string, string, number];

/** A team export a lead imported in the console: its records as read (masked, as exported). */
export interface ImportedFile {
  id?: number;
  name: string;
  at: number;
  records: CaseRecord[];
  refused: { at: number; reason: string }[];
}

export const DB_NAME = 'sop-copilot';

/** The stores of each schema version, oldest first (never edit a released one: add a version). */
export const SCHEMAS = [
  {
    records: '[caseId+agentId+startedAt], startedAt, agentId',
    gaps: '++id, at',
  },
  {
    // v2: purge by end time; gap reports get a status.
    records: '[caseId+agentId+startedAt], startedAt, endedAt, agentId',
    gaps: '++id, at, status',
  },
  {
    // v3: team exports imported in the console.
    records: '[caseId+agentId+startedAt], startedAt, endedAt, agentId',
    gaps: '++id, at, status',
    imports: '++id, at',
  },
  {
    // v4: rows waiting for the centre store (ClickHouse), oldest first; one entry per event id.
    records: '[caseId+agentId+startedAt], startedAt, endedAt, agentId',
    gaps: '++id, at, status',
    imports: '++id, at',
    outbox: 'id, at',
  },
] as const;

export class RecordsDb extends Dexie {
  records!: Table<CaseRecord, RecordKey>;
  gaps!: Table<GapReport, number>;
  imports!: Table<ImportedFile, number>;
  outbox!: Table<OutboxEntry, string>;

  constructor(name: string = DB_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores(SCHEMAS[0]);
    this.version(2)
      .stores(SCHEMAS[1])
      .upgrade((tx) =>
        tx
          .table('gaps')
          .toCollection()
          .modify((g: Partial<GapReport>) => {
            g.status ??= 'open';
          }),
      );
    this.version(3).stores(SCHEMAS[2]);
    this.version(4).stores(SCHEMAS[3]);
  }
}

let shared: RecordsDb | undefined;

/** The database of this browser profile, opened once per page or worker. */
export function openDb(): RecordsDb {
  shared ??= new RecordsDb();
  return shared;
}

const DAY = 86_400_000;

async function guarded<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isQuotaError(e)) throw new StorageFullError();
    throw e;
  }
}

/** Deletes records and gap reports older than the retention period; returns how many went. */
export async function purge(
  db: RecordsDb,
  retentionDays: number,
  now = Date.now(),
): Promise<number> {
  const cutoff = now - Math.max(1, retentionDays) * DAY;
  const records = await db.records.where('endedAt').below(cutoff).delete();
  const gaps = await db.gaps.where('at').below(cutoff).delete();
  // Imported team records follow the same retention; a file left empty goes.
  let imported = 0;
  await db.imports.toCollection().modify((file, ref) => {
    const kept = file.records.filter((r) => r.endedAt >= cutoff);
    imported += file.records.length - kept.length;
    if (kept.length === 0 && file.records.length > 0) delete (ref as { value?: unknown }).value;
    else file.records = kept;
  });
  return records + gaps + imported;
}

/** Keeps a team export imported in the console; throws `StorageFullError` when there is no room. */
export async function saveImport(db: RecordsDb, file: Omit<ImportedFile, 'id'>): Promise<number> {
  return guarded(() => db.imports.add(file));
}

/** Stores a finished case (the same case, agent and start replaces the earlier copy). */
export async function saveRecord(
  db: RecordsDb,
  record: CaseRecord,
  retentionDays: number,
  now = Date.now(),
): Promise<void> {
  await guarded(() => db.records.put(record));
  await purge(db, retentionDays, now);
}

/** Stores an agent's knowledge-gap report. */
export async function saveGap(
  db: RecordsDb,
  gap: Omit<GapReport, 'id' | 'status'>,
  retentionDays: number,
  now = Date.now(),
): Promise<number> {
  const id = await guarded(() => db.gaps.add({ ...gap, status: 'open' }));
  await purge(db, retentionDays, now);
  return id;
}
