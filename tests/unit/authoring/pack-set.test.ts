import { describe, expect, it } from 'vitest';
import { arrangePacks, packsInForce } from '../../../knowledge/authoring/pack-set.ts';
import { applyPolicy, parsePolicy } from '../../../knowledge/authoring/policy.ts';
import { PACK_SCHEMA_VERSION, type Pack } from '../../../knowledge/authoring/pack.ts';
import { createSession } from '../../../knowledge/case/session.ts';

const pack = (id: string, locale: Pack['locale'] = 'zh-CN', version = '1'): Pack => ({
  schemaVersion: PACK_SCHEMA_VERSION,
  id,
  name: id,
  locale,
  version,
  sla: [{ channel: 'chat', firstReplySeconds: 30 }],
});

const none = parsePolicy(undefined);

describe('packs in force', () => {
  it('puts trainers’ packs before the bundled ones; a new version replaces a pack in its place', () => {
    const entries = arrangePacks(
      [pack('base'), pack('base-en', 'en')],
      { installed: [pack('branch'), pack('base', 'zh-CN', '2')], order: [], disabled: [] },
      none,
    );
    expect(entries.map((e) => [e.pack.id, e.source, e.pack.version])).toEqual([
      ['base', 'imported', '2'],
      ['branch', 'imported', '1'],
      ['base-en', 'bundled', '1'],
    ]);
    expect(entries[0]!.replaces).toBe('1');
    expect(packsInForce(entries, 'zh-CN').map((p) => p.id)).toEqual(['base', 'branch']);
  });

  it('follows the chosen order and leaves disabled packs out', () => {
    const entries = arrangePacks(
      [pack('a'), pack('b'), pack('c')],
      { installed: [], order: ['c', 'a'], disabled: ['a'] },
      none,
    );
    expect(entries.map((e) => e.pack.id)).toEqual(['c', 'a', 'b']);
    expect(packsInForce(entries, 'zh-CN').map((p) => p.id)).toEqual(['c', 'b']);
  });

  it('lets policy push, disable and order packs, locked against the console', () => {
    const policy = parsePolicy({
      packs: [JSON.stringify(pack('hq'))],
      disabledPacks: ['b'],
      role: 'supervisor',
      retentionDays: 30,
    });
    const entries = arrangePacks(
      [pack('a'), pack('b')],
      { installed: [], order: ['b', 'a'], disabled: [] },
      policy,
    );
    expect(entries.map((e) => [e.pack.id, e.enabled, e.locked])).toEqual([
      ['b', false, true],
      ['a', true, false],
      ['hq', true, true],
    ]);
    const { settings, locked } = applyPolicy(
      { role: 'agent', retentionDays: 90, agentId: 'x' },
      policy,
    );
    expect(settings).toEqual({ role: 'supervisor', retentionDays: 30, agentId: 'x' });
    expect(locked.sort()).toEqual(['retentionDays', 'role']);
  });

  it('names what policy got wrong instead of failing', () => {
    const policy = parsePolicy({ packs: ['{"id": 1}'], retentionDays: 'x', language: 'fr' });
    expect(policy.packs).toEqual([]);
    expect(policy.problems).toHaveLength(3);
    expect(policy.problems.join('\n')).toMatch(/packs\[0\]/);
  });

  it('locks the pack language for cases apart from the UI language, and names a bad value', () => {
    const policy = parsePolicy({ packLanguage: 'both', language: 'en' });
    expect(policy.settings).toEqual({ packLanguage: 'both', language: 'en' });
    expect(applyPolicy({ packLanguage: 'auto' }, policy).locked.sort()).toEqual([
      'language',
      'packLanguage',
    ]);
    expect(parsePolicy({ packLanguage: 'fr' }).problems).toEqual([
      'packLanguage: expected auto, zh-CN, en or both',
    ]);
  });

  it('applies the SLA allowances of the settings over the packs’ own', () => {
    const entries = arrangePacks([pack('a')], { installed: [], order: [], disabled: [] }, none);
    const packs = packsInForce(entries, 'zh-CN', { chat: 60, email: 4 });
    const s = createSession(packs, { channel: 'chat' }, 'agent', 0);
    expect(s.sla?.dueAt).toBe(60_000);
    const plain = createSession(packsInForce(entries, 'zh-CN'), { channel: 'chat' }, 'agent', 0);
    expect(plain.sla?.dueAt).toBe(30_000);
  });
});
