/**
 * The compliance guard: finds what an agent must not say, from the rules of the packs.
 *
 * Rules are data: patterns on folded text, the trainer's plain phrases, word combos that must
 * meet in one clause or sentence in any order, and example sentences the guard generalises from
 * (examples.ts). Text is folded first: characters, Taiwan and Hong Kong phrases, romanised
 * Chinese, spacing inside Chinese words (patterns.ts, lexicon.ts). A hit is cleared when it sits
 * inside quotes or reported speech (unless the agent then endorses it), after a negation in its
 * clause, in a fraud-warning sentence, when one of the rule's exceptions matches its clause, or
 * when the speaker's role holds the rule's authority (scope.ts). The cues are pack data.
 */
import { anyOf, prepare, type Lexicon, type Prepared } from './patterns.ts';
import { packLexicon, phraseSource } from './lexicon.ts';
import { evaluateContext, type CaseFacts } from './context.ts';
import {
  closestExample,
  exampleSpace,
  features,
  nearestExamples,
  prepareExamples,
  trainingSamples,
  type ExampleMatch,
  type ExampleSpace,
  type Feature,
} from './examples.ts';
import {
  learnModel,
  learnRuleNamer,
  nameRules,
  type LearnedModel,
  type RuleNamer,
} from './learned.ts';
import { learnedFindings } from './findings.ts';
import {
  clearedBy,
  compileCues,
  cueView,
  polarity,
  segments,
  type CompiledCues,
  type CueView,
} from './scope.ts';
import type { GuardCombo, GuardRule, Pack, RuleBasis } from '../authoring/pack.ts';
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
  /** Set when the rule was raised by resemblance to one of its example sentences. */
  example?: ExampleMatch;
}

interface CompiledCombo {
  all: RegExp[];
  none: RegExp | null;
  sentence: boolean;
}

/** What every rule of one pack shares: its cues, its lexicon and its examples. */
export interface PackScope {
  cues: CompiledCues;
  lexicon: Lexicon | null;
  examples: ExampleSpace | null;
  /** The model learned from the examples and the pack's compliant text (learned.ts). */
  model: LearnedModel | null;
  /** Which rule a sentence the model flags breaks. */
  namer: RuleNamer | null;
}

export interface CompiledRule {
  rule: GuardRule;
  /** The patterns as one expression, and apart those that report a `hit` group of their own. */
  res: RegExp[];
  exceptions: RegExp | null;
  combos: CompiledCombo[];
  scope: PackScope;
  /** A rule of the case alone (a call outside hours): no words to match, see `contextAlerts`. */
  contextOnly: boolean;
}

export interface CompiledGuard {
  rules: CompiledRule[];
  /** Role id -> authorities it holds. */
  roles: Map<string, Set<string>>;
  /** The lexicon of the first pack with rules: the SOP steps read turns with it too. */
  lexicon: Lexicon | undefined;
}

function compileRule(rule: GuardRule, pack: Pack, scope: PackScope): CompiledRule {
  const terms = pack.guard?.terms;
  const sources = [...(rule.patterns ?? []), ...(rule.phrases ?? []).map(phraseSource)];
  // An alternation tries its patterns in order at each position: a `hit` pattern placed after
  // one that matches the same start (and is cleared) would never be tried.
  const own = sources.filter((src) => src.includes('(?<hit>'));
  const rest = anyOf(
    sources.filter((src) => !own.includes(src)),
    terms,
    'gu',
  );
  return {
    rule,
    res: [...(rest ? [rest] : []), ...own.map((src) => anyOf([src], terms, 'gu')!)],
    exceptions: anyOf(rule.exceptions, terms),
    combos: (rule.combos ?? []).map((c: GuardCombo) => ({
      all: c.all.map((p) => anyOf([p], terms, 'gu')!),
      none: anyOf(c.none, terms),
      sentence: c.scope === 'sentence',
    })),
    scope,
    contextOnly:
      !!rule.when && sources.length === 0 && !rule.combos?.length && !rule.examples?.flag?.length,
  };
}

