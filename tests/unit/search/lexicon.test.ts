import { describe, expect, it } from 'vitest';
import { lexiconGroups } from '../../../knowledge/search/lexicon.ts';
import { fold } from '../../../knowledge/text/fold.ts';

describe('the engine’s own synonyms', () => {
  const groups = lexiconGroups('zh-CN');

  it('has Chinese groups of two or more distinct phrases, and none for English yet', () => {
    expect(groups.length).toBeGreaterThan(50);
    for (const g of groups) {
      const folded = g.map((p) => fold(p).trim());
      expect(folded.every(Boolean), g.join('|')).toBe(true);
      expect(new Set(folded).size, g.join('|')).toBe(g.length);
    }
    expect(lexiconGroups('en')).toEqual([]);
    expect(lexiconGroups(undefined)).toEqual([]);
  });

  it('files each phrase under one meaning only', () => {
    const seen = new Map<string, string>();
    for (const g of groups) {
      for (const p of g) {
        const key = fold(p).trim();
        expect(seen.get(key), `${p} in ${seen.get(key)} and ${g[0]}`).toBeUndefined();
        seen.set(key, g[0]!);
      }
    }
  });
});
