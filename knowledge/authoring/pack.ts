/**
 * The script-pack format: versioned JSON holding the SOP steps, scripts, knowledge articles,
 * synonyms, roles, compliance rules, SLA policies and the start-of-shift readiness list.
 * Every section is optional so a pack can carry only knowledge, or only the procedure;
 * the enabled packs are merged in order of precedence.
 */
import {
  type Check,
  type SchemaError,
  bool,
  isPlainObject,
  list,
  num,
  obj,
  oneOf,
  record,
  regex,
  str,
  uniqueBy,
  validate,
  opt,
  req,
  words,
  packId,
  isoDate,
} from './schema.ts';
import { calendar, fieldTest, ruleContext } from './pack-case.ts';
import type { FieldTest, PackCalendar, RuleContext } from './pack-case.ts';
import { summarySchema, summaryWarnings } from './pack-summary.ts';
import type { PackSummary } from './pack-summary.ts';
import { scorecard, scorecardWarnings } from './pack-scorecard.ts';
import type { ScoreCheck, Scorecard, ScorecardItem } from './pack-scorecard.ts';
import { ALERT_KINDS, CHANNELS, LOCALES, SEVERITIES } from '../types.ts';
import type { AlertKind, Channel, Locale, Severity, Speaker } from '../types.ts';

export type { FieldTest, PackCalendar, PackSummary, RuleContext };
export type { ScoreCheck, Scorecard, ScorecardItem };

export const PACK_SCHEMA_VERSION = 1;

/** When a step applies to a case. Absent fields mean "any". */
export interface StepCondition {
  caseTypes?: string[];
  channels?: Channel[];
  /**
   * Only once a trigger of the pack has fired: `account` when the case touches an account,
   * `referral` when referred, or a pack's own (`sale` when a wealth product sale is discussed).
   */
  trigger?: string;
}

/**
 * Ticks a step when a turn (or the notes field) matches. Patterns are regular-expression
 * sources run on folded text (simplified, half-width, lower-case).
 */
export interface Detector {
  /** Whose turns count; default `agent`. */
  speaker?: Speaker;
  /** `notes`: the CRM's ticket-notes field instead of the transcript. */
  source?: 'transcript' | 'notes';
  /** Every pattern must match the same turn. */
  all?: string[];
  /** At least one must match (combined with `all`). */
  any?: string[];
  /** None may match. */
  none?: string[];
  /** For `notes`: the minimum length of the folded notes text. */
  minLength?: number;
  /** The step only ticks once the other party replies after the matching turn (a question asked). */
  reply?: boolean;
  /** `sinceTrigger`: the `all` patterns may match in different turns from the step's trigger on. */
  scope?: 'turn' | 'sinceTrigger';
}

export interface SopStep {
  id: string;
  title: string;
  /** What the agent should do, shown under the step. */
  hint?: string;
  /** SOP section it comes from, e.g. "2". */
  section?: string;
  /** A sub-step of another step (complaint sub-steps under `resolve`). */
  parent?: string;
  when?: StepCondition;
  detectors: Detector[];
  /** A sub-step that does not hold its parent open (the parent is done once the others are). */
  optional?: boolean;
}

export interface Script {
  id: string;
  step: string;
  title: string;
  /** Text with `{{variables}}` filled from the case and the agent's settings at insertion. */
  text: string;
  caseTypes?: string[];
  channels?: Channel[];
  tags?: string[];
  reviewBy?: string;
}

export interface Article {
  id: string;
  title: string;
  /** Question variants as customers ask them. */
  questions: string[];
  answer: string;
  tags?: string[];
  product?: string;
  caseTypes?: string[];
  owner?: string;
  reviewBy?: string;
}

export interface RoleDef {
  id: string;
  name: string;
  /** Authority ids the role holds, e.g. `fee_waiver`, `compensation`, `limit_change`. */
  authorities: string[];
}

export interface RuleBasis {
  law: string;
  article: string;
  /** Short quote or summary of the clause. */
  text?: string;
}

