/**
 * Property-based fuzzing of everything a trainer can import: packs (JSON) and CRM
 * profiles (spreadsheets: spreadsheet-fuzz.test.ts). Whatever the bytes, an import returns in bounded time with either the
 * whole result or errors that each say where and why; it never throws and never half-imports.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parsePack, validatePack } from '../../../knowledge/authoring/pack.ts';
import { parseProfile } from '../../../knowledge/crm/profile.ts';
import { RUNS, timed } from '../../support/fuzz.ts';
import type { SchemaError } from '../../../knowledge/authoring/schema.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Seg = string | number;

const root = join(import.meta.dirname, '../../../knowledge');
const readJson = (dir: string): Json[] =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(root, dir, f), 'utf8')) as Json);

/** The shipped packs cut to a few items per list: every shape is kept, each run stays fast. */
function trim(v: Json): Json {
  if (Array.isArray(v)) return v.slice(0, 2).map(trim);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, trim(x)]));
  return v;
}
const basePacks = readJson('packs').map(trim);
const baseProfiles = readJson('profiles');

/** Every path in a JSON value, the root excluded. */
function paths(v: Json, prefix: Seg[] = [], out: Seg[][] = []): Seg[][] {
  const children: [Seg, Json][] = Array.isArray(v)
    ? v.map((x, i) => [i, x])
    : v && typeof v === 'object'
      ? Object.entries(v)
      : [];
  for (const [k, x] of children) {
    out.push([...prefix, k]);
    paths(x, [...prefix, k], out);
  }
  return out;
}
const pathText = (p: Seg[]): string =>
  p.reduce<string>(
    (s, seg) => (typeof seg === 'number' ? `${s}[${seg}]` : s ? `${s}.${seg}` : seg),
    '',
  );
function getAt(v: Json, p: Seg[]): Json | undefined {
  let cur: Json | undefined = v;
  for (const seg of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, Json>)[seg as string];
  }
  return cur;
}
/** Splits `articles[12].questions` into segments. */
function parsePath(s: string): Seg[] {
  const out: Seg[] = [];
  for (const m of s.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

const deep = (n: number): Json => {
  let v: Json = 'x';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
};
const BAD_REGEX = ['(', '[a-', '(?<', '*', 'a{2,1}', '\\', '(?<n>a)(?<n>b)', ')('];
const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.integer(),
  fc.constant([]),
  fc.constant({}),
  fc.string({ maxLength: 20 }),
  fc.constantFrom(...BAD_REGEX),
  fc.constant('x'.repeat(100_000)),
  fc.constant('<img src=x onerror=alert(1)>'),
  fc.integer({ min: 50, max: 300 }).map(deep),
  fc.constant({ __proto__: { polluted: true } } as unknown as Json),
  fc.constant('__proto__'),
);

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'set'; at: number; value: Json }
  | { kind: 'badRegex'; at: number; value: string }
  | { kind: 'key'; at: number; key: string; value: Json };
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: junk }),
  fc.record({
    kind: fc.constant('badRegex' as const),
    at: fc.nat(),
    value: fc.constantFrom(...BAD_REGEX),
  }),
  fc.record({
    kind: fc.constant('key' as const),
    at: fc.nat(),
    key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'id')),
    value: junk,
  }),
) as fc.Arbitrary<Mutation>;

const REGEX_LIST =
  /\.(all|any|none|patterns|exceptions|negations|notNegations|postNegations|reported|warnings|clauseBreaks|sentenceBreaks|products)\[\d+\]$/;

/** Applies mutations to a copy; returns it with the regex paths it certainly broke. */
function mutate(base: Json, muts: Mutation[]): { value: Json; brokenRegex: string[] } {
  const value = structuredClone(base);
  const brokenRegex: string[] = [];
  for (const m of muts) {
    const all = paths(value);
    if (all.length === 0) break;
    const p = all[m.at % all.length]!;
    const parent = getAt(value, p.slice(0, -1)) as Record<string, Json> | Json[];
    const last = p[p.length - 1]!;
    if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last as string];
    } else if (m.kind === 'set') {
      (parent as Record<string, Json>)[last as string] = structuredClone(m.value);
    } else if (m.kind === 'key') {
      const target = getAt(value, p);
      if (target && typeof target === 'object' && !Array.isArray(target))
        // A copy, as for `set`: the generated value may be a shared constant, and placing the
        // same object twice could make the input cyclic (not JSON, nothing an importer gets).
        Object.defineProperty(target, m.key, {
          value: structuredClone(m.value),
          enumerable: true,
          configurable: true,
          writable: true,
        });
    } else {
      const regexPaths = all.filter(
        (q) => REGEX_LIST.test(pathText(q)) && typeof getAt(value, q) === 'string',
      );
      const q = regexPaths[m.at % Math.max(1, regexPaths.length)];
      if (!q) continue;
      (getAt(value, q.slice(0, -1)) as Json[])[q[q.length - 1] as number] = m.value;
      brokenRegex.push(pathText(q));
    }
  }
  // A later delete may have removed a broken regex; keep only those still present as planted.
  return {
    value,
    brokenRegex: brokenRegex.filter((p) =>
      BAD_REGEX.includes(getAt(value, parsePath(p)) as string),
    ),
  };
}

