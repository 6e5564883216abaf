/**
 * The sentences a pack's learned model flags where no rule spoke (learned.ts), read within the
 * same quote, report and warning scoping as the rules' own words (scope.ts).
 */
import type { Feature } from './examples.ts';
import { flagProbability, weightOf, type LearnedModel } from './learned.ts';
import { clearedBy, segments, type CompiledCues, type CueView } from './scope.ts';

/** A stretch the learned model flags, with its features. */
export interface Finding {
  /** The sentence or pair flagged. */
  from: number;
  to: number;
  start: number;
  end: number;
  feats: Feature[];
}

/** The sentences the model flags. The span is the words weighing most towards a violation. */
export function learnedFindings(
  view: CueView,
  all: Feature[],
  cues: CompiledCues,
  model: LearnedModel,
  spoken: (from: number, to: number) => boolean,
): Finding[] {
  const sentences = segments(view.sentences, view.text.length);
  const flags = (feats: Feature[]) =>
    feats.length > 0 &&
    flagProbability(
      model,
      feats.map((f) => f.key),
    ) >= model.threshold;
  const out: Finding[] = [];
  for (const [a, b] of sentences) {
    if (spoken(a, b) || !flags(all.filter((f) => f.start >= a && f.end <= b))) continue;
    // Only the agent's own words count: what is quoted, reported ("you want to know whether…")
    // or warned about is read out before the sentence is weighed again. Rare, so done only here.
    const feats = all.filter(
      (f) =>
        f.start >= a &&
        f.end <= b &&
        !clearedBy(view, cues, f.start, f.end, null, { checkNegation: false }),
    );
    if (!flags(feats)) continue;
    const strong = feats.filter((f) => weightOf(model, f.key) >= STRONG);
    const span = strong.length > 0 ? strong : feats;
    out.push({
      from: a,
      to: b,
      start: Math.min(...span.map((f) => f.start)),
      end: Math.max(...span.map((f) => f.end)),
      feats,
    });
  }
  return out;
}

/** A feature weight from which a word counts among those that made a sentence a violation. */
const STRONG = 0.5;