export interface GuardRule {
  id: string;
  kind: AlertKind;
  severity: Severity;
  title: string;
  /**
   * Patterns (regex sources, on folded text) that raise the alert. A pattern ending in a group
   * named `hit` reports only that group; what comes before it is context.
   */
  patterns?: string[];
  /**
   * The trainer's form of patterns: plain words and phrases, spacing and script ignored; `…`
   * (or `...`) stands for a few words in between, `<name>` for a term of the pack.
   */
  phrases?: string[];
  /** Sentences that break the rule and near misses that do not: the guard generalises from them. */
  examples?: RuleExamples;
  /** Patterns that, matching around the hit, mean it is not a violation (negations, warnings). */
  exceptions?: string[];
  /** Word groups that raise the alert wherever all of them meet in one clause or sentence. */
  combos?: GuardCombo[];
  /** An authority that permits the statement; roles holding it may say it. Absent: nobody may. */
  authority?: string;
  /**
   * The case it depends on (suitability, marketing refusal, collections). A rule with a context
   * and no words is raised by the context alone, once, on the agent's first turn it holds for.
   */
  when?: RuleContext;
  basis: RuleBasis;
  /** What to say instead. */
  alternative: string;
  /** Why it matters, in the agent's words. */
  explanation?: string;
}

/** Example sentences of a rule, written by trainers (or taken from overrides a lead confirmed). */
export interface RuleExamples {
  flag?: string[];
  ok?: string[];
}

/**
 * A violation told by words in any order ("本金……一分不差"): every `all` pattern matches, not
 * negated, within one clause (or sentence), and no `none` pattern matches there.
 */
export interface GuardCombo {
  all: string[];
  none?: string[];
  scope?: 'clause' | 'sentence';
}

/**
 * Language cues the guard applies to every rule of the pack: negation scope, quoted and
 * reported speech, fraud warnings. Regex sources on folded text; `<name>` inside any rule,
 * trigger or cue pattern is replaced by `terms[name]`.
 */
export interface GuardCues {
  /**
   * The probability from which the model learned from the examples flags a sentence no rule
   * matched (0.5–1, default 0.95); 1 turns it off.
   */
  learnedThreshold?: number;
  terms?: Record<string, string>;
  /**
   * Regional words read as the pack's own, on top of OpenCC's Taiwan and Hong Kong phrase tables
   * ("末三碼": "后三位", Cantonese "唔": "不").
   */
  regional?: Record<string, string>;
  /**
   * Agreement with a reported claim ("确实是这样", "that's right"): a hit cleared as quoted or
   * reported stands when the agent endorses it later in the sentence.
   */
  endorsements?: string[];
  /** Words that open a new scope ("but", "但是"): a disclaimer before them does not cover after. */
  contrasts?: string[];
  /** A negation before the hit, within the same clause and `negationWindow` characters, clears it. */
  negations?: string[];
  /** Phrases holding a negation word that negate nothing ("不用担心", "don't worry"). */
  notNegations?: string[];
  /** A negation right after the hit, in its clause ("保本这个我不能说"): anchored at the hit's end. */
  postNegations?: string[];
  /** Reported or quoted claims ("所谓", "you mentioned"): anywhere before the hit in its clause. */
  reported?: string[];
  /** Fraud warnings: a hit in a sentence holding one is not a violation. */
  warnings?: string[];
  /** Where a clause ends (punctuation, "but"); sentences end at `sentenceBreaks`. */
  clauseBreaks?: string[];
  sentenceBreaks?: string[];
  negationWindow?: number;
}

/** What makes a conditional step apply: a case type, a product, or words in the transcript. */
export interface CaseTrigger {
  /** `account`, `referral`, or the pack's own id that steps name in `when.trigger`. */
  id: string;
  caseTypes?: string[];
  /** Patterns on the case's product field. */
  products?: string[];
  /** Patterns on transcript turns. */
  patterns?: string[];
  /** Whose turns count; default both. */
  speaker?: Speaker;
  /** CRM fields that must also hold (a sale of an insurance product for the cooling-off notice). */
  fields?: FieldTest[];
}

export interface SlaPolicy {
  channel: Channel;
  /** First reply due after this many seconds (chat, phone). */
  firstReplySeconds?: number;
  /** Reply due within this many working hours (message, email). */
  replyWorkingHours?: number;
  /** Share of the allowance after which the timer turns amber (default 0.5). */
  warnAt?: number;
}

