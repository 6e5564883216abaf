import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffPacks } from '../../../knowledge/authoring/diff.ts';
import {
  canonical,
  packIdFromFileName,
  readPackFile,
} from '../../../knowledge/authoring/pack-file.ts';
import { pastReview } from '../../../knowledge/authoring/review.ts';
import { PACK_SCHEMA_VERSION, type Pack } from '../../../knowledge/authoring/pack.ts';

const FIX = join(import.meta.dirname, '../../fixtures/packs');
const bytes = (f: string) => new Uint8Array(readFileSync(join(FIX, f)));
const enc = (s: string) => new TextEncoder().encode(s);
const target = { id: 'branch-faq', name: '分行知识库', locale: 'zh-CN' as const, version: '2' };

const installed: Pack = {
  schemaVersion: PACK_SCHEMA_VERSION,
  id: 'branch-faq',
  name: '分行知识库',
  locale: 'zh-CN',
  version: '1',
  steps: [{ id: 'greet', title: '问候', detectors: [] }],
  articles: [
    {
      id: 'kb-fx-limit',
      title: '个人购汇额度是多少',
      questions: ['每年能换多少美元'],
      answer: '5万美元',
    },
  ],
};

describe('pack files', () => {
  it('reports every error of a JSON pack with its path, and no pack', () => {
    const r = readPackFile(
      enc(
        JSON.stringify({
          schemaVersion: 1,
          id: 'x',
          name: '',
          locale: 'fr',
          version: '1',
          articles: [{ id: 'a' }],
        }),
      ),
      'x.json',
      target,
      () => undefined,
    );
    expect(r.pack).toBeUndefined();
    expect(r.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['name', 'locale', 'articles[0].title', 'articles[0].questions']),
    );
  });

  it('makes a sheet a new version of the installed pack: its section replaced, the rest kept', () => {
    const r = readPackFile(bytes('branch-faq.v2.xlsx'), 'branch-faq.v2.xlsx', target, (id) =>
      id === 'branch-faq' ? installed : undefined,
    );
    expect(r.errors).toEqual([]);
    expect(r.sheet).toMatchObject({ taken: 3, merged: 1 });
    expect(r.sheet?.refused).toEqual([{ row: 6, reason: expect.any(String) }]);
    expect(r.pack?.version).toBe('2');
    expect(r.pack?.steps).toEqual(installed.steps);
    expect(r.pack?.articles?.map((a) => a.id).sort()).toEqual([
      'kb-atm-swallow',
      'kb-card-loss',
      'kb-cd-early',
    ]);
    const changes = diffPacks(installed, r.pack!);
    expect(changes.find((c) => c.id === 'kb-fx-limit')?.change).toBe('removed');
    expect(pastReview(r.pack!, new Date('2026-11-29')).map((s) => s.id)).toEqual([
      'kb-atm-swallow',
    ]);
  });

  it('sees no change in a pack that only came back from storage with its keys sorted', () => {
    const r = readPackFile(
      bytes('branch-faq.v1.csv'),
      'branch-faq.v1.csv',
      target,
      () => undefined,
    );
    const stored = JSON.parse(JSON.stringify(canonical(r.pack!))) as Pack;
    expect(diffPacks(canonical(stored), canonical(r.pack!))).toEqual([]);
  });

  it('names a pack after its file', () => {
    expect(packIdFromFileName('branch-faq.v2.xlsx')).toBe('branch-faq.v2');
    expect(packIdFromFileName('Branch FAQ (2026).csv')).toBe('Branch-FAQ-2026');
    expect(packIdFromFileName('分行知识库.xlsx')).toMatch(/^pack-/);
  });
});
