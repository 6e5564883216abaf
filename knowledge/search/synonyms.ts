/**
 * Synonym expansion of a query: every phrase of a group found in the query brings in the other
 * phrases of its group, the pack's groups at `expansion` and the engine's own (`lexicon.ts`) at
 * `lexicon`. A group shares its weight (over the square root of its other phrases), and a long
 * query, which has words enough of its own, takes less of it: expansion helps short questions
 * and makes long ones drift.
 */
import { type AnalyseOptions, type Token, analyse, hasCjk } from './tokens.ts';
import { type RuntimeCache, type SearchIndex, cacheOf } from './model.ts';
import { foldPhrases, type PhraseTable } from '../text/regional.ts';

/** Adds the synonyms' tokens of a folded query through `add(token, weight)`. */
export function expandSynonyms(
  index: SearchIndex,
  folded: string,
  tokens: Token[],
  opts: AnalyseOptions,
  add: (t: string, w: number) => void,
): void {
  const cache = cacheOf(index);
  const used = new Set<string[]>();
  const damp = Math.min(1, index.params.expansionLength / queryLength(tokens));
  for (const { folded: phrase, group, weight } of cache.synonymLookup) {
    if (used.has(group) || !containsPhrase(folded, phrase)) continue;
    used.add(group);
    const share = (weight * damp) / Math.sqrt(Math.max(1, group.length - 1));
    for (const other of group) {
      if (other === phrase) continue;
      for (const tok of phraseTokens(cache, other, opts)) add(tok.t, share * tok.w);
    }
  }
  const w = index.params.regional * damp;
  if (w > 0 && cache.regional.length > 0 && hasCjk(folded))
    expandRegional(cache.regional, folded, tokens, opts, (t, tw) => add(t, w * tw));
}

/**
 * Regional words of the query in the other region's form (OpenCC's Taiwan and Hong Kong phrase
 * tables both ways: 简讯 brings in 短信, 短信 brings in 简讯), so a Taiwan pack answers mainland
 * words and the other way round. Only the tokens the query does not have already are added.
 */
function expandRegional(
  tables: PhraseTable[],
  folded: string,
  tokens: Token[],
  opts: AnalyseOptions,
  add: (t: string, w: number) => void,
): void {
  const have = new Set(tokens.map((t) => t.t));
  // By code unit, as foldPhrases indexes the text (a string's iterator goes by code point).
  const identity = Array.from({ length: folded.length }, (_, i) => i);
  for (const table of tables) {
    const { text } = foldPhrases({ text: folded, map: identity }, table);
    if (text === folded) continue;
    for (const tok of analyse(text, opts)) {
      if (have.has(tok.t) || tok.t.startsWith('u:')) continue;
      have.add(tok.t);
      add(tok.t, tok.w);
    }
  }
}

/** A query's length in Chinese characters, an English word counting as two. */
function queryLength(tokens: Token[]): number {
  let n = 0;
  for (const t of tokens) {
    if (t.t.startsWith('u:')) n += 1;
    else if (t.t.startsWith('w:') || t.t.startsWith('s:')) n += 2;
  }
  return Math.max(1, n);
}

/**
 * A synonym phrase's query tokens, analysed once per index (the segmenter is slow per call).
 * Without its single characters (they reach every article with one of them), unless the phrase
 * is one character.
 */
function phraseTokens(
  cache: RuntimeCache,
  phrase: string,
  opts: AnalyseOptions,
): { t: string; w: number }[] {
  let toks = cache.phraseTokens.get(phrase);
  if (!toks) {
    toks = analyse(phrase, opts)
      .filter((tok) => !tok.t.startsWith('u:') || phrase.length === 1)
      .map(({ t, w }) => ({ t, w }));
    cache.phraseTokens.set(phrase, toks);
  }
  return toks;
}

/** Chinese phrases match anywhere; Latin phrases only as whole words. */
function containsPhrase(text: string, phrase: string): boolean {
  if (hasCjk(phrase)) return text.includes(phrase);
  let i = text.indexOf(phrase);
  while (i >= 0) {
    const before = i === 0 || !/[a-z0-9]/.test(text[i - 1]!);
    const after = i + phrase.length >= text.length || !/[a-z0-9]/.test(text[i + phrase.length]!);
    if (before && after) return true;
    i = text.indexOf(phrase, i + 1);
  }
  return false;
}
