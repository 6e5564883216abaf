/**
 * Built search indexes kept across sidebar opens, so a large pack set is indexed once, not at
 * every open. A cache only: a missing, stale or unreadable entry (or a full disk) costs a rebuild,
 * never an error in front of the agent.
 */
import Dexie, { type DexieOptions, type Table } from 'dexie';
import { ENGINE_REVISION, type SearchIndex } from '../knowledge/search/model.ts';
import { hashToken } from '../knowledge/search/hash.ts';
import { type StoredIndex, indexFromRecord, indexToRecord } from '../knowledge/search/store.ts';
import type { Pack } from '../knowledge/authoring/pack.ts';
import type { Locale } from '../knowledge/types.ts';

interface Entry {
  key: string;
  savedAt: number;
  index: StoredIndex;
}

export class IndexDb extends Dexie {
  indexes!: Table<Entry, string>;
  constructor(name = 'sop-copilot-search', options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({ indexes: 'key, savedAt' });
  }
}

/** How many pack sets' indexes to keep (the current one and a few recent, e.g. both locales). */
const KEEP = 3;

/**
 * What an index depends on: the engine's revision, the locale and the searchable content of the
 * packs (a pack edited without a new version must not find the old index).
 */
export function indexKey(packs: Pack[], locale: Locale): string {
  const content = JSON.stringify(
    packs.map((p) => [p.id, p.version, p.articles ?? [], p.scripts ?? [], p.synonyms ?? []]),
  );
  return `e${ENGINE_REVISION}|${locale}|${content.length}|${hashToken(content).toString(36)}`;
}

/** The stored index for a key, or null (absent, unreadable, or of an older format: dropped). */
export async function restoreIndex(db: IndexDb, key: string): Promise<SearchIndex | null> {
  try {
    const entry = await db.indexes.get(key);
    if (!entry) return null;
    try {
      return indexFromRecord(entry.index);
    } catch {
      await db.indexes.delete(key);
      return null;
    }
  } catch {
    return null;
  }
}

/** Keeps an index for next time; true when stored (false: no room, or storage unavailable). */
export async function storeIndex(
  db: IndexDb,
  key: string,
  index: SearchIndex,
  now = Date.now(),
): Promise<boolean> {
  try {
    await db.indexes.put({ key, savedAt: now, index: indexToRecord(index) });
    const old = await db.indexes.orderBy('savedAt').reverse().offset(KEEP).primaryKeys();
    if (old.length) await db.indexes.bulkDelete(old);
    return true;
  } catch {
    return false;
  }
}
