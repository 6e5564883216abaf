/**
 * Where a hit stands in its text: clauses and sentences, quotes, negation, reported speech,
 * fraud warnings and endorsement. The cues are pack data; this is how every rule applies them.
 */
import { anyOf } from './patterns.ts';
import type { GuardCues } from '../authoring/pack.ts';

export interface CompiledCues {
  negation: RegExp | null;
  /** The same, global: every negation of a text at once. */
  negationAll: RegExp | null;
  notNegation: RegExp | null;
  postNegation: RegExp | null;
  reported: RegExp | null;
  warning: RegExp | null;
  endorsement: RegExp | null;
  contrast: RegExp | null;
  clauseBreak: RegExp | null;
  sentenceBreak: RegExp | null;
  window: number;
}

/** Compiles a pack's cues (terms expanded). */
export function compileCues(cues: GuardCues | undefined): CompiledCues {
  const t = cues?.terms;
  return {
    negation: anyOf(cues?.negations, t),
    negationAll: anyOf(cues?.negations, t, 'gu'),
    notNegation: anyOf(cues?.notNegations, t, 'gu'),
    postNegation: anyOf(cues?.postNegations, t),
    reported: anyOf(cues?.reported, t),
    warning: anyOf(cues?.warnings, t),
    endorsement: anyOf(cues?.endorsements, t),
    contrast: anyOf(cues?.contrasts, t, 'gu'),
    clauseBreak: anyOf(cues?.clauseBreaks, t, 'gu'),
    sentenceBreak: anyOf(cues?.sentenceBreaks, t, 'gu'),
    window: cues?.negationWindow ?? 12,
  };
}

/** Quoted stretches ("...", '...' around words) of a prepared text, as [start, end) pairs. */
export function quotedSpans(s: string): Array<[number, number]> {
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

/** Positions where a clause or sentence ends, as start/end pairs, ascending. */
function breaks(s: string, re: RegExp | null): number[] {
  if (!re) return [];
  const out: number[] = [];
  re.lastIndex = 0;
  for (const m of s.matchAll(re)) out.push(m.index, m.index + m[0].length);
  return out;
}

/** The [start, end) of the clause or sentence (per `cuts`) holding [pos, end). */
export function boundsAround(
  pos: number,
  end: number,
  cuts: number[],
  length: number,
): [number, number] {
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

/** Stretches between breaks: [start, end) pairs covering the text. */
export function segments(cuts: number[], length: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = 0;
  for (let k = 0; k < cuts.length; k += 2) {
    if (cuts[k]! > from) out.push([from, cuts[k]!]);
    from = Math.max(from, cuts[k + 1]!);
  }
  if (length > from) out.push([from, length]);
  return out;
}

/** One prepared text as one pack's cues see it, worked out once per text. */
export interface CueView {
  text: string;
  /** The text with phrases that negate nothing ("不用担心") blanked out. */
  masked: string;
  clauses: number[];
  sentences: number[];
  quotes: Array<[number, number]>;
  /** Negations and contrasts of the text, found once when first asked for. */
  marks?: { negations: Array<[number, number]>; contrasts: Array<[number, number]> };
}

/** The cue view of a prepared text. */
export function cueView(s: string, cues: CompiledCues): CueView {
  const masked = cues.notNegation ? s.replace(cues.notNegation, (m) => ' '.repeat(m.length)) : s;
  return {
    text: s,
    masked,
    clauses: breaks(masked, cues.clauseBreak),
    sentences: breaks(s, cues.sentenceBreak),
    quotes: quotedSpans(s),
  };
}

/** Whether a negation cue governs [start, end) in its clause (before it, or right after). */
export function negated(view: CueView, cues: CompiledCues, start: number, end: number): boolean {
  const [cs, ce] = boundsAround(start, end, view.clauses, view.text.length);
  const before = view.masked.slice(cs, start);
  if (cues.negation && cues.negation.test(before.slice(Math.max(0, before.length - cues.window))))
    return true;
  return !!cues.postNegation && cues.postNegation.test(view.masked.slice(end, ce));
}

/** Whether the agent agrees, later in the sentence, with a claim they quoted or reported. */
function endorsed(view: CueView, cues: CompiledCues, end: number): boolean {
  if (!cues.endorsement) return false;
  const [, se] = boundsAround(end, end, view.sentences, view.text.length);
  const rest = view.masked.slice(end, se);
  const m = cues.endorsement.exec(rest);
  if (!m) return false;
  // "that's not quite right" corrects the claim: a negation just before the agreement undoes it.
  const lead = rest.slice(Math.max(0, m.index - 8), m.index);
  return !(cues.negation && cues.negation.test(lead));
}

/** Why a hit does not count, or null when it stands. */
export function clearedBy(
  view: CueView,
  cues: CompiledCues,
  start: number,
  end: number,
  exceptions: RegExp | null,
  { checkNegation = true }: { checkNegation?: boolean } = {},
): string | null {
  const s = view.text;
  const [cs, ce] = boundsAround(start, end, view.clauses, s.length);
  if (view.quotes.some(([a, b]) => start >= a && end <= b))
    return endorsed(view, cues, end) ? null : 'quoted';
  if (checkNegation && negated(view, cues, start, end)) return 'negated';
  if (cues.reported && cues.reported.test(view.masked.slice(cs, start)))
    return endorsed(view, cues, end) ? null : 'reported';
  if (cues.warning) {
    const [ss, se] = boundsAround(start, end, view.sentences, s.length);
    if (cues.warning.test(s.slice(ss, se))) return 'warning';
  }
  if (exceptions && exceptions.test(s.slice(cs, ce))) return 'exception';
  return null;
}

/**
 * Whether a stretch of a sentence is negated: by a negation in it, or earlier in its sentence
 * ("we never ask for a passcode, your PIN or your password"), unless a contrast ("but", "但是")
 * came in between: what follows a contrast is not covered by the disclaimer before it.
 */
export function polarity(view: CueView, cues: CompiledCues, a: number, b: number): boolean {
  if (!cues.negationAll) return false;
  view.marks ??= {
    negations: positions(view.masked, cues.negationAll),
    contrasts: positions(view.masked, cues.contrast),
  };
  let [from] = boundsAround(a, b, view.sentences, view.text.length);
  for (const [at, end] of view.marks.contrasts) if (at >= from && at <= a + 1) from = end;
  return view.marks.negations.some(([at]) => at >= from && at < b);
}

function positions(s: string, re: RegExp | null): Array<[number, number]> {
  if (!re) return [];
  re.lastIndex = 0;
  return [...s.matchAll(re)].map((m) => [m.index, m.index + m[0].length]);
}
