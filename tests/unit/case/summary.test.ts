import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  draftSummary,
  type SummaryDraft,
  type SummarySlot,
} from '../../../knowledge/case/summary.ts';
import type { Commitment } from '../../../knowledge/case/commitments.ts';
import type { Pack } from '../../../knowledge/authoring/pack.ts';
import { type Dialogue, replayDialogue } from '../../bench/dialogues.ts';
import { defaultPacks } from '../../bench/guard.ts';
import { commitmentsOf, draftFor } from '../../bench/summary.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/guard');
const read = (file: string): Dialogue[] =>
  readFileSync(join(FIXTURES, file), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Dialogue);
const files = readdirSync(FIXTURES).filter((f) => f.endsWith('dialogues.jsonl'));
const all = files.flatMap(read);
const dialogue = (id: string): Dialogue => {
  const d = all.find((x) => x.id === id);
  if (!d) throw new Error(`no dialogue ${id}`);
  return d;
};
const fact = (draft: SummaryDraft, slot: SummarySlot) => draft.facts.find((f) => f.slot === slot);
const texts = (draft: SummaryDraft, slot: SummarySlot) =>
  draft.facts.filter((f) => f.slot === slot).map((f) => f.text);

describe('the need', () => {
  it("comes from the agent's restatement, without its question frame, and the customer's words", () => {
    // z01: "您的意思是想了解稳盈30天这款理财产品的预期收益，对吗？"
    const need = fact(draftFor(dialogue('z01')), 'need')!.text;
    expect(need).toContain('稳盈30天这款理财产品的预期收益');
    expect(need).not.toContain('您的意思是');
    expect(need).not.toContain('对吗');
    expect(need).toContain('我想问一下你们那个稳盈30天的理财收益怎么样');
    // e01: "Just to confirm, you'd like to know the current rate on our 12-month CD, is that right?"
    const en = fact(draftFor(dialogue('e01')), 'need')!.text;
    expect(en).toContain('the current rate on our 12-month CD');
    expect(en).not.toMatch(/just to confirm|is that right/i);
  });

  it("quotes the customer's first request when the agent did not restate it", () => {
    // z02: the customer's first turn, not the identity answer or the thanks.
    const need = fact(draftFor(dialogue('z02')), 'need')!.text;
    expect(need).toContain('我想查一下我卡里还有多少钱');
    expect(need).not.toContain('张伟');
    // e11: "Yes, the agent would not remove the late fee." answers the agent; the request follows.
    const e11 = fact(draftFor(dialogue('e11')), 'need')!.text;
    expect(e11).toContain('the agent would not remove the late fee');
    expect(e11).not.toContain('Yes,');
  });
});

describe('identity', () => {
  it('is verified, with the details that were checked', () => {
    // z02: "请问您的姓名和身份证号后四位是？" … "核实通过"
    const z = fact(draftFor(dialogue('z02')), 'identity')!;
    expect(z.value).toBe('verified');
    expect(z.text).toContain('姓名');
    expect(z.text).toContain('身份证后四位');
    // e18: "confirm your full name and date of birth for security"
    const e = fact(draftFor(dialogue('e18')), 'identity')!;
    expect(e.value).toBe('verified');
    expect(e.text).toContain('date of birth');
  });

  it('is not verified when the case touched an account without a check, and not needed otherwise', () => {
    // z03: the bill is read out with no identity check.
    expect(fact(draftFor(dialogue('z03')), 'identity')!.value).toBe('not_verified');
    // z01: a product question, no account.
    expect(fact(draftFor(dialogue('z01')), 'identity')!.value).toBe('not_needed');
  });
});

