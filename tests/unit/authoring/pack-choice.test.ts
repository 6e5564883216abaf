import { describe, expect, it } from 'vitest';
import {
  changePackChoice,
  installPack,
  type PackChoiceState,
} from '../../../knowledge/authoring/pack-choice.ts';
import { PACK_SCHEMA_VERSION, type Pack } from '../../../knowledge/authoring/pack.ts';

const pack = (id: string, version = '1'): Pack => ({
  schemaVersion: PACK_SCHEMA_VERSION,
  id,
  name: id,
  locale: 'zh-CN',
  version,
});

const empty: PackChoiceState = { installed: [], order: [], disabled: [], importedAt: {} };

describe('pack choice', () => {
  it('installs a pack, a new version replacing the old one and its import time', () => {
    const one = installPack(empty, pack('a'), 1);
    const two = installPack(installPack(one, pack('b'), 2), pack('a', '2'), 3);
    expect(two.installed.map((p) => [p.id, p.version])).toEqual([
      ['b', '1'],
      ['a', '2'],
    ]);
    expect(two.importedAt).toEqual({ a: 3, b: 2 });
  });

  it('moves a pack by swapping it with its neighbour in the order shown, stored whole', () => {
    const shown = ['a', 'b', 'c'];
    expect(changePackChoice(empty, { kind: 'move', id: 'b', by: -1 }, shown).order).toEqual([
      'b',
      'a',
      'c',
    ]);
    expect(changePackChoice(empty, { kind: 'move', id: 'a', by: 1 }, shown).order).toEqual([
      'b',
      'a',
      'c',
    ]);
    // Past either end, or an unknown pack: nothing changes.
    expect(changePackChoice(empty, { kind: 'move', id: 'a', by: -1 }, shown)).toBe(empty);
    expect(changePackChoice(empty, { kind: 'move', id: 'c', by: 1 }, shown)).toBe(empty);
    expect(changePackChoice(empty, { kind: 'move', id: 'x', by: 1 }, shown)).toBe(empty);
  });

  it('disables a pack once and enables it again', () => {
    const off = changePackChoice(empty, { kind: 'enable', id: 'a', on: false }, []);
    const twice = changePackChoice(off, { kind: 'enable', id: 'a', on: false }, []);
    expect(twice.disabled).toEqual(['a']);
    expect(changePackChoice(twice, { kind: 'enable', id: 'a', on: true }, []).disabled).toEqual([]);
  });

  it('removes an installed pack and its place in the order', () => {
    const state = { ...installPack(empty, pack('a'), 1), order: ['a', 'base'] };
    const after = changePackChoice(state, { kind: 'remove', id: 'a' }, []);
    expect(after.installed).toEqual([]);
    expect(after.order).toEqual(['base']);
  });
});
