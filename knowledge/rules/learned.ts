/**
 * A model learned from a pack's example sentences: logistic regression over the same features
 * as the nearest-neighbour space (character bigrams in Chinese, words and word pairs in Latin
 * text). Where patterns and combos know only the wordings a trainer wrote down, the weights
 * carry what the examples share: a new wording of a violation is flagged when its words lean
 * the way the flag examples' words do, and the pack's compliant text (scripts, articles) and ok
 * examples teach which words alone are no violation ("金融卡密码" in a how-to answer).
 *
 * Training is deterministic (a fixed shuffle), so one pack always compiles to one model.
 */

/** One training sentence: its distinct feature keys and whether it must be flagged. */
export interface Sample {
  keys: string[];
  flag: boolean;
}

/** How the model learns and when it speaks. */
export interface LearnOptions {
  epochs: number;
  /** AdaGrad's base step. */
  rate: number;
  /** L2 penalty per update, so one rare word cannot carry a sentence on its own. */
  l2: number;
  /** The probability of a violation from which a sentence is flagged. */
  threshold: number;
  /** Fewer flag or ok samples than this and no model is learned: it would only echo them. */
  minSamples: number;
}

/**
 * Chosen on the held-out batches in date order (each scored by a model of the batches written
 * before it): 0.95 keeps the model's own precision near 0.99 with the recall it adds.
 */
export const LEARN_DEFAULTS: LearnOptions = {
  epochs: 15,
  rate: 0.5,
  l2: 1e-4,
  threshold: 0.95,
  minSamples: 40,
};

/** The learned weights, by feature key. */
export interface LearnedModel {
  index: Map<string, number>;
  weights: Float64Array;
  bias: number;
  threshold: number;
}

/** Learns a model from samples; null when there are too few of either kind to learn from. */
export function learnModel(
  samples: Sample[],
  options: Partial<LearnOptions> = {},
): LearnedModel | null {
  const o = { ...LEARN_DEFAULTS, ...options };
  const flags = samples.filter((s) => s.flag).length;
  if (flags < o.minSamples || samples.length - flags < o.minSamples) return null;
  const index = new Map<string, number>();
  const rows = samples.map((s) => {
    const ids = new Int32Array(s.keys.length);
    s.keys.forEach((k, i) => {
      let id = index.get(k);
      if (id === undefined) index.set(k, (id = index.size));
      ids[i] = id;
    });
    return { ids, y: s.flag ? 1 : 0 };
  });
  const w = new Float64Array(index.size);
  const g = new Float64Array(index.size).fill(1e-8);
  let bias = 0;
  let gBias = 1e-8;
  const order = rows.map((_, i) => i);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    // A fixed permutation per epoch: the same pack always learns the same weights.
    for (let i = order.length - 1; i > 0; i--) {
      const j = (i * 7919 + epoch * 31) % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const r of order) {
      const { ids, y } = rows[r]!;
      let z = bias;
      for (const id of ids) z += w[id]!;
      const err = 1 / (1 + Math.exp(-z)) - y;
      for (const id of ids) {
        const grad = err + o.l2 * w[id]!;
        g[id]! += grad * grad;
        w[id]! -= (o.rate * grad) / Math.sqrt(g[id]!);
      }
      gBias += err * err;
      bias -= (o.rate * err) / Math.sqrt(gBias);
    }
  }
  return { index, weights: w, bias, threshold: o.threshold };
}

/** The weight of one feature (0 for a feature no sample had). */
export function weightOf(model: LearnedModel, key: string): number {
  const id = model.index.get(key);
  return id === undefined ? 0 : model.weights[id]!;
}

/** The model's probability that a sentence with these features must be flagged. */
export function flagProbability(model: LearnedModel, keys: Iterable<string>): number {
  let z = model.bias;
  for (const k of new Set(keys)) z += weightOf(model, k);
  return 1 / (1 + Math.exp(-z));
}

/**
 * Which rule a flagged sentence breaks: naive Bayes over the words of each rule's flag
 * examples. Every word counts, the common ones too ("减免" and "手续费" tell a waiver from a
 * promise although hundreds of examples have them), where a nearest example would follow one
 * rare word ("主管").
 */
export interface RuleNamer {
  rules: string[];
  /** Per rule: log prior plus the log probability every unseen word gets. */
  base: Float64Array;
  unseen: Float64Array;
  /** Word -> [rule index, log probability minus the rule's unseen] for the rules that have it. */
  seen: Map<string, Array<[number, number]>>;
}

/** Learns the rule namer from flag samples with their rule ids. */
export function learnRuleNamer(samples: Array<{ keys: string[]; ruleId: string }>): RuleNamer {
  const rules = [...new Set(samples.map((s) => s.ruleId))];
  const at = new Map(rules.map((r, i) => [r, i]));
  const counts = new Map<string, Map<number, number>>();
  const totals = new Float64Array(rules.length);
  const docs = new Float64Array(rules.length);
  for (const s of samples) {
    const r = at.get(s.ruleId)!;
    docs[r]!++;
    for (const k of s.keys) {
      const m = counts.get(k) ?? new Map<number, number>();
      m.set(r, (m.get(r) ?? 0) + 1);
      counts.set(k, m);
      totals[r]!++;
    }
  }
  const vocabulary = counts.size + 1;
  const unseen = totals.map((t) => Math.log(1 / (t + vocabulary)));
  const base = docs.map((d) => Math.log(d / samples.length));
  const seen = new Map<string, Array<[number, number]>>();
  for (const [k, m] of counts)
    seen.set(
      k,
      [...m].map(([r, c]) => [r, Math.log((c + 1) / (totals[r]! + vocabulary)) - unseen[r]!]),
    );
  return { rules, base, unseen, seen };
}

/** The rules a sentence's features point to, most likely first. */
export function nameRules(namer: RuleNamer, keys: Iterable<string>): string[] {
  const distinct = new Set(keys);
  // Every word first counts as unseen for every rule; the rules that saw it get the difference.
  const score = namer.base.map((b, r) => b + distinct.size * namer.unseen[r]!);
  for (const k of distinct) for (const [r, d] of namer.seen.get(k) ?? []) score[r]! += d;
  return namer.rules
    .map((id, r) => [id, score[r]!] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([id]) => id);
}