function packScope(pack: Pack, others: Pack[]): PackScope {
  const cues = compileCues(pack.guard);
  const lexicon = packLexicon(pack);
  const prepared = prepareExamples(
    { pack, prepare: (t) => prepare(t, lexicon ?? undefined).text },
    others.filter((o) => o !== pack),
  );
  if (!prepared) return { cues, lexicon, examples: null, model: null, namer: null };
  const examples = exampleSpace(
    prepared,
    (p) => !!cues.negation && cues.negation.test(cueView(p, cues).masked),
  );
  const threshold = pack.guard?.learnedThreshold;
  const model =
    threshold === 1 ? null : learnModel(trainingSamples(prepared), threshold ? { threshold } : {});
  const flags = prepared.raw.flatMap((e, i) =>
    e.flag ? [{ ruleId: e.ruleId, keys: prepared.docs[i]!.feats.map((f) => f.key) }] : [],
  );
  return { cues, lexicon, examples, model, namer: model && learnRuleNamer(flags) };
}

/** Compiles the rules and roles of a pack set; patterns use the terms and cues of their own pack. */
export function compileGuard(packs: Pack[]): CompiledGuard {
  const rules: CompiledRule[] = [];
  const seen = new Set<string>();
  const roles = new Map<string, Set<string>>();
  for (const pack of packs) {
    const own = (pack.rules ?? []).filter((r) => !seen.has(r.id)); // earlier packs win
    if (own.length > 0) {
      const scope = packScope(pack, packs);
      for (const rule of own) {
        seen.add(rule.id);
        rules.push(compileRule(rule, pack, scope));
      }
    }
    for (const role of pack.roles ?? []) {
      if (!roles.has(role.id)) roles.set(role.id, new Set(role.authorities));
    }
  }
  const lexicon = rules.find((r) => r.scope.lexicon)?.scope.lexicon ?? undefined;
  const guard = { rules, roles, lexicon };
  warmUp(guard);
  return guard;
}

/**
 * Runs every expression a few times on Latin and Chinese text, so the engine compiles them to
 * machine code now rather than on the agent's first keystrokes (a first run can take 20 ms).
 */
function warmUp(guard: CompiledGuard): void {
  const samples = ['we will guarantee your returns, no risk', '这款产品保本保息，请提供验证码'];
  // The example sentences, joined into longer drafts, warm up the nearest-neighbour path too.
  const spaces = new Set(guard.rules.map((r) => r.scope.examples));
  const drafts = [...spaces].flatMap((sp) => {
    const texts = (sp?.examples ?? []).map((e) => e.text);
    return Array.from({ length: Math.min(12, texts.length >> 2) }, (_, i) =>
      texts.slice(i * 4, i * 4 + 4).join(' '),
    );
  });
  for (const text of drafts) checkText(guard, text, 'agent');
  for (let round = 0; round < 3; round++) {
    for (const text of samples) checkText(guard, text, 'agent');
    for (const cr of guard.rules) {
      const c = cr.scope.cues;
      const all = [...cr.res, cr.exceptions, c.negation, c.postNegation, c.reported, c.warning];
      for (const re of [...cr.combos.flatMap((k) => [...k.all, k.none]), ...all]) {
        if (!re) continue;
        for (const text of samples) {
          re.lastIndex = 0;
          re.test(text);
        }
      }
    }
  }
}

export interface CheckOptions {
  /** Only rules of these kinds (default: all). */
  kinds?: ReadonlySet<AlertKind>;
  /** The case, for rules that depend on it (`when`); without it those rules are not checked. */
  facts?: CaseFacts;
  /** Read rules that depend on the case as if it met them (a trainer testing the words). */
  assumeContext?: boolean;
}

/** One text as one pack sees it: prepared with its lexicon, cut by its cues. */
interface Reading {
  prep: Prepared;
  view: CueView;
  near?: ReturnType<typeof nearestExamples>;
  feats?: Feature[];
}