describe('result and referral', () => {
  it('names the department, expected time and contact method of a referral', () => {
    // z08: "转交信用卡中心处理，预计3个工作日内会有专员通过电话联系您"
    const z = draftFor(dialogue('z08'));
    expect(fact(z, 'result')!.value).toBe('referred');
    const r = fact(z, 'referral')!;
    expect(r.value).toBe('信用卡中心');
    expect(r.text).toContain('3个工作日');
    expect(r.text).toContain('电话');
    expect(r.text).toContain('年费退还需要后台核实扣费记录');
    // z21: the department named before the verb ("需要国际业务部核查").
    const z21 = fact(draftFor(dialogue('z21')), 'referral')!;
    expect(z21.value).toBe('国际业务部');
    expect(z21.text).toContain('2个工作日');
    // e08: "our disputes team … you'll receive an email within 3 business days"
    const e = fact(draftFor(dialogue('e08')), 'referral')!;
    expect(e.value).toBe('disputes team');
    expect(e.text).toContain('within 3 business days');
    expect(e.text).toContain('email');
  });

  it('does not invent a department for "相关部门" and says the notice told nothing', () => {
    // z09: "这个问题我帮您转交相关部门处理，请您耐心等待。"
    const r = fact(draftFor(dialogue('z09')), 'referral')!;
    expect(r.value).toBe('yes');
    expect(r.text).not.toContain('相关部门');
  });

  it("gives the gist of the agent's answer, with figures as the CRM shows them", () => {
    // z02: the balance, without the "核实通过" formality before it.
    const r = fact(draftFor(dialogue('z02')), 'result')!;
    expect(r.value).toBe('resolved');
    expect(r.text).toContain('12,350.20');
    expect(r.text).not.toContain('核实通过');
  });

  it('keeps what was done before a referral, without the identity formality', () => {
    // p2: "好的，信息核对无误。我已经为您临时冻结了这张卡" then the referral.
    const r = fact(draftFor(dialogue('p2')), 'result')!;
    expect(r.value).toBe('referred');
    expect(r.text).toContain('临时冻结了这张卡');
    expect(r.text).not.toContain('信息核对无误');
  });
});

describe('commitments', () => {
  it('shows a promise found in the transcript with its due time in the centre’s clock', () => {
    const d = dialogue('z08');
    const session = replayDialogue(d);
    const found = commitmentsOf(session, 'zh-CN', 'z08');
    expect(found).toHaveLength(1);
    const draft = draftFor(d);
    const c = fact(draft, 'commitment')!;
    expect(c.value).toBe(new Date(found[0]!.dueAt).toISOString());
    expect(c.text).toContain('联系您');
  });

  it('formats a due time in the centre’s time zone and lists an open promise among open items', () => {
    const d = dialogue('z01');
    const session = replayDialogue(d);
    const promise: Commitment = {
      id: 'c1',
      caseId: 'z01',
      text: '明天下午给您回电告知结果',
      createdAt: session.startedAt,
      // 10:00 UTC is 18:00 in Beijing, the shipped packs' centre.
      dueAt: Date.UTC(2026, 0, 6, 10, 0),
      source: 'manual',
      status: 'open',
    };
    const draft = draftSummary({
      session,
      packs: defaultPacks('zh-CN'),
      commitments: [promise],
      now: session.endedAt!,
    });
    expect(fact(draft, 'commitment')!.text).toContain('2026-01-06 18:00');
    expect(fact(draft, 'commitment')!.value).toBe('2026-01-06T10:00:00.000Z');
    expect(texts(draft, 'open').join()).toContain('明天下午给您回电告知结果');
    // Past its time, it is missed: no longer an open item.
    const later = draftSummary({
      session,
      packs: defaultPacks('zh-CN'),
      commitments: [promise],
      now: Date.UTC(2026, 0, 7),
    });
    expect(texts(later, 'open').join()).not.toContain('明天下午给您回电告知结果');
  });
});

describe('complaints and mood', () => {
  it('names what the complaint is about and quotes the mood the customer voiced', () => {
    // z08: "您反映的年费重复扣收的问题" and "你们怎么回事！"
    const z = draftFor(dialogue('z08'));
    expect(fact(z, 'complaint')!.value).toBe('yes');
    expect(fact(z, 'complaint')!.text).toContain('年费重复扣收');
    expect(fact(z, 'mood')!.text).toContain('你们怎么回事');
    // z09: "你们太过分了"
    expect(fact(draftFor(dialogue('z09')), 'mood')!.text).toContain('太过分');
    // e08: "I've been charged twice for the same purchase and I'm furious."
    const e = draftFor(dialogue('e08'));
    expect(fact(e, 'complaint')!.text).toContain('duplicate charge of $89.99');
    expect(fact(e, 'mood')!.text).toContain('furious');
  });

  it('has no complaint part on an enquiry', () => {
    expect(fact(draftFor(dialogue('z01')), 'complaint')).toBeUndefined();
  });
});

