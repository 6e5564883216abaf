/**
 * The compliance guard: finds what an agent must not say, from the rules of the packs.
 *
 * Rules are data (patterns on folded text, and word combos that must meet in one clause or
 * sentence in any order). The engine adds only what every rule needs: spacing inside Chinese
 * words is ignored, and a hit is cleared when it sits inside quotes, after a negation in its
 * clause (or right before one: "保本这个我不能说"), after a reported-speech cue, in a
 * fraud-warning sentence, or when one of the rule's exceptions matches its clause, or when the
 * speaker's role holds the rule's authority. The cues themselves (negation words, clause
 * breaks) are pack data.
 */
import { anyOf, prepare } from './patterns.ts';
import type { GuardCombo, GuardCues, GuardRule, Pack, RuleBasis } from '../authoring/pack.ts';
import type { AlertKind, Severity } from '../types.ts';

/** One violation found in a text. Offsets are UTF-16 positions in the original text. */
export interface GuardAlert {
  ruleId: string;
  kind: AlertKind;
  severity: Severity;
  title: string;
  start: number;
  end: number;
  /** The matched words as they appear in the original text. */
  match: string;
  basis: RuleBasis;
  alternative: string;
  explanation?: string;
}

interface CompiledCues {
  negation: RegExp | null;
  notNegation: RegExp | null;
  postNegation: RegExp | null;
  reported: RegExp | null;
  warning: RegExp | null;
  clauseBreak: RegExp | null;
  sentenceBreak: RegExp | null;
  window: number;
}

interface CompiledCombo {
  all: RegExp[];
  none: RegExp | null;
  sentence: boolean;
}

export interface CompiledRule {
  rule: GuardRule;
  re: RegExp;
  exceptions: RegExp | null;
  combos: CompiledCombo[];
  cues: CompiledCues;
}

export interface CompiledGuard {
  rules: CompiledRule[];
  /** Role id -> authorities it holds. */
  roles: Map<string, Set<string>>;
}

function compileCues(cues: GuardCues | undefined): CompiledCues {
  const t = cues?.terms;
  return {
    negation: anyOf(cues?.negations, t),
    notNegation: anyOf(cues?.notNegations, t, 'gu'),
    postNegation: anyOf(cues?.postNegations, t),
    reported: anyOf(cues?.reported, t),
    warning: anyOf(cues?.warnings, t),
    clauseBreak: anyOf(cues?.clauseBreaks, t, 'gu'),
    sentenceBreak: anyOf(cues?.sentenceBreaks, t, 'gu'),
    window: cues?.negationWindow ?? 12,
  };
}

/** Compiles the rules and roles of a pack set; patterns use the terms and cues of their own pack. */
export function compileGuard(packs: Pack[]): CompiledGuard {
  const rules: CompiledRule[] = [];
  const seen = new Set<string>();
  const roles = new Map<string, Set<string>>();
  for (const pack of packs) {
    const cues = compileCues(pack.guard);
    const terms = pack.guard?.terms;
    for (const rule of pack.rules ?? []) {
      if (seen.has(rule.id)) continue; // earlier packs take precedence
      seen.add(rule.id);
      rules.push({
        rule,
        re: anyOf(rule.patterns, terms, 'gu')!,
        exceptions: anyOf(rule.exceptions, terms),
        combos: (rule.combos ?? []).map((c: GuardCombo) => ({
          all: c.all.map((p) => anyOf([p], terms, 'gu')!),
          none: anyOf(c.none, terms),
          sentence: c.scope === 'sentence',
        })),
        cues,
      });
    }
    for (const role of pack.roles ?? []) {
      if (!roles.has(role.id)) roles.set(role.id, new Set(role.authorities));
    }
  }
  const guard = { rules, roles };
  warmUp(guard);
  return guard;
}

/**
 * Runs every expression a few times on Latin and Chinese text, so the engine compiles them to
 * machine code now rather than on the agent's first keystrokes (a first run can take 20 ms).
 */