export interface ReadinessItem {
  id: string;
  text: string;
}

export interface Pack {
  schemaVersion: typeof PACK_SCHEMA_VERSION;
  id: string;
  name: string;
  locale: Locale;
  version: string;
  owner?: string;
  reviewBy?: string;
  description?: string;
  /** The institution's name, available to scripts as `{{institution}}`. */
  institution?: string;
  steps?: SopStep[];
  scripts?: Script[];
  articles?: Article[];
  /** Groups of interchangeable words: ["挂失", "冻结卡"], ["fee", "charge"]. */
  synonyms?: string[][];
  roles?: RoleDef[];
  rules?: GuardRule[];
  sla?: SlaPolicy[];
  calendar?: PackCalendar;
  readiness?: ReadinessItem[];
  guard?: GuardCues;
  triggers?: CaseTrigger[];
  /** The case summary drafted for the ticket (record step): template, phrases, field rules. */
  summary?: PackSummary;
  /** The QA scorecard every case of this pack is scored on. */
  scorecard?: Scorecard;
}

const id = packId;
const date = isoDate;
const text = str({ max: 20_000 });

const condition = obj({
  caseTypes: opt(words),
  channels: opt(list(oneOf(CHANNELS))),
  trigger: opt(id),
});

const detector = obj({
  speaker: opt(oneOf(['agent', 'customer'])),
  source: opt(oneOf(['transcript', 'notes'])),
  all: opt(list(regex)),
  any: opt(list(regex)),
  none: opt(list(regex)),
  minLength: opt(num({ min: 0, integer: true })),
  reply: opt(bool),
  scope: opt(oneOf(['turn', 'sinceTrigger'])),
});

const step = obj({
  id: req(id),
  title: req(str({ max: 200 })),
  hint: opt(text),
  section: opt(str()),
  parent: opt(id),
  when: opt(condition),
  detectors: req(list(detector)),
  optional: opt(bool),
});

const script = obj({
  id: req(id),
  step: req(id),
  title: req(str({ max: 200 })),
  text: req(text),
  caseTypes: opt(words),
  channels: opt(list(oneOf(CHANNELS))),
  tags: opt(words),
  reviewBy: opt(date),
});

const article = obj({
  id: req(id),
  title: req(str({ max: 500 })),
  questions: req(list(str({ max: 2_000 }), { min: 1 })),
  answer: req(text),
  tags: opt(words),
  product: opt(str({ max: 200 })),
  caseTypes: opt(words),
  owner: opt(str({ max: 200 })),
  reviewBy: opt(date),
});

const role = obj({ id: req(id), name: req(str()), authorities: req(list(id)) });

const rule = obj({
  id: req(id),
  kind: req(oneOf(ALERT_KINDS)),
  severity: req(oneOf(SEVERITIES)),
  title: req(str({ max: 200 })),
  patterns: opt(list(regex)),
  phrases: opt(list(str({ max: 500 }))),
  examples: opt(obj({ flag: opt(list(str({ max: 1_000 }))), ok: opt(list(str({ max: 1_000 }))) })),
  exceptions: opt(list(regex)),
  combos: opt(
    list(
      obj({
        all: req(list(regex, { min: 1 })),
        none: opt(list(regex)),
        scope: opt(oneOf(['clause', 'sentence'])),
      }),
    ),
  ),
  authority: opt(id),
  when: opt(ruleContext),
  basis: req(obj({ law: req(str()), article: req(str()), text: opt(str({ max: 5_000 })) })),
  alternative: req(text),
  explanation: opt(text),
});

const sla = obj({
  channel: req(oneOf(CHANNELS)),
  firstReplySeconds: opt(num({ min: 1 })),
  replyWorkingHours: opt(num({ min: 0.1 })),
  warnAt: opt(num({ min: 0, max: 1 })),
});