/** Every alert a text raises for a speaker of `role`; at most one per rule. */
export function checkText(
  guard: CompiledGuard,
  original: string,
  role: string,
  options: CheckOptions = {},
): GuardAlert[] {
  if (original.trim() === '') return [];
  const held = guard.roles.get(role);
  const readings = new Map<PackScope, Reading>();
  const readingFor = (scope: PackScope): Reading => {
    let r = readings.get(scope);
    if (!r) {
      const prep = prepare(original, scope.lexicon ?? undefined);
      readings.set(scope, (r = { prep, view: cueView(prep.text, scope.cues) }));
    }
    return r;
  };
  const alerts: GuardAlert[] = [];
  const alertOf = (cr: CompiledRule, r: Reading, hit: Hit): GuardAlert => {
    const { rule } = cr;
    const oStart = r.prep.map[hit.start]!;
    const oEnd = r.prep.map[hit.end - 1]! + 1;
    return {
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
      ...(hit.example ? { example: hit.example } : {}),
    };
  };
  const applicable = guard.rules.filter((cr) => applies(cr, held, options));
  for (const cr of applicable) {
    const r = readingFor(cr.scope);
    // A pack with enough examples for a model is read by the model (below) instead of by
    // nearest example per rule: that one follows a rule past the speaker's authority.
    const hit =
      patternHit(r.view, cr) ?? comboHit(r.view, cr) ?? (cr.scope.model ? null : exampleHit(r, cr));
    if (hit) alerts.push(alertOf(cr, r, hit));
  }
  // Then what the learned models flag where no rule spoke: named after the nearest example.
  for (const scope of new Set(applicable.map((cr) => cr.scope))) {
    const r = readingFor(scope);
    for (const [cr, hit] of learnedHits(guard, scope, r, applicable, held, alerts))
      alerts.push(alertOf(cr, r, hit));
  }
  return dropOverlaps(alerts);
}

/** The hits of a pack's learned model for one reading, past what the rules already raised. */
function learnedHits(
  guard: CompiledGuard,
  scope: PackScope,
  r: Reading,
  applicable: CompiledRule[],
  held: Set<string> | undefined,
  alerts: GuardAlert[],
): Array<[CompiledRule, Hit]> {
  if (!scope.model || !scope.namer || !scope.examples) return [];
  const out: Array<[CompiledRule, Hit]> = [];
  const byId = new Map(applicable.filter((cr) => cr.scope === scope).map((cr) => [cr.rule.id, cr]));
  // A sentence a rule already spoke on is not read again.
  const spoken = (a: number, b: number) => {
    const oStart = r.prep.map[a]!;
    const oEnd = r.prep.map[b - 1]! + 1;
    return alerts.some((x) => x.start < oEnd && oStart < x.end);
  };
  // Rules this speaker may break by authority (a lead's waiver or goodwill credit).
  const excused = new Set(
    guard.rules
      .filter((cr) => cr.scope === scope && cr.rule.authority && held?.has(cr.rule.authority))
      .map((cr) => cr.rule.id),
  );
  for (const f of learnedFindings(
    r.view,
    (r.feats ??= features(r.view.text)),
    scope.cues,
    scope.model,
    spoken,
  )) {
    // The likeliest rule names it. When that rule is not asked for, or the speaker holds the
    // authority of one of the likeliest few, it is let through: naming past them is a guess.
    const named = nameRules(
      scope.namer!,
      f.feats.map((x) => x.key),
    );
    if (named.slice(0, NAMED_DOUBT).some((id) => excused.has(id))) continue;
    const cr = byId.get(named[0]!);
    if (!cr || cr.contextOnly) continue;
    // Quoted, reported, warned about or excepted as a pattern's words would be; negation the
    // model weighs itself, from the negated ok examples.
    if (clearedBy(r.view, scope.cues, f.start, f.end, cr.exceptions, { checkNegation: false }))
      continue;
    // And it must resemble one of that rule's examples: a model leaning on a few common words
    // ("tell me", "daily limit") in a how-to answer is not enough.
    const example = closestExample(scope.examples, f.feats, cr.rule.id);
    if (!example || example.similarity < RESEMBLANCE) continue;
    out.push([cr, { ...f, example }]);
  }
  return out;
}

/** Whether a rule is checked for this speaker and case (its kind asked for, authority, context). */
function applies(cr: CompiledRule, held: Set<string> | undefined, options: CheckOptions): boolean {
  const { rule } = cr;
  if (options.kinds && !options.kinds.has(rule.kind)) return false;
  if (rule.authority && held?.has(rule.authority)) return false;
  if (rule.when && !(options.assumeContext && !cr.contextOnly)) {
    if (cr.contextOnly || !options.facts) return false;
    if (evaluateContext(rule.when, options.facts).state !== 'holds') return false;
  }
  return true;
}

