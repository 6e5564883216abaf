/**
 * Example sentences a trainer adds to rules on one machine, on top of the packs: sentences a
 * rule should flag, and near misses it should let through (often an alert a team lead
 * dismissed as a false alarm). They are kept by rule id and applied to the packs in force; a
 * trainer exports them in pack form to move them into a pack.
 */
import type { GuardRule, Pack } from './pack.ts';

export type ExampleKind = 'flag' | 'ok';

export interface ExampleLists {
  flag: string[];
  ok: string[];
}

/** The local examples, by rule id. */
export type LocalExamples = Record<string, ExampleLists>;

/** The longest example kept (a pack's examples have the same limit), in characters. */
export const MAX_EXAMPLE_CHARS = 1_000;
/** The most local examples of one kind per rule: the oldest go first. */
export const MAX_EXAMPLES_PER_KIND = 200;
const RULE_ID = /^[A-Za-z0-9][\w.-]{0,119}$/;

/** An example as kept: trimmed, inner runs of white space as one space, at most the limit. */
export function cleanExample(text: string): string {
  const one = text.replace(/\s+/gu, ' ').trim();
  const chars = Array.from(one);
  return chars.length > MAX_EXAMPLE_CHARS ? chars.slice(0, MAX_EXAMPLE_CHARS).join('').trim() : one;
}

const other = (kind: ExampleKind): ExampleKind => (kind === 'flag' ? 'ok' : 'flag');

/** Local examples read back from storage: anything not of the right shape is dropped. */
export function readLocalExamples(value: unknown): LocalExamples {
  const out: LocalExamples = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [ruleId, lists] of Object.entries(value as Record<string, unknown>)) {
    if (!RULE_ID.test(ruleId) || typeof lists !== 'object' || lists === null) continue;
    const pick = (kind: ExampleKind): string[] => {
      const raw = (lists as Record<string, unknown>)[kind];
      const texts = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
      return [...new Set(texts.map(cleanExample).filter(Boolean))].slice(-MAX_EXAMPLES_PER_KIND);
    };
    const entry = { flag: pick('flag'), ok: pick('ok') };
    if (entry.flag.length + entry.ok.length > 0) out[ruleId] = entry;
  }
  return out;
}

/**
 * Adds an example to a rule (a new object; the input is not changed). The same sentence as the
 * other kind moves here: one sentence cannot both break the rule and not. An empty text or an
 * id that cannot be a rule's changes nothing.
 */
export function addExample(
  local: LocalExamples,
  ruleId: string,
  kind: ExampleKind,
  text: string,
): LocalExamples {
  const clean = cleanExample(text);
  if (!clean || !RULE_ID.test(ruleId)) return local;
  const before = local[ruleId] ?? { flag: [], ok: [] };
  const entry: ExampleLists = { flag: [], ok: [] };
  entry[kind] = [...before[kind].filter((x) => x !== clean), clean].slice(-MAX_EXAMPLES_PER_KIND);
  entry[other(kind)] = before[other(kind)].filter((x) => x !== clean);
  return { ...local, [ruleId]: entry };
}

/** Removes an example from a rule; a rule left without local examples is dropped. */
export function removeExample(
  local: LocalExamples,
  ruleId: string,
  kind: ExampleKind,
  text: string,
): LocalExamples {
  const before = local[ruleId];
  if (!before) return local;
  const clean = cleanExample(text);
  const entry = { ...before, [kind]: before[kind].filter((x) => x !== clean) };
  const { [ruleId]: _gone, ...rest } = local;
  return entry.flag.length + entry.ok.length > 0 ? { ...rest, [ruleId]: entry } : rest;
}

export interface Applied {
  /** The packs, those holding a rule with local examples copied with the examples added. */
  packs: Pack[];
  /** Rule ids with local examples that no rule of these packs has (kept, not applied). */
  unknown: string[];
  /** How many local examples were added to the rules (those a pack already had are not). */
  added: number;
}

/** A short, stable hash of the examples, so a pack's version says it carries local ones. */
function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** A rule with extra examples, without duplicates of its own. */
function extend(rule: GuardRule, extra: ExampleLists): { rule: GuardRule; added: number } {
  const flag = rule.examples?.flag ?? [];
  const ok = rule.examples?.ok ?? [];
  const has = new Set([...flag, ...ok].map(cleanExample));
  const newFlag = extra.flag.filter((x) => !has.has(x));
  const newOk = extra.ok.filter((x) => !has.has(x));
  const added = newFlag.length + newOk.length;
  if (added === 0) return { rule, added };
  return {
    rule: { ...rule, examples: { flag: [...flag, ...newFlag], ok: [...ok, ...newOk] } },
    added,
  };
}

/**
 * The packs with the local examples added to their rules. A rule id is served by the first
 * pack that has it (the one the guard compiles: earlier packs win). A pack that changed gets a
 * version of its own (`2+local.k3x9`), so what compiled the plain pack is not reused for it.
 */
export function withLocalExamples(packs: Pack[], local: LocalExamples): Applied {
  const lists = readLocalExamples(local);
  const pending = new Set(Object.keys(lists));
  let added = 0;
  const out = packs.map((pack) => {
    if (!pack.rules?.some((r) => pending.has(r.id))) return pack;
    const mine: string[] = [];
    const rules = pack.rules.map((rule) => {
      if (!pending.has(rule.id)) return rule;
      pending.delete(rule.id);
      const x = extend(rule, lists[rule.id]!);
      if (x.added > 0) mine.push(JSON.stringify([rule.id, lists[rule.id]]));
      added += x.added;
      return x.rule;
    });
    return mine.length === 0
      ? pack
      : { ...pack, rules, version: `${pack.version}+local.${hashOf(mine.join())}` };
  });
  return { packs: out, unknown: [...pending].sort(), added };
}

/** The local examples in pack form, for a trainer to move into a pack: `{ rules: [...] }`. */
export function examplesAsPackRules(local: LocalExamples): {
  rules: { id: string; examples: RuleExamplesOut }[];
} {
  const lists = readLocalExamples(local);
  return {
    rules: Object.keys(lists)
      .sort()
      .map((id) => {
        const { flag, ok } = lists[id]!;
        const examples: RuleExamplesOut = {};
        if (flag.length) examples.flag = flag;
        if (ok.length) examples.ok = ok;
        return { id, examples };
      }),
  };
}

type RuleExamplesOut = { flag?: string[]; ok?: string[] };
