import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { IndexDb, indexKey, restoreIndex, storeIndex } from '../../../extension/index-store.ts';
import { buildIndex } from '../../../knowledge/search/build.ts';
import { docsFromPack } from '../../../knowledge/search/model.ts';
import { search } from '../../../knowledge/search/query.ts';
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
