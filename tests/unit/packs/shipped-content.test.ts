import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkText, compileGuard } from '../../../knowledge/rules/guard.ts';
import { type Pack, parsePack } from '../../../knowledge/authoring/pack.ts';
import { STATE_ALERT_KINDS } from '../../../knowledge/case/session.ts';
import { ALERT_KINDS, DEFAULT_STEP_IDS } from '../../../knowledge/types.ts';

const DIR = join(import.meta.dirname, '../../../knowledge/packs');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const packs: Array<{ file: string; pack: Pack }> = files.map((file) => {
  const r = parsePack(readFileSync(join(DIR, file), 'utf8'));
  if (!r.ok)
    throw new Error(`${file}: ${r.errors.map((e) => `${e.path}: ${e.reason}`).join('; ')}`);
  return { file, pack: r.pack };
});
// State rules (disclosure before verification, incomplete referral) depend on the case, not the words.
const CONTENT = new Set(ALERT_KINDS.filter((k) => !STATE_ALERT_KINDS.has(k)));
const guardFor = (locale: string) =>
  compileGuard(packs.filter((p) => p.pack.locale === locale).map((p) => p.pack));

/** Every text a shipped pack would put in front of a customer: scripts, answers, suggested wording. */
function shippedTexts(pack: Pack): Array<[string, string]> {
  return [
    ...(pack.scripts ?? []).map((s): [string, string] => [`script ${s.id}`, s.text]),
    ...(pack.articles ?? []).map((a): [string, string] => [`article ${a.id}`, a.answer]),
    ...(pack.rules ?? []).map((r): [string, string] => [`alternative of ${r.id}`, r.alternative]),
  ];
}

describe('shipped packs', () => {
  it('are all valid', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(packs.map((p) => [p.file, p.pack] as const))(
    '%s: no script, answer or suggested wording raises an alert for an agent',
    (_file, pack) => {
      const guard = guardFor(pack.locale);
      const offending = shippedTexts(pack).flatMap(([where, text]) =>
        checkText(guard, text, 'agent', { kinds: CONTENT }).map(
          (a) => `${where}: ${a.ruleId} on "${a.match}"`,
        ),
      );
      expect(offending).toEqual([]);
    },
  );

  it('the default SOP packs carry the contract step ids and the complaint sub-steps', () => {
    for (const { file, pack } of packs.filter((p) => p.file.startsWith('xx-finance-sop.'))) {
      const ids = (pack.steps ?? []).map((s) => s.id);
      expect(ids, file).toEqual(expect.arrayContaining([...DEFAULT_STEP_IDS]));
      for (const sub of [
        'complaint_soothe',
        'complaint_record',
        'complaint_apologise',
        'complaint_close_loop',
      ]) {
        expect(pack.steps?.find((s) => s.id === sub)?.parent, `${file} ${sub}`).toBe('resolve');
      }
      expect(
        pack.roles?.map((r) => r.id),
        file,
      ).toEqual(['agent', 'senior', 'supervisor']);
      expect(pack.sla?.find((s) => s.channel === 'chat')?.firstReplySeconds, file).toBe(30);
    }
  });
});