function warmUp(guard: CompiledGuard): void {
  const samples = ['we will guarantee your returns, no risk', '这款产品保本保息，请提供验证码'];
  for (let round = 0; round < 3; round++) {
    for (const text of samples) checkText(guard, text, 'agent');
    for (const cr of guard.rules) {
      for (const re of [
        ...cr.combos.flatMap((c) => [...c.all, c.none]),
        cr.re,
        cr.exceptions,
        cr.cues.negation,
        cr.cues.postNegation,
        cr.cues.reported,
        cr.cues.warning,
      ]) {
        if (!re) continue;
        for (const text of samples) {
          re.lastIndex = 0;
          re.test(text);
        }
      }
    }
  }
}

/** Quoted stretches ("...", '...' around words) of a prepared text, as [start, end) pairs. */
function quotedSpans(s: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let open = -1;
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '"') continue;
    if (open < 0) open = i;
    else {
      spans.push([open, i + 1]);
      open = -1;
    }
  }
  // An apostrophe between letters ("can't") does not close the quote.
  for (const m of s.matchAll(
    /(^|[\s(:,])'((?:[^'\n]|(?<=\w)'(?=\w)){2,80}?)'(?=$|[\s.,;:!?)])/gu,
  )) {
    const start = m.index + m[1]!.length;
    spans.push([start, start + m[2]!.length + 2]);
  }
  return spans;
}

/** Positions where a clause or sentence ends, ascending. */
function breaks(s: string, re: RegExp | null): number[] {
  if (!re) return [];
  const out: number[] = [];
  re.lastIndex = 0;
  for (const m of s.matchAll(re)) out.push(m.index, m.index + m[0].length);
  return out;
}

function boundsAround(pos: number, end: number, cuts: number[], length: number): [number, number] {
  let start = 0;
  let stop = length;
  for (let k = 0; k < cuts.length; k += 2) {
    const a = cuts[k]!;
    const b = cuts[k + 1]!;
    if (b <= pos) start = Math.max(start, b);
    else if (a >= end) {
      stop = a;
      break;
    }
  }
  return [start, stop];
}

/** Per-text work shared by every rule of one pack's cues. */
interface CueView {
  masked: string;
  clauses: number[];
  sentences: number[];
}

function cueView(s: string, cues: CompiledCues): CueView {
  // Phrases like "不用担心" hold a negation word but negate nothing: blank them out.
  const masked = cues.notNegation ? s.replace(cues.notNegation, (m) => ' '.repeat(m.length)) : s;
  return {
    masked,
    clauses: breaks(masked, cues.clauseBreak),
    sentences: breaks(s, cues.sentenceBreak),
  };
}

/** Why a hit does not count, or null when it stands. */
export function clearedBy(
  s: string,
  view: CueView,
  cues: CompiledCues,
  quotes: Array<[number, number]>,
  start: number,
  end: number,
  exceptions: RegExp | null,
): string | null {
  if (quotes.some(([a, b]) => start >= a && end <= b)) return 'quoted';
  const [cs, ce] = boundsAround(start, end, view.clauses, s.length);
  const before = view.masked.slice(cs, start);
  if (cues.negation && cues.negation.test(before.slice(Math.max(0, before.length - cues.window))))
    return 'negated';
  if (cues.postNegation && cues.postNegation.test(view.masked.slice(end, ce))) return 'negated';
  if (cues.reported && cues.reported.test(before)) return 'reported';
  if (cues.warning) {
    const [ss, se] = boundsAround(start, end, view.sentences, s.length);
    if (cues.warning.test(s.slice(ss, se))) return 'warning';
  }
  if (exceptions && exceptions.test(s.slice(cs, ce))) return 'exception';
  return null;
}

export interface CheckOptions {
  /** Only rules of these kinds (default: all). */
  kinds?: ReadonlySet<AlertKind>;
}

