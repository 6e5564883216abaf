import { describe, expect, it } from 'vitest';
import type { Pack } from '../../../knowledge/authoring/pack.ts';
import { diffPacks, diffPrints, fingerprints } from '../../../knowledge/authoring/diff.ts';

const v1: Pack = {
  schemaVersion: 1,
  id: 'kb',
  name: 'KB',
  locale: 'zh-CN',
  version: '1',
  articles: [
    { id: 'a1', title: '信用卡年费', questions: ['年费多少'], answer: '首年免年费。' },
    { id: 'a2', title: '挂失', questions: ['卡丢了'], answer: '请立即挂失。' },
  ],
  scripts: [{ id: 's1', step: 'greet', title: '问候', text: '您好' }],
};

describe('what changed in the packs', () => {
  it('lists added, changed and removed items with their titles', () => {
    const v2: Pack = {
      ...v1,
      version: '2',
      articles: [
        { id: 'a1', title: '信用卡年费', questions: ['年费多少'], answer: '刷卡满6次免次年年费。' },
        {
          id: 'a3',
          title: '转账限额',
          questions: ['转账限额多少'],
          answer: '以手机银行显示为准。',
        },
      ],
    };
    expect(diffPacks(v1, v2)).toEqual([
      { kind: 'article', id: 'a3', title: '转账限额', change: 'added' },
      { kind: 'article', id: 'a1', title: '信用卡年费', change: 'changed' },
      { kind: 'article', id: 'a2', title: '挂失', change: 'removed' },
    ]);
  });

  it('reports nothing when only the pack version moved', () => {
    expect(diffPacks(v1, { ...v1, version: '1.0.1' })).toEqual([]);
  });

  it('a first install is all additions', () => {
    expect(diffPacks(undefined, v1).map((c) => c.change)).toEqual(['added', 'added', 'added']);
  });

  it('fingerprints survive storage as plain JSON', () => {
    const stored = JSON.parse(JSON.stringify(fingerprints([v1])));
    expect(diffPrints(stored, fingerprints([v1]))).toEqual([]);
  });
});
