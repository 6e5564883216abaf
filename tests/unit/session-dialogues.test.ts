import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Pack, parsePack } from '../../knowledge/pack.ts';
import { applyTurn, createSession, endCase, setNotes } from '../../knowledge/session.ts';

const PACKS = join(import.meta.dirname, '../../knowledge/packs');
const FIXTURES = join(import.meta.dirname, '../fixtures/guard');
const packsFor = (lang: string): Pack[] =>
  readdirSync(PACKS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parsePack(readFileSync(join(PACKS, f), 'utf8')))
    .flatMap((r) => (r.ok ? [r.pack] : []))
    .filter((p) => p.locale === (/^zh/i.test(lang) ? 'zh-CN' : 'en'));

interface Dialogue {
  id: string;
  lang?: string;
  channel?: string;
  role?: string;
  case_type?: string;
  notes?: string;
  turns: Array<[string, string]>;
  expect: { done?: string[]; missing?: string[]; alerts?: string[] };
}

/** Feeds a labelled conversation through a case session, as the dialogue bench does. */
function replay(d: Dialogue) {
  const packs = packsFor(d.lang ?? 'zh-CN');
  const context: Record<string, string> = {};
  if (d.channel) context.channel = d.channel;
  if (d.case_type) context.caseType = d.case_type;
  let s = createSession(packs, context, d.role ?? 'agent', 0);
  d.turns.forEach(([who, text], i) => {
    const speaker = /^(agent|senior|supervisor|staff)$/i.test(who) ? 'agent' : 'customer';
    s = applyTurn(s, { speaker, text, at: (i + 1) * 5000 }, packs);
  });
  if (d.notes !== undefined) s = setNotes(s, d.notes, packs, 600_000);
  return endCase(s, packs, 600_000);
}

const files = readdirSync(FIXTURES).filter((f) => f.endsWith('dialogues.jsonl'));
describe.each(files)('checklist and guard over the labelled dialogues of %s', (file) => {
  const dialogues = readFileSync(join(FIXTURES, file), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Dialogue);
  it.each(dialogues.map((d) => [d.id, d] as const))('%s', (_id, d) => {
    const s = replay(d);
    for (const step of d.expect.done ?? []) expect(s.steps[step]?.done, `${step} done`).toBe(true);
    for (const step of d.expect.missing ?? [])
      expect(s.steps[step]?.done ?? false, `${step} open`).toBe(false);
    expect([...new Set(s.alerts.map((a) => a.kind))].sort()).toEqual(
      [...new Set(d.expect.alerts ?? [])].sort(),
    );
  });
});
