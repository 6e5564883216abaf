/**
 * The stored form of a search index (kept in IndexedDB by the extension): the index without its
 * runtime caches, typed arrays as they are, so restoring analyses no text again.
 */
import { type Csr, type SearchIndex, mergeParams } from './model.ts';

/** An index as plain data with its typed arrays as they are (IndexedDB stores them directly). */
export type StoredIndex = Omit<SearchIndex, 'cache'>;

/** The index for IndexedDB: no runtime caches (a structured clone keeps the typed arrays). */
export function indexToRecord(index: SearchIndex): StoredIndex {
  const { cache: _cache, ...stored } = index;
  return stored;
}

/** Restores an index kept with `indexToRecord`; throws on anything else (a stale format). */
export function indexFromRecord(record: unknown): SearchIndex {
  const r = record as Partial<StoredIndex> | null;
  const csrOk = (c: unknown): boolean => {
    const x = c as Partial<Csr> | undefined;
    return (
      x?.off instanceof Int32Array && x.ids instanceof Int32Array && x.w instanceof Float32Array
    );
  };
  if (
    !r ||
    r.version !== 2 ||
    !(r.keys instanceof Uint32Array) ||
    !(r.idf instanceof Float32Array) ||
    !(r.unitDoc instanceof Int32Array) ||
    !Array.isArray(r.docs) ||
    !csrOk(r.postings) ||
    !csrOk(r.centroids) ||
    !csrOk(r.pinyin) ||
    r.postings!.off.length !== r.keys.length + 1
  ) {
    throw new Error('not a stored search index (version 2)');
  }
  return { ...(r as StoredIndex), params: mergeParams(r.params) };
}