/** Text-level damage on top of structural mutations: truncation, stray bytes, BOM. */
const textDamage = fc.oneof(
  fc.constant((s: string) => s),
  fc.nat().map((n) => (s: string) => s.slice(0, n % (s.length + 1))),
  fc.tuple(fc.nat(), fc.string({ maxLength: 4 })).map(([n, ins]) => (s: string) => {
    const i = n % (s.length + 1);
    return s.slice(0, i) + ins + s.slice(i);
  }),
  fc.constant((s: string) => `\uFEFF${s}`),
);

/** Errors that say where (a path that exists in the input, or whose parent does) and why. */
function expectLocatedErrors(errors: SchemaError[], input: unknown): void {
  expect(errors.length).toBeGreaterThan(0);
  const known = new Set(input === undefined ? [] : paths(input as Json).map(pathText));
  for (const e of errors) {
    expect(typeof e.path).toBe('string');
    expect(typeof e.reason).toBe('string');
    expect(e.reason.trim().length).toBeGreaterThan(0);
    if (input === undefined || e.path === '') continue;
    // Either the value at fault exists at that path, or (a missing key) its parent does.
    const cut = e.path.lastIndexOf('.');
    const located = known.has(e.path) || cut === -1 || known.has(e.path.slice(0, cut));
    expect(located, `error path ${e.path}`).toBe(true);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** An independent oracle for the top level: inputs that can only be refused. */
const packSurelyBad = (v: unknown): boolean =>
  !isObject(v) ||
  v.schemaVersion !== 1 ||
  ['id', 'name', 'locale', 'version'].some((k) => typeof v[k] !== 'string');
const profileSurelyBad = (v: unknown): boolean =>
  !isObject(v) ||
  typeof v.id !== 'string' ||
  typeof v.name !== 'string' ||
  !Array.isArray(v.matches) ||
  !isObject(v.fields);

const parseOrUndefined = (s: string): unknown => {
  try {
    return JSON.parse(s.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
};

describe('pack import fuzzing', () => {
  it(`never throws and reports every error with its path (${RUNS} mutated packs)`, () => {
    fc.assert(
      fc.property(
        fc.nat({ max: basePacks.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        textDamage,
        (which, muts, damage) => {
          const { value, brokenRegex } = mutate(basePacks[which]!, muts);
          const text = damage(JSON.stringify(value));
          const r = timed(() => parsePack(text));
          const input = parseOrUndefined(text);
          if (packSurelyBad(input)) expect(r.ok).toBe(false);
          if (r.ok) {
            // Whole or nothing: what is returned is exactly what was given.
            expect(r.pack).toEqual(input);
            if (JSON.stringify(input) === JSON.stringify(value)) expect(brokenRegex).toEqual([]);
            expect(validatePack(JSON.parse(JSON.stringify(r.pack))).ok).toBe(true);
          } else {
            expect(r).not.toHaveProperty('pack');
            expectLocatedErrors(r.errors, input);
            // A planted bad regex is named by its own path when the JSON itself is intact.
            if (input !== undefined && JSON.stringify(input) === JSON.stringify(value))
              for (const p of brokenRegex) expect(r.errors.map((e) => e.path)).toContain(p);
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('refuses non-objects and arbitrary JSON with a located error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json({ maxDepth: 4 }), fc.string({ maxLength: 200 })), (text) => {
        const r = timed(() => parsePack(text));
        expect(r.ok).toBe(false);
        if (!r.ok) expectLocatedErrors(r.errors, parseOrUndefined(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('CRM profile import fuzzing', () => {
  it(`never throws and reports every error with its path (${RUNS} mutated profiles)`, () => {
    fc.assert(
      fc.property(
        fc.nat({ max: baseProfiles.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        textDamage,
        (which, muts, damage) => {
          const { value } = mutate(baseProfiles[which]!, muts);
          const text = damage(JSON.stringify(value));
          const r = timed(() => parseProfile(text));
          const input = parseOrUndefined(text);
          if (profileSurelyBad(input)) expect(r.ok).toBe(false);
          if (r.ok) expect(r.profile).toEqual(input);
          else {
            expect(r).not.toHaveProperty('profile');
            expectLocatedErrors(r.errors, input);
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('refuses a profile without its required parts, naming each', () => {
    for (const base of baseProfiles) {
      for (const key of ['id', 'name', 'matches', 'fields']) {
        const copy = structuredClone(base) as Record<string, Json>;
        delete copy[key];
        const r = parseProfile(JSON.stringify(copy));
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(key);
      }
    }
  });
});

// ---------- spreadsheets ----------
