/** Context suggestions: what fits the open case (and the recent conversation) without a query. */
import { type DocKind, type Hit, type SearchIndex, type SearchOptions } from './model.ts';
import { acceptedCount, contextFit, search } from './query.ts';
import type { CaseContext } from '../types.ts';

export interface SuggestOptions {
  limit?: number;
  accepted?: SearchOptions['accepted'];
  kind?: DocKind;
  /** Recent conversation text (e.g. the customer's last turns): ranks by it, with the context. */
  text?: string;
}

/**
 * Context suggestions without a typed query: documents fitting the case type, product and
 * channel, then those the agent accepted most; with `text`, a search over it boosted by context.
 */
export function suggest(
  index: SearchIndex,
  context: CaseContext,
  options: SuggestOptions = {},
): Hit[] {
  const limit = options.limit ?? 5;
  if (options.text && options.text.trim()) {
    const opts: SearchOptions = { limit, context };
    if (options.accepted) opts.accepted = options.accepted;
    if (options.kind) opts.kind = options.kind;
    const hits = search(index, options.text, opts);
    if (hits.length > 0) return hits;
  }
  const { params } = index;
  const scored: { doc: number; score: number }[] = [];
  index.docs.forEach((d, i) => {
    if (options.kind && d.kind !== options.kind) return;
    // A document for another product is not suggested for its context.
    const fit = Math.max(0, contextFit(d, context));
    const n = acceptedCount(options.accepted, d.id);
    if (fit === 0 && n === 0) return;
    scored.push({
      doc: i,
      score: fit * params.contextBoost + params.acceptedBoost * Math.log2(1 + n),
    });
  });
  scored.sort((a, b) => b.score - a.score || a.doc - b.doc);
  return scored.slice(0, limit).map(({ doc, score }) => {
    const d = index.docs[doc]!;
    return {
      id: d.id,
      kind: d.kind,
      score: Number(score.toFixed(6)),
      field: 'title',
      text: d.title,
      spans: [],
    };
  });
}