const guardCues = obj({
  terms: opt(record(str({ max: 5_000 }))),
  regional: opt(record(str({ max: 200 }))),
  endorsements: opt(list(regex)),
  contrasts: opt(list(regex)),
  negations: opt(list(regex)),
  notNegations: opt(list(regex)),
  postNegations: opt(list(regex)),
  reported: opt(list(regex)),
  warnings: opt(list(regex)),
  clauseBreaks: opt(list(regex)),
  sentenceBreaks: opt(list(regex)),
  negationWindow: opt(num({ min: 1, integer: true })),
  learnedThreshold: opt(num({ min: 0.5, max: 1 })),
});

const trigger = obj({
  id: req(id),
  caseTypes: opt(words),
  products: opt(list(regex)),
  patterns: opt(list(regex)),
  speaker: opt(oneOf(['agent', 'customer'])),
  fields: opt(list(fieldTest)),
});

export const packSchema: Check = obj({
  schemaVersion: req(oneOf([PACK_SCHEMA_VERSION])),
  id: req(id),
  name: req(str({ max: 200 })),
  locale: req(oneOf(LOCALES)),
  version: req(str({ max: 50 })),
  owner: opt(str()),
  reviewBy: opt(date),
  description: opt(text),
  institution: opt(str({ max: 200 })),
  steps: opt(uniqueBy('id', step)),
  scripts: opt(uniqueBy('id', script)),
  articles: opt(uniqueBy('id', article)),
  synonyms: opt(list(list(str({ max: 200 }), { min: 2 }))),
  roles: opt(uniqueBy('id', role)),
  rules: opt(uniqueBy('id', rule)),
  sla: opt(list(sla)),
  calendar: opt(calendar),
  readiness: opt(uniqueBy('id', obj({ id: req(id), text: req(str()) }))),
  guard: opt(guardCues),
  triggers: opt(list(trigger)),
  summary: opt(summarySchema),
  scorecard: opt(scorecard),
});

export type PackResult =
  { ok: true; pack: Pack; warnings: SchemaError[] } | { ok: false; errors: SchemaError[] };

/**
 * Validates a parsed pack. Either the whole pack is returned, or every error with its path:
 * never a partial import. Warnings flag references that do not resolve inside the pack.
 */
export function validatePack(value: unknown): PackResult {
  const errors = validate(packSchema, value);
  if (!isPlainObject(value)) return { ok: false, errors };
  if (errors.length > 0) return { ok: false, errors };
  const pack = value as unknown as Pack;
  const warnings: SchemaError[] = [];
  pack.rules?.forEach((r, i) => {
    const empty = !r.patterns?.length && !r.phrases?.length && !r.combos?.length;
    const byContext = !!(r.when?.fields?.length || r.when?.outsideHours);
    if (empty && !r.examples?.flag?.length && !byContext)
      errors.push({
        path: `rules[${i}]`,
        reason: 'a rule needs patterns, phrases, combos, flag examples, or case fields to test',
      });
    r.when?.fields?.forEach((t, j) => {
      const tests = ['above', 'olderThanMonths', 'empty', 'in', 'listsChannel'] as const;
      if (tests.filter((k) => t[k] !== undefined).length !== 1)
        errors.push({
          path: `rules[${i}].when.fields[${j}]`,
          reason: 'give exactly one test: above, olderThanMonths, empty, in or listsChannel',
        });
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  const stepIds = new Set((pack.steps ?? []).map((s) => s.id));
  if (stepIds.size > 0) {
    pack.scripts?.forEach((s, i) => {
      if (!stepIds.has(s.step))
        warnings.push({ path: `scripts[${i}].step`, reason: `no step "${s.step}" in this pack` });
    });
    if (pack.scorecard) warnings.push(...scorecardWarnings(pack.scorecard, stepIds));
  }
  if (pack.summary) warnings.push(...summaryWarnings(pack.summary));
  return { ok: true, pack, warnings };
}

/** Parses JSON text and validates it as a pack; a syntax error is reported like any other. */
export function parsePack(json: string): PackResult {
  let value: unknown;
  try {
    value = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, errors: [{ path: '', reason: `not valid JSON: ${(e as Error).message}` }] };
  }
  return validatePack(value);
}

/** True for a pack item whose review-by date has passed. */
export function isPastReview(reviewBy: string | undefined, today: Date = new Date()): boolean {
  return reviewBy !== undefined && reviewBy < today.toISOString().slice(0, 10);
}