/** How many of the likeliest rules a speaker's authority over one of them excuses. */
const NAMED_DOUBT = 3;

/** The least cosine to the named rule's nearest flag example for a learned alert to stand. */
export const RESEMBLANCE = 0.25;

/** The alert of a rule as raised without words of its own (by the case alone). */
export function ruleAlert(rule: GuardRule): GuardAlert {
  return {
    ruleId: rule.id,
    kind: rule.kind,
    severity: rule.severity,
    title: rule.title,
    start: 0,
    end: 0,
    match: '',
    basis: rule.basis,
    alternative: rule.alternative,
    ...(rule.explanation ? { explanation: rule.explanation } : {}),
  };
}

/** Rules raised by the case alone that hold now (a collections call outside permitted hours). */
export function contextAlerts(guard: CompiledGuard, role: string, facts: CaseFacts): GuardAlert[] {
  const held = guard.roles.get(role);
  return guard.rules
    .filter((cr) => cr.contextOnly && !(cr.rule.authority && held?.has(cr.rule.authority)))
    .filter((cr) => evaluateContext(cr.rule.when!, facts).state === 'holds')
    .map((cr) => ruleAlert(cr.rule));
}

interface Hit {
  start: number;
  end: number;
  example?: ExampleMatch;
}

/** The first match of a rule's patterns that no cue clears. */
function patternHit(view: CueView, cr: CompiledRule): Hit | null {
  for (const re of cr.res) {
    const hit = firstStanding(view, cr, re);
    if (hit) return hit;
  }
  return null;
}

function firstStanding(view: CueView, cr: CompiledRule, re: RegExp): Hit | null {
  re.lastIndex = 0;
  for (let m = re.exec(view.text); m; m = re.exec(view.text)) {
    // A cleared match is retried one character on: another pattern may start inside it
    // ("不会要求您提供密码，但您直接告诉我" holds a request after the negated one).
    re.lastIndex = m.index + 1;
    if (m[0].length === 0) continue;
    const end = m.index + m[0].length;
    // A pattern may end in a group named `hit`: the words before it only set the context.
    const start = m.groups?.hit ? end - m.groups.hit.length : m.index;
    if (!clearedBy(view, cr.scope.cues, start, end, cr.exceptions)) return { start, end };
  }
  return null;
}

/**
 * A combo holds when, in one clause (or sentence), every word group has a match that no cue
 * clears: a negated certainty ("不能保证") or a warned-about request takes the whole combo down.
 */
function comboHit(view: CueView, cr: CompiledRule): Hit | null {
  const s = view.text;
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
    for (const [a, b] of segments(combo.sentence ? view.sentences : view.clauses, s.length)) {
      if (combo.none && combo.none.test(s.slice(a, b))) continue;
      let lo = b;
      let hi = a;
      const taken: Array<[number, number]> = [];
      const all = hits.every((found) => {
        // Each group needs words of its own: "100%" is not both the certainty and the gain.
        const h = found.find(
          ([x, y]) =>
            x >= a &&
            y <= b &&
            !taken.some(([p, q]) => x < q && p < y) &&
            !clearedBy(view, cr.scope.cues, x, y, cr.exceptions),
        );
        if (!h) return false;
        taken.push(h);
        lo = Math.min(lo, h[0]);
        hi = Math.max(hi, h[1]);
        return true;
      });
      if (all) return { start: lo, end: hi };
    }
  }
  return null;
}

/**
 * The rule by resemblance: the nearest flag example, when the words it shares are not quoted,
 * reported, warned about or excepted (polarity is matched by the space itself).
 */
function exampleHit(r: Reading, cr: CompiledRule): Hit | null {
  const space = cr.scope.examples;
  if (!space || !cr.rule.examples?.flag?.length) return null;
  const { cues } = cr.scope;
  r.near ??= nearestExamples(space, r.view, (a, b) => polarity(r.view, cues, a, b));
  const n = r.near.get(cr.rule.id);
  if (!n) return null;
  const opts = { checkNegation: false };
  if (clearedBy(r.view, cues, n.start, n.end, cr.exceptions, opts)) return null;
  return { start: n.start, end: n.end, example: n.match };
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
