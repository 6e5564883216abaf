/**
 * The project's conventions, checked over the whole tree (in the spirit of refined-github's
 * features test): every knowledge/ module has a unit test in its mirror folder, every shipped
 * rule says why and what to say instead, and no knowledge/ folder imports upward.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePack } from '../../knowledge/authoring/pack.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const KNOWLEDGE = join(ROOT, 'knowledge');
const UNIT = join(ROOT, 'tests/unit');
const { layers } = JSON.parse(readFileSync(join(KNOWLEDGE, 'layers.json'), 'utf8')) as {
  layers: string[][];
};

/** Repo-relative paths of the files under `dir` whose names end with `suffix`. */
function filesUnder(dir: string, suffix: RegExp): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && suffix.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** The repo-relative files a source file imports by relative path. */
function importsOf(file: string): string[] {
  const src = readFileSync(join(ROOT, file), 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"?]+)/g))
    out.push(posix.normalize(posix.join(posix.dirname(file), m[1]!)));
  return out;
}

const modules = filesUnder(KNOWLEDGE, /(?<!\.d)\.ts$/); // declarations hold no logic
const tests = filesUnder(UNIT, /\.test\.ts$/);

describe('every knowledge/ module has a unit test', () => {
  for (const mod of modules) {
    it(mod, () => {
      // knowledge/<folder>/<m>.ts is tested from tests/unit/<folder>/; the root vocabulary anywhere.
      const folder = dirname(relative(KNOWLEDGE, join(ROOT, mod)));
      const mirror = folder === '.' ? 'tests/unit' : `tests/unit/${folder}`;
      const testing = tests.filter((t) => t.startsWith(`${mirror}/`) && importsOf(t).includes(mod));
      expect(testing, `no test in ${mirror}/ imports ${mod}`).not.toEqual([]);
    });
  }
});

describe('every shipped rule gives its legal basis and a compliant alternative', () => {
  const packs = readdirSync(join(KNOWLEDGE, 'packs')).filter((f) => f.endsWith('.json'));
  for (const file of packs) {
    it(file, () => {
      const parsed = parsePack(readFileSync(join(KNOWLEDGE, 'packs', file), 'utf8'));
      expect(parsed.ok, file).toBe(true);
      if (!parsed.ok) return;
      for (const rule of parsed.pack.rules ?? []) {
        expect(rule.basis.law.trim(), `${rule.id}: basis.law`).not.toBe('');
        expect(rule.basis.article.trim(), `${rule.id}: basis.article`).not.toBe('');
        expect(rule.alternative.trim(), `${rule.id}: alternative`).not.toBe('');
      }
    });
  }
});

describe('knowledge/ imports only itself, and no folder imports a higher one', () => {
  const rank = new Map(layers.flatMap((row, i) => row.map((f) => [f, i] as const)));
  const folderOf = (file: string): string | undefined => {
    const rel = relative(KNOWLEDGE, join(ROOT, file)).split('\\').join('/');
    return rel.includes('/') ? rel.split('/')[0] : undefined;
  };

  it('every folder of knowledge/ has its place in layers.json', () => {
    const folders = [...new Set(modules.map(folderOf))].filter((f): f is string => !!f);
    for (const f of folders) expect(rank.has(f), `knowledge/${f} is not in layers.json`).toBe(true);
  });

  for (const mod of modules) {
    it(mod, () => {
      const from = folderOf(mod);
      for (const target of importsOf(mod)) {
        expect(target.startsWith('knowledge/'), `${mod} imports ${target}`).toBe(true);
        const to = folderOf(target);
        if (to === undefined || to === from || ['packs', 'profiles', 'data'].includes(to)) continue;
        const upward = from === undefined || (rank.get(to) ?? -1) >= (rank.get(from) ?? -1);
        expect(upward, `${mod} imports ${target}, a folder at or above its own`).toBe(false);
      }
    });
  }
});