/** Every alert a text raises for a speaker of `role`; at most one per rule. */
export function checkText(
  guard: CompiledGuard,
  original: string,
  role: string,
  options: CheckOptions = {},
): GuardAlert[] {
  if (original.trim() === '') return [];
  const prep = prepare(original);
  const s = prep.text;
  const held = guard.roles.get(role);
  let quotes: Array<[number, number]> | undefined;
  const views = new Map<CompiledCues, CueView>();
  const alerts: GuardAlert[] = [];
  // Quotes and clause breaks are found once per text, and only once some rule has a match.
  const cuesFor = (cr: CompiledRule): [CueView, Array<[number, number]>] => {
    quotes ??= quotedSpans(s);
    let view = views.get(cr.cues);
    if (!view) views.set(cr.cues, (view = cueView(s, cr.cues)));
    return [view, quotes];
  };
  for (const cr of guard.rules) {
    const { rule } = cr;
    if (options.kinds && !options.kinds.has(rule.kind)) continue;
    if (rule.authority && held?.has(rule.authority)) continue;
    const span = patternHit(s, cuesFor, cr) ?? comboHit(s, cuesFor, cr);
    if (!span) continue;
    const oStart = prep.map[span[0]]!;
    const oEnd = prep.map[span[1] - 1]! + 1;
    alerts.push({
      ruleId: rule.id,
      kind: rule.kind,
      severity: rule.severity,
      title: rule.title,
      start: oStart,
      end: oEnd,
      match: original.slice(oStart, oEnd),
      basis: rule.basis,
      alternative: rule.alternative,
      ...(rule.explanation ? { explanation: rule.explanation } : {}),
    });
  }
  return dropOverlaps(alerts);
}

type CuesFor = (cr: CompiledRule) => [CueView, Array<[number, number]>];

/** The first match of a rule's patterns that no cue clears, as [start, end). */
function patternHit(s: string, cuesFor: CuesFor, cr: CompiledRule): [number, number] | null {
  cr.re.lastIndex = 0;
  for (const m of s.matchAll(cr.re)) {
    if (m[0].length === 0) continue;
    const end = m.index + m[0].length;
    // A pattern may end in a group named `hit`: the words before it only set the context.
    const start = m.groups?.hit ? end - m.groups.hit.length : m.index;
    const [view, quotes] = cuesFor(cr);
    if (!clearedBy(s, view, cr.cues, quotes, start, end, cr.exceptions)) return [start, end];
  }
  return null;
}

/** Stretches between breaks: [start, end) pairs covering the text. */
function segments(cuts: number[], length: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = 0;
  for (let k = 0; k < cuts.length; k += 2) {
    if (cuts[k]! > from) out.push([from, cuts[k]!]);
    from = Math.max(from, cuts[k + 1]!);
  }
  if (length > from) out.push([from, length]);
  return out;
}

/**
 * A combo holds when, in one clause (or sentence), every word group has a match that no cue
 * clears: a negated certainty ("不能保证") or a warned-about request takes the whole combo down.
 */
function comboHit(s: string, cuesFor: CuesFor, cr: CompiledRule): [number, number] | null {
  for (const combo of cr.combos) {
    // One pass per word group; most texts miss a group and stop here.
    const hits: Array<Array<[number, number]>> = [];
    for (const re of combo.all) {
      re.lastIndex = 0;
      const found: Array<[number, number]> = [];
      for (const m of s.matchAll(re))
        if (m[0].length > 0) found.push([m.index, m.index + m[0].length]);
      if (found.length === 0) break;
      hits.push(found);
    }
    if (hits.length < combo.all.length) continue;
    const [view, quotes] = cuesFor(cr);
    for (const [a, b] of segments(combo.sentence ? view.sentences : view.clauses, s.length)) {
      if (combo.none && combo.none.test(s.slice(a, b))) continue;
      let lo = b;
      let hi = a;
      const all = hits.every((found) => {
        const h = found.find(
          ([x, y]) => x >= a && y <= b && !clearedBy(s, view, cr.cues, quotes, x, y, cr.exceptions),
        );
        if (!h) return false;
        lo = Math.min(lo, h[0]);
        hi = Math.max(hi, h[1]);
        return true;
      });
      if (all) return [lo, hi];
    }
  }
  return null;
}

/**
 * Where rules of different kinds claim the same words ("肯定会涨" is both a promise and a
 * prediction), the rule listed first in the packs names the violation: one finding, one kind.
 */
function dropOverlaps(alerts: GuardAlert[]): GuardAlert[] {
  const kept: GuardAlert[] = [];
  for (const a of alerts) {
    const clash = kept.some((k) => k.kind !== a.kind && a.start < k.end && k.start < a.end);
    if (!clash) kept.push(a);
  }
  return kept;
}

/** Rank of each severity, most severe first (how the sidebar lists alerts). */
export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
