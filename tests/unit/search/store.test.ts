import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../knowledge/search/build.ts';
import { docsFromPack, type SearchIndex } from '../../../knowledge/search/model.ts';
import { search } from '../../../knowledge/search/query.ts';
import { indexFromRecord, indexToRecord } from '../../../knowledge/search/store.ts';
import { buildEn, buildZh, zhArticles, zhScripts } from '../../support/search-packs.ts';
import { shippedPack } from '../../support/shipped-packs.ts';

const zh = buildZh();
const en = buildEn();
/** Bytes of a record as IndexedDB keeps it (V8's structured serialisation, as in Chromium). */
const storedBytes = (index: SearchIndex): number => serialize(indexToRecord(index)).length;
/** Stored and read back as IndexedDB would. */
const roundTrip = (index: SearchIndex): SearchIndex =>
  indexFromRecord(deserialize(serialize(indexToRecord(index))));

describe('stored search index', () => {
  it('gives identical results after storing and restoring', () => {
    const restored = roundTrip(zh);
    for (const q of ['czmm', '银行卡丢了', '止付', '轉賬限額', '年费', 'xinyongka']) {
      expect(search(restored, q)).toEqual(search(zh, q));
    }
    const enRestored = roundTrip(en);
    expect(search(enRestored, 'paswrod forgoten')).toEqual(search(en, 'paswrod forgoten'));
  });

  it('answers exactly as the index it was made from, after a structured clone', () => {
    const packs = [shippedPack('kb', 'zh-CN'), shippedPack('sop', 'zh-CN')];
    const index = buildIndex(
      packs.flatMap((p) => docsFromPack(p)),
      { synonyms: packs.flatMap((p) => p.synonyms ?? []), locale: 'zh-CN' },
    );
    const restored = indexFromRecord(structuredClone(indexToRecord(index)));
    for (const q of ['信用卡丢了', 'czmm', '轉賬限額', '理财风险', '年费']) {
      expect(search(restored, q)).toEqual(search(index, q));
    }
  });

  it('stores in proportion to the pack, not to a fixed table size', () => {
    const small = storedBytes(zh);
    const docsSize = serialize(zh.docs).length;
    expect(small).toBeLessThan(30 * docsSize);
    // Twice the articles (other ids, same texts): the stored index grows about twice, no more.
    const twice = docsFromPack({
      articles: [...zhArticles, ...zhArticles.map((a) => ({ ...a, id: `${a.id}-2` }))],
      scripts: zhScripts,
    });
    const big = storedBytes(buildIndex(twice, { locale: 'zh-CN' }));
    expect(big).toBeLessThan(2.5 * small);
  });

  it('refuses something that is not a stored index, or a record of another format', () => {
    expect(() => indexFromRecord({ version: 99 })).toThrow(/not a stored search index/);
    const record = indexToRecord(zh);
    expect(() => indexFromRecord({ ...record, version: 1 })).toThrow(/not a stored search index/);
    expect(() => indexFromRecord({ ...record, keys: [1, 2, 3] })).toThrow();
    expect(() => indexFromRecord(null)).toThrow();
  });
});