describe('open items', () => {
  it('lists the applicable steps not done, by their titles', () => {
    // z09: no identity check, no answer and no referral notice.
    const open = texts(draftFor(dialogue('z09')), 'open').join();
    expect(open).toContain('核实身份');
    expect(open).toContain('转介告知');
    // e09: the same in English.
    expect(texts(draftFor(dialogue('e09')), 'open').join()).toContain('Referral notice');
    // z01 did every applicable step: none open (the record step is this summary).
    expect(texts(draftFor(dialogue('z01')), 'open')).toEqual([]);
  });
});

describe('the ticket text', () => {
  it.each(files)('never holds a placeholder, over every dialogue of %s', (file) => {
    for (const d of read(file)) {
      const draft = draftFor(d);
      expect(draft.text, d.id).not.toMatch(/\{\{|\}\}/);
      expect(draft.text.trim(), d.id).not.toBe('');
      for (const f of draft.facts) expect(f.text, `${d.id} ${f.slot}`).not.toMatch(/\{\{|\}\}/);
    }
  });

  it('drops the lines of parts the case has not, and shows the articles and scripts used', () => {
    const session = replayDialogue(dialogue('z01'));
    const draft = draftSummary({
      session,
      packs: defaultPacks('zh-CN'),
      used: [{ kind: 'article', id: 'a1', title: '稳盈30天产品说明' }],
      now: session.endedAt!,
    });
    expect(draft.text).toContain('稳盈30天产品说明');
    expect(draft.text).not.toMatch(/转介|投诉/);
    expect(draft.text.split('\n').every((l) => !/[：:]\s*$/.test(l))).toBe(true);
  });

  it('fills case variables and removes unknown placeholders', () => {
    const packs = defaultPacks('zh-CN').map((p) =>
      p.summary
        ? {
            ...p,
            summary: { ...p.summary, template: '工单{{caseId}}：{{need}}{{nosuch}}\n{{nosuch}}' },
          }
        : p,
    );
    const session = replayDialogue({ ...dialogue('z01'), context: { caseId: 'C-42' } });
    const draft = draftSummary({ session, packs, now: session.endedAt! });
    expect(draft.text.startsWith('工单C-42：')).toBe(true);
    expect(draft.text).toContain('稳盈30天');
    expect(draft.text).not.toContain('nosuch');
    expect(draft.text.split('\n')).toHaveLength(1);
  });

  it('still drafts every part from packs that carry no summary section', () => {
    const packs: Pack[] = defaultPacks('en').map((p) => {
      const { summary: _drop, ...rest } = p;
      return rest;
    });
    const session = replayDialogue(dialogue('e08'));
    const draft = draftSummary({ session, packs, now: session.endedAt! });
    expect(fact(draft, 'identity')!.value).toBe('verified');
    expect(fact(draft, 'referral')).toBeDefined();
    expect(draft.text).not.toMatch(/\{\{/);
  });
});

describe('ticket fields', () => {
  it('fill the category by the pack rules: case type, words in the transcript, default', () => {
    expect(draftFor(dialogue('z08')).fields.category).toBe('投诉');
    expect(draftFor(dialogue('z21')).fields.category).toBe('疑难问题');
    // e07: a caller reporting a fraud attempt on an enquiry.
    expect(draftFor(dialogue('e07')).fields.category).toBe('Fraud prevention');
    expect(draftFor(dialogue('z01')).fields.category).toBe('一般咨询');
    expect(draftFor(dialogue('z08')).fields.resultCode).toBe('已转介');
  });
});
