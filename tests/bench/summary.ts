/**
 * `npm run bench -- summary --file REFERENCES.jsonl`: drafts the case summary of each referenced
 * dialogue (a file of tests/fixtures/guard/) and scores it against the reference: fact recall
 * (every key group of a reference fact has an alternative in the draft text) and wrong facts
 * (checkable facts of the draft that contradict the reference's truth).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CaseSession } from '../../knowledge/case/session.ts';
import { type Commitment, DEFAULT_CUES, findCommitment } from '../../knowledge/case/commitments.ts';
import { type SummaryDraft, draftSummary } from '../../knowledge/case/summary.ts';
import { fold } from '../../knowledge/text/fold.ts';
import type { Locale } from '../../knowledge/types.ts';
import { emit, required, round } from './args.ts';
import { type Dialogue, replayDialogue } from './dialogues.ts';
import { defaultPacks } from './guard.ts';

const GUARD_DIR = resolve(import.meta.dirname, '../fixtures/guard');

/** One line of a references file. */
export interface SummaryReference {
  id: string;
  /** A file name in tests/fixtures/guard/. */
  file: string;
  lang?: string;
  facts: Array<{ slot: string; text: string; keys: string[][] }>;
  truth: {
    identity: 'verified' | 'not_verified' | 'not_needed';
    referred: boolean;
    department: string | null;
    commitments: number;
    complaint: boolean;
  };
}

export interface SummaryScore {
  summaries: number;
  fact_recall: number;
  wrong_facts: number;
  misses: Array<{ id: string; fact: string }>;
  wrong: Array<{ id: string; slot: string; got: string; want: string }>;
  /** References whose dialogue could not be found or read. */
  errors?: Array<{ id: string; why: string }>;
}

/** Case-, width- and script-insensitive comparison, as an agent reading the ticket would. */
const norm = (s: string): string => fold(s).toLowerCase().replace(/\s+/g, ' ');

/**
 * The commitments the app finds in a case: every agent turn read with the promise cues of the
 * case language, as the background does when turns arrive.
 */
export function commitmentsOf(session: CaseSession, locale: Locale, caseId = 'case'): Commitment[] {
  const out: Commitment[] = [];
  session.turns.forEach((turn, i) => {
    if (turn.speaker !== 'agent') return;
    const found = findCommitment(turn.text, turn.at ?? session.startedAt, DEFAULT_CUES[locale]);
    if (!found) return;
    out.push({
      id: `${caseId}#${i}`,
      caseId,
      text: found.text,
      createdAt: turn.at ?? session.startedAt,
      dueAt: found.dueAt,
      source: 'auto',
      status: 'open',
    });
  });
  return out;
}

const localeOf = (lang: string | undefined): Locale => (/^en/i.test(lang ?? '') ? 'en' : 'zh-CN');

/** Replays a dialogue and drafts its summary the way the app would at case end. */
export function draftFor(d: Dialogue): SummaryDraft {
  const session = replayDialogue(d);
  const locale = localeOf(d.lang);
  return draftSummary({
    session,
    packs: defaultPacks(d.lang ?? 'zh-CN'),
    commitments: commitmentsOf(session, locale, session.context.caseId ?? d.id),
    now: session.endedAt ?? session.startedAt,
  });
}

/** Is a reference fact in the draft: every key group has an alternative in the text? */
export function factPresent(text: string, keys: string[][]): boolean {
  const t = norm(text);
  return keys.every((group) => group.some((alt) => t.includes(norm(alt))));
}

interface Check {
  slot: string;
  got: string;
  want: string;
}

/**
 * The draft's checkable facts beside the truth: identity, referred or not, the department (only
 * when the draft names one: naming none contradicts nothing), commitment count, complaint.
 */
export function checkable(draft: SummaryDraft, truth: SummaryReference['truth']): Check[] {
  const of = (slot: string) => draft.facts.filter((f) => f.slot === slot);
  const referral = of('referral')[0];
  const out: Check[] = [
    { slot: 'identity', got: of('identity')[0]?.value ?? 'none', want: truth.identity },
    { slot: 'referral', got: String(!!referral), want: String(truth.referred) },
  ];
  const named = referral?.value && referral.value !== 'yes' ? referral.value : undefined;
  if (named && truth.referred) {
    const want = truth.department;
    const same =
      want !== null && (norm(named).includes(norm(want)) || norm(want).includes(norm(named)));
    out.push({ slot: 'department', got: named, want: same ? named : (want ?? 'none') });
  }
  out.push({
    slot: 'commitment',
    got: String(of('commitment').length),
    want: String(truth.commitments),
  });
  out.push({
    slot: 'complaint',
    got: String(of('complaint').length > 0),
    want: String(truth.complaint),
  });
  return out;
}

const dialogueFiles = new Map<string, Map<string, Dialogue>>();

function dialogueOf(file: string, id: string, dir: string): Dialogue | undefined {
  const path = join(dir, file);
  let byId = dialogueFiles.get(path);
  if (!byId) {
    byId = new Map();
    for (const line of readFileSync(path, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)) {
      if (!line.trim()) continue;
      const d = JSON.parse(line) as Dialogue;
      byId.set(d.id, d);
    }
    dialogueFiles.set(path, byId);
  }
  return byId.get(id);
}

/** Scores the references of a JSONL text (dialogues read from `dir`). */
export function scoreReferences(jsonl: string, dir: string = GUARD_DIR): SummaryScore {
  let summaries = 0;
  let facts = 0;
  let found = 0;
  let checked = 0;
  const misses: SummaryScore['misses'] = [];
  const wrong: SummaryScore['wrong'] = [];
  const errors: Array<{ id: string; why: string }> = [];
  for (const [n, line] of jsonl
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .entries()) {
    if (!line.trim()) continue;
    let ref: SummaryReference;
    try {
      ref = JSON.parse(line) as SummaryReference;
    } catch (e) {
      errors.push({ id: `line ${n + 1}`, why: `not JSON: ${(e as Error).message}` });
      continue;
    }
    let d: Dialogue | undefined;
    try {
      d = dialogueOf(ref.file, ref.id, dir);
    } catch (e) {
      errors.push({ id: ref.id, why: (e as Error).message });
      continue;
    }
    if (!d) {
      errors.push({ id: ref.id, why: `no dialogue ${ref.id} in ${ref.file}` });
      continue;
    }
    const draft = draftFor(ref.lang && !d.lang ? { ...d, lang: ref.lang } : d);
    summaries++;
    for (const f of ref.facts) {
      facts++;
      if (factPresent(draft.text, f.keys)) found++;
      else misses.push({ id: ref.id, fact: f.text });
    }
    const checks = checkable(draft, ref.truth);
    checked += checks.length;
    for (const c of checks) if (c.got !== c.want) wrong.push({ id: ref.id, ...c });
  }
  return {
    summaries,
    fact_recall: facts === 0 ? 0 : round(found / facts),
    wrong_facts: checked === 0 ? 0 : round(wrong.length / checked),
    misses,
    wrong,
    ...(errors.length > 0 ? { errors } : {}),
  };
}

export async function run(args: string[]): Promise<void> {
  const file = required(args, 'file', 'npm run bench -- summary --file REFERENCES.jsonl');
  emit({ ...scoreReferences(readFileSync(file, 'utf8')) });
}
