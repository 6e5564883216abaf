/**
 * `npm run bench -- guard --utterances U.csv`: precision and recall of the compliance guard
 * on labelled utterances, with the shipped default packs of each utterance's language.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readCsv } from '../../knowledge/text/csv.ts';
import { isTraditional } from '../../knowledge/text/fold.ts';
import { checkText } from '../../knowledge/rules/guard.ts';
import { type Pack, parsePack } from '../../knowledge/authoring/pack.ts';
import { knowledgeFor } from '../../knowledge/case/session.ts';
import type { AlertKind } from '../../knowledge/types.ts';
import { emit, quantile, required, round } from './args.ts';

const PACK_DIR = join(import.meta.dirname, '../../knowledge/packs');
/** The alert kinds a bench scores: what an agent must not say. */
export const SCORED = new Set<AlertKind>([
  'unauthorised_promise',
  'credential_request',
  'misleading_claim',
]);

/** `zh`, `zh-cn`, `zh-Hans` -> `zh-CN`; anything else -> `en`. */
export function packLocale(lang: string): string {
  return /^zh/i.test(lang.trim()) ? 'zh-CN' : 'en';
}

/** The shipped packs of a locale, as the extension bundles them. */
export function defaultPacks(lang: string): Pack[] {
  const locale = packLocale(lang);
  const packs: Pack[] = [];
  for (const f of readdirSync(PACK_DIR).sort()) {
    if (!f.endsWith('.json')) continue;
    const r = parsePack(readFileSync(join(PACK_DIR, f), 'utf8'));
    if (!r.ok) throw new Error(`${f}: ${r.errors.map((e) => `${e.path}: ${e.reason}`).join('; ')}`);
    if (r.pack.locale === locale) packs.push(r.pack);
  }
  return packs;
}

const loaded = new Map<string, ReturnType<typeof knowledgeFor>>();

/** Compiles a language's packs once and runs one check, as a session start does. */
function warm(lang: string): ReturnType<typeof knowledgeFor> {
  const k = knowledgeFor(defaultPacks(lang));
  checkText(k.guard, 'warm-up', 'agent');
  loaded.set(lang, k);
  return k;
}

/** A language's compiled knowledge, warmed on first use and kept for the run. */
export function knowledgeOf(lang: string): ReturnType<typeof knowledgeFor> {
  return loaded.get(lang) ?? warm(lang);
}

/** One labelled utterance of a batch (columns `id,lang,role,expect,text`; blank rows skipped). */
export interface Utterance {
  id: string;
  lang: string;
  role: string;
  flag: boolean;
  text: string;
}

/** Reads a batch of labelled utterances, the guard bench's format. */
export function readUtterances(file: string): Utterance[] {
  const { rows } = readCsv(new Uint8Array(readFileSync(file)));
  const [header, ...body] = rows;
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  const col = (name: string): number => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`${file}: no column "${name}"`);
    return i;
  };
  const [cId, cLang, cRole, cExpect, cText] = ['id', 'lang', 'role', 'expect', 'text'].map(col);
  return body
    .filter((row) => !row.every((c) => c.trim() === ''))
    .map((row) => ({
      id: row[cId!] ?? '',
      lang: (row[cLang!] ?? '').trim() || 'zh-CN',
      role: (row[cRole!] ?? '').trim() || 'agent',
      flag: (row[cExpect!] ?? '').trim().toLowerCase() === 'flag',
      text: row[cText!] ?? '',
    }));
}

export async function run(args: string[]): Promise<void> {
  const file = required(args, 'utterances', 'npm run bench -- guard --utterances U.csv');
  const total = tally();
  const times: number[] = [];
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  const bySet = new Map<string, Tally>();
  for (const { id, lang, role, flag: expectFlag, text } of readUtterances(file)) {
    const k = knowledgeOf(lang);
    const alerts = checkText(k.guard, text, role, { kinds: SCORED });
    // Per-check latency: the median of a few repeats, so a scheduler hiccup on a shared machine
    // does not stand in for the engine.
    const runs: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      checkText(k.guard, text, role, { kinds: SCORED });
      runs.push(performance.now() - t0);
    }
    times.push(quantile(runs, 0.5));
    const flagged = alerts.length > 0;
    if (process.env.GUARD_DEBUG)
      process.stderr.write(
        `${id}\t${flagged ? 'FLAG' : 'ok  '}\t${alerts.map((a) => `${a.ruleId}[${a.match}]`).join(' ')}\t${text}\n`,
      );
    const outcome = flagged ? (expectFlag ? 'tp' : 'fp') : expectFlag ? 'fn' : 'tn';
    if (outcome === 'fp') falseAlarms.push(id);
    if (outcome === 'fn') misses.push(id);
    const key = scriptSet(lang, text);
    const set = bySet.get(key) ?? tally();
    bySet.set(key, set);
    set[outcome]++;
    total[outcome]++;
  }
  const { utterances, precision, recall } = scores(total);
  emit({
    utterances,
    ...total,
    precision,
    recall,
    p95_ms: round(quantile(times, 0.95)),
    by_script: Object.fromEntries(
      [...bySet].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => [k, scores(t)]),
    ),
    misses,
    false_alarms: falseAlarms,
  });
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

function tally(): Tally {
  return { tp: 0, fp: 0, fn: 0, tn: 0 };
}

function scores({ tp, fp, fn, tn }: Tally): {
  utterances: number;
  precision: number;
  recall: number;
} {
  return {
    utterances: tp + fp + fn + tn,
    precision: round(tp + fp === 0 ? 1 : tp / (tp + fp)),
    recall: round(tp + fn === 0 ? 1 : tp / (tp + fn)),
  };
}

/**
 * Which set an utterance is scored in: `en`, or Chinese by its script (`zh-Hant` when it has a
 * traditional character), so a batch reports each on its own.
 */
export function scriptSet(lang: string, text: string): string {
  if (packLocale(lang) === 'en') return 'en';
  return [...text].some(isTraditional) ? 'zh-Hant' : 'zh-Hans';
}
