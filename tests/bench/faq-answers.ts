/**
 * `npm run bench -- faq-answers --file ANSWERS.csv`: false alarms of the compliance guard on
 * real, compliant answers (an institution's published FAQ answers), with the shipped default
 * packs of each answer's language. Every alert of a scored kind is a false alarm.
 *
 * ANSWERS.csv has the columns id,lang,source,text, one answer per row. Each answer is checked
 * sentence by sentence as an agent's draft (role `agent`), see `splitSentences`.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { readCsv } from '../../knowledge/text/csv.ts';
import { checkText } from '../../knowledge/rules/guard.ts';
import { emit, quantile, required, round } from './args.ts';
import { SCORED, knowledgeOf } from './guard.ts';

export interface Answer {
  id: string;
  lang: string;
  source: string;
  text: string;
}

interface FalseAlarm {
  id: string;
  rule: string;
  match: string;
  text: string;
}

const EXAMPLES = 30;

/**
 * Splits an answer into the sentences an agent would send: at line breaks, after Chinese and
 * full-width stops (。！？；), and after `.`, `!`, `?` or `;` followed by a space. A dot inside a
 * number or an address (`1.5`, `www.x.com`) does not split. Blank pieces are dropped.
 */
export function splitSentences(text: string): string[] {
  return text
    .split(/\r?\n|\r|(?<=[。！？；])|(?<=[.!?;])\s+/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Reads ANSWERS.csv; rows without text are skipped, a missing column is an error. */
export function readAnswers(file: string): Answer[] {
  const { rows } = readCsv(new Uint8Array(readFileSync(file)));
  const [header, ...body] = rows;
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  const col = (name: string): number => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`${file}: no column "${name}"`);
    return i;
  };
  const [cId, cLang, cSource, cText] = ['id', 'lang', 'source', 'text'].map(col);
  const answers: Answer[] = [];
  for (const row of body) {
    const text = (row[cText!] ?? '').trim();
    if (text === '') continue;
    answers.push({
      id: (row[cId!] ?? '').trim(),
      lang: (row[cLang!] ?? '').trim() || 'zh-CN',
      source: (row[cSource!] ?? '').trim(),
      text,
    });
  }
  return answers;
}

/** Median of three timed checks, so a scheduler hiccup does not stand in for the engine. */
function timedCheck(lang: string, text: string): number {
  const k = knowledgeOf(lang);
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    checkText(k.guard, text, 'agent', { kinds: SCORED });
    runs.push(performance.now() - t0);
  }
  return quantile(runs, 0.5);
}

export async function run(args: string[]): Promise<void> {
  const file = required(args, 'file', 'npm run bench -- faq-answers --file ANSWERS.csv');
  const answers = readAnswers(file);
  let sentences = 0;
  let flaggedAnswers = 0;
  const byRule: Record<string, number> = {};
  const alarms: FalseAlarm[] = [];
  const times: number[] = [];
  for (const a of answers) {
    const k = knowledgeOf(a.lang);
    let flagged = false;
    for (const s of splitSentences(a.text)) {
      sentences++;
      const alerts = checkText(k.guard, s, 'agent', { kinds: SCORED });
      times.push(timedCheck(a.lang, s));
      for (const al of alerts) {
        flagged = true;
        byRule[al.ruleId] = (byRule[al.ruleId] ?? 0) + 1;
        alarms.push({ id: a.id, rule: al.ruleId, match: al.match, text: s.slice(0, 80) });
        if (process.env.GUARD_DEBUG)
          process.stderr.write(`${a.id}\t${al.ruleId}[${al.match}]\t${s}\n`);
      }
    }
    if (flagged) flaggedAnswers++;
  }
  const sorted = Object.fromEntries(Object.entries(byRule).sort((x, y) => y[1] - x[1]));
  emit({
    answers: answers.length,
    sentences,
    false_alarms: alarms.length,
    per_1000: round(answers.length === 0 ? 0 : (alarms.length * 1000) / answers.length, 2),
    flagged_answers: flaggedAnswers,
    by_rule: sorted,
    p95_ms: round(quantile(times, 0.95)),
    examples: alarms.slice(0, EXAMPLES),
  });
}
