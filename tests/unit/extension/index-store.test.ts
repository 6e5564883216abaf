import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { IndexDb, indexKey, restoreIndex, storeIndex } from '../../../extension/index-store.ts';
import {
  buildIndex,
  docsFromPack,
  indexFromRecord,
  indexToRecord,
  search,
} from '../../../knowledge/search/search.ts';
import { shippedPack } from '../../support/shipped-packs.ts';

const kb = shippedPack('kb', 'zh-CN');
const sop = shippedPack('sop', 'zh-CN');
const packs = [kb, sop];
const build = () =>
  buildIndex(
    packs.flatMap((p) => docsFromPack(p)),
    { synonyms: packs.flatMap((p) => p.synonyms ?? []), locale: 'zh-CN' },
  );
const QUERIES = ['信用卡丢了', 'czmm', '轉賬限額', '理财风险', '年费'];
const fresh = () => new IndexDb(`t${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange });

describe('stored search index', () => {
  it('answers exactly as the index it was made from, after a structured clone', () => {
    const index = build();
    const restored = indexFromRecord(structuredClone(indexToRecord(index)));
    for (const q of QUERIES) expect(search(restored, q)).toEqual(search(index, q));
  });

  it('refuses a record of another format', () => {
    const record = indexToRecord(build());
    expect(() => indexFromRecord({ ...record, version: 1 })).toThrow(/not a stored search index/);
    expect(() => indexFromRecord({ ...record, keys: [1, 2, 3] })).toThrow();
    expect(() => indexFromRecord(null)).toThrow();
  });

  it('is found again for the same packs and not for edited ones', async () => {
    const db = fresh();
    const key = indexKey(packs, 'zh-CN');
    expect(await restoreIndex(db, key)).toBeNull();
    const index = build();
    expect(await storeIndex(db, key, index)).toBe(true);
    const again = await restoreIndex(db, indexKey(packs, 'zh-CN'));
    expect(again).not.toBeNull();
    for (const q of QUERIES) expect(search(again!, q)).toEqual(search(index, q));
    // Same id and version, one answer changed: another key, so no stale index.
    const edited = [
      { ...kb, articles: kb.articles!.map((a, i) => (i ? a : { ...a, answer: 'x' })) },
      sop,
    ];
    expect(indexKey(edited, 'zh-CN')).not.toBe(key);
    expect(indexKey(packs, 'en')).not.toBe(key);
  });

  it('drops an unreadable entry and keeps only the latest few pack sets', async () => {
    const db = fresh();
    await db.indexes.put({ key: 'broken', savedAt: 1, index: { version: 2 } as never });
    expect(await restoreIndex(db, 'broken')).toBeNull();
    expect(await db.indexes.get('broken')).toBeUndefined();
    const index = build();
    for (let i = 0; i < 5; i++) await storeIndex(db, `k${i}`, index, 1000 + i);
    expect((await db.indexes.toCollection().primaryKeys()).sort()).toEqual(['k2', 'k3', 'k4']);
  });

  it('reports a failed write instead of throwing (no room: the index is rebuilt next time)', async () => {
    const db = fresh();
    db.indexes.put = (() =>
      Promise.reject(Object.assign(new Error('full'), { name: 'QuotaExceededError' }))) as never;
    expect(await storeIndex(db, 'k', build())).toBe(false);
  });
});
