import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../knowledge/text/csv.ts';
import { checkText, compileGuard } from '../../../knowledge/rules/guard.ts';
import type { Pack } from '../../../knowledge/authoring/pack.ts';
import { shippedPack } from '../../support/shipped-packs.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/guard');
const zh = compileGuard([shippedPack('sop', 'zh-CN')]);
const en = compileGuard([shippedPack('sop', 'en')]);
const SCORED = new Set(['unauthorised_promise', 'credential_request', 'misleading_claim'] as const);
const flagged = (g: typeof zh, text: string, role = 'agent'): boolean =>
  checkText(g, text, role, { kinds: SCORED }).length > 0;

describe('guard: promises told in any word order', () => {
  it('fires when a certainty and a return meet in one clause, whichever comes first', () => {
    expect(flagged(zh, '到期连本带息一分不差地还给您')).toBe(true);
    expect(flagged(zh, '您买这个基金，三年后翻一番没问题')).toBe(true);
    expect(
      flagged(en, "Put your savings here and you'll get it all back with interest, no question."),
    ).toBe(true);
  });

  it('stays silent when the certainty is negated or the clause is about uncertainty', () => {
    expect(flagged(zh, '我们没办法保证收益，业绩比较基准仅供参考')).toBe(false);
    expect(flagged(zh, '收益肯定会有波动，请您知悉')).toBe(false);
    expect(flagged(en, "I can't promise any returns on this fund.")).toBe(false);
  });

  it('does not join a certainty and a return from different clauses', () => {
    expect(flagged(zh, '您放心，我一定尽快帮您查询，收益明细可以在APP里查看')).toBe(false);
  });
});

describe('guard: negation, conditions and quotes', () => {
  it('reads a negation after a fronted topic ("保本这个我不能说")', () => {
    expect(flagged(zh, '保本这个我真不能跟您说，说明书写的是非保本浮动收益')).toBe(false);
    expect(flagged(zh, '这个产品保本，我跟您保证')).toBe(true);
  });

  it('keeps a negation inside an "if" clause away from the promise after it', () => {
    expect(flagged(zh, '我帮您申请免年费，申请不下来的话我自己给您补上')).toBe(true);
  });

  it('treats an apostrophe inside a quoted phrase as part of the quote', () => {
    expect(flagged(en, "The 'can't lose' pitch you saw isn't something we allow.")).toBe(false);
    expect(flagged(en, "Honestly this one is a can't lose deal.")).toBe(true);
  });

  it('lets a past refund stand as a fact, not as a promise', () => {
    expect(flagged(zh, '上次已为您退还了年费')).toBe(false);
    expect(flagged(zh, '这次的年费我直接给您免了')).toBe(true);
  });
});

describe('guard: combos and context groups are pack data', () => {
  const pack = (rule: Record<string, unknown>): Pack => {
    const base = shippedPack('sop', 'en');
    return { ...base, id: 'test', rules: [{ ...base.rules![0]!, ...rule }] } as Pack;
  };

  it('runs a combo a trainer adds, within its scope', () => {
    const g = compileGuard([
      pack({
        id: 'x.combo',
        patterns: ['\\bzzzz\\b'],
        exceptions: [],
        combos: [{ all: ['\\bbonus\\b', '\\btomorrow\\b'], scope: 'sentence' }],
      }),
    ]);
    expect(checkText(g, 'Tomorrow, a bonus lands.', 'agent')).toHaveLength(1);
    expect(checkText(g, 'A bonus lands. Maybe tomorrow.', 'agent')).toHaveLength(0);
    expect(checkText(g, 'No bonus arrives tomorrow.', 'agent')).toHaveLength(0);
  });

  it('reports only the words of a `hit` group; the words before it set the context', () => {
    const g = compileGuard([
      pack({
        id: 'x.hit',
        patterns: ["\\bfee\\b.{0,30}(?<hit>\\bi'll sort it\\b)"],
        exceptions: [],
      }),
    ]);
    const [a] = checkText(g, "The fee isn't fair, I'll sort it.", 'agent');
    expect(a?.match).toBe("I'll sort it");
  });
});

/** Share of right answers of the guard on a labelled utterance file, as the bench counts them. */
function score(file: string): { precision: number; recall: number } {
  const { rows } = readCsv(new Uint8Array(readFileSync(join(FIXTURES, file))));
  const [header, ...body] = rows;
  const col = (n: string) => header!.indexOf(n);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const row of body) {
    if (row.every((c) => c.trim() === '')) continue;
    const g = /^zh/i.test(row[col('lang')]!) ? zh : en;
    const got = flagged(g, row[col('text')]!, row[col('role')]!);
    const want = row[col('expect')] === 'flag';
    if (got && want) tp++;
    else if (got) fp++;
    else if (want) fn++;
  }
  return { precision: tp / (tp + fp), recall: tp / (tp + fn) };
}

describe('guard: held-out utterances stay at target', () => {
  it.each(readdirSync(FIXTURES).filter((f) => f.endsWith('utterances.csv')))('%s', (file) => {
    const { precision, recall } = score(file);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});
