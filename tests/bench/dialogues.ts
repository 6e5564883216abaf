/**
 * `npm run bench -- dialogues --file D.jsonl`: whole conversations fed turn by turn through the
 * case session (checklist + guard), then the case is ended; each dialogue passes when the steps
 * and the set of alert kinds match its expectation.
 */
import { readFileSync } from 'node:fs';
import {
  type CaseSession,
  applyTurn,
  createSession,
  endCase,
  knowledgeFor,
  setNotes,
  uncheckedRules,
  updateContext,
} from '../../knowledge/case/session.ts';
import type { Speaker } from '../../knowledge/types.ts';
import { emit, required } from './args.ts';
import { defaultPacks } from './guard.ts';

/** One labelled conversation of a DIALOGUES.jsonl file. */
export interface Dialogue {
  id: string;
  lang?: string;
  channel?: string;
  role?: string;
  case_type?: string;
  product?: string;
  /** Optional CRM notes at case end (for the `record` step). */
  notes?: string;
  /** Other CRM fields of the case (`customerRiskLevel`, `contactParty`…), for context rules. */
  context?: Record<string, string>;
  /** Fields the CRM page shows even when empty (default: those given a value). */
  read?: string[];
  /** When the case starts, ISO 8601 with an offset (default a Monday 10:00 in Beijing). */
  at?: string;
  turns: Array<[string, string]>;
  expect: {
    done?: string[];
    missing?: string[];
    alerts?: string[];
    /** CRM fields that context rules report missing ("not checked"), when given. */
    unchecked?: string[];
  };
}

/** Feeds a conversation turn by turn through a case session on the default packs, then ends it. */
export function replayDialogue(d: Dialogue): CaseSession {
  const packs = defaultPacks(d.lang ?? 'zh-CN');
  knowledgeFor(packs);
  const t0 = d.at ? Date.parse(d.at) : Date.UTC(2026, 0, 5, 2, 0, 0);
  const context: Record<string, string> = { ...d.context };
  if (d.channel) context.channel = d.channel;
  if (d.case_type) context.caseType = d.case_type;
  if (d.product) context.product = d.product;
  let s = createSession(packs, context, d.role ?? 'agent', t0);
  s = updateContext(s, context, [...Object.keys(context), ...(d.read ?? [])], packs, t0);
  d.turns.forEach(([speaker, text], i) => {
    // The staff side may be labelled by role; everything else is the customer.
    const who: Speaker = /^(agent|senior|supervisor|staff)$/i.test(speaker) ? 'agent' : 'customer';
    s = applyTurn(s, { speaker: who, text, at: t0 + (i + 1) * 5000 }, packs);
  });
  if (d.notes !== undefined) s = setNotes(s, d.notes, packs, t0 + 600_000);
  return endCase(s, packs, t0 + 600_000);
}

/** What a replayed dialogue got wrong against its expectation (empty when it passes). */
export function dialogueFailures(d: Dialogue, s: CaseSession): string[] {
  const why: string[] = [];
  for (const id of d.expect.done ?? []) if (!s.steps[id]?.done) why.push(`${id} not done`);
  for (const id of d.expect.missing ?? []) if (s.steps[id]?.done) why.push(`${id} done`);
  const got = [...new Set(s.alerts.map((a) => a.kind))].sort();
  const want = [...new Set(d.expect.alerts ?? [])].sort();
  if (got.join() !== want.join()) {
    const detail = s.alerts.map((a) => `${a.ruleId}@${a.turn}[${a.match}]`).join(' ');
    why.push(
      `alerts [${got.join(',')}] expected [${want.join(',')}]${detail ? `: ${detail}` : ''}`,
    );
  }
  if (d.expect.unchecked) {
    const missing = [
      ...new Set(uncheckedRules(s, undefined, s.startedAt).flatMap((u) => u.missing)),
    ];
    const want = [...d.expect.unchecked].sort().join();
    if (missing.sort().join() !== want)
      why.push(`not checked for want of [${missing.join(',')}] expected [${want}]`);
  }
  return why;
}

export async function run(args: string[]): Promise<void> {
  const file = required(args, 'file', 'npm run bench -- dialogues --file D.jsonl');
  const lines = readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const failures: Array<{ id: string; why: string }> = [];
  let total = 0;
  let passed = 0;
  for (const [n, line] of lines.entries()) {
    if (line.trim() === '') continue;
    total++;
    let d: Dialogue;
    try {
      d = JSON.parse(line) as Dialogue;
    } catch (e) {
      failures.push({ id: `line ${n + 1}`, why: `not JSON: ${(e as Error).message}` });
      continue;
    }
    const why = dialogueFailures(d, replayDialogue(d));
    if (why.length === 0) passed++;
    else failures.push({ id: d.id, why: why.join('; ') });
  }
  emit({ dialogues: total, passed, failures });
}
