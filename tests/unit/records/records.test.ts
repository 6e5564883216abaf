import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdentifier, maskName, maskText } from '../../../knowledge/records/mask.ts';
import { shippedPack } from '../../support/shipped-packs.ts';
import {
  buildRecord,
  mergeRecords,
  recordKey,
  wasWorked,
  type CaseRecord,
} from '../../../knowledge/records/records.ts';
import {
  readRecordsFile,
  recordsFromCsv,
  recordsFromJson,
  recordsToCsv,
  recordsToJson,
} from '../../../knowledge/records/io.ts';
import { complianceReport } from '../../../knowledge/records/report.ts';
import {
  applicableSteps,
  applyTurn,
  createSession,
  endCase,
  overrideAlert,
  setNotes,
  tickStep,
} from '../../../knowledge/case/session.ts';

const ZH = [shippedPack('sop', 'zh-CN')];

const GREETING = '您好，很高兴为您服务，我是XX金融的客服代表10086，请问有什么可以帮到您？';

/** Plays a short balance case: greeting, a balance stated before verification, an override. */
function playCase(opts: { name: string; id: string; phone: string; card: string; start: number }) {
  const ctx = {
    caseId: 'GD202611290415',
    customerName: opts.name,
    customerId: opts.id,
    channel: 'chat',
    caseType: 'inquiry',
  };
  let s = createSession(ZH, ctx, 'agent', opts.start);
  s = applyTurn(s, { speaker: 'customer', text: '帮我查下余额', at: opts.start + 1000 }, ZH);
  s = applyTurn(s, { speaker: 'agent', text: GREETING, at: opts.start + 5000 }, ZH);
  s = applyTurn(
    s,
    {
      speaker: 'agent',
      text: `您尾号${opts.card.slice(-4)}的储蓄卡当前余额为12,350.20元。`,
      at: opts.start + 9000,
    },
    ZH,
  );
  const alert = s.alerts[0];
  if (alert)
    s = overrideAlert(
      s,
      alert.id,
      `客户${opts.name}手机${opts.phone}已核实`,
      'A1',
      opts.start + 9500,
    );
  s = tickStep(s, 'confirm_need', true, 'A1', opts.start + 10_000);
  s = setNotes(
    s,
    `客户${opts.name}，身份证${opts.id}，手机${opts.phone}，卡号${opts.card}，查询余额。`,
    ZH,
    opts.start + 11_000,
  );
  return endCase(s, ZH, opts.start + 60_000);
}

describe('masking', () => {
  it('keeps the first letter of a name and the last four digits of numbers', () => {
    expect(maskName('王小明')).toBe('王*');
    expect(maskName('John Smith')).toBe('J***');
    expect(maskIdentifier('CIF4401207731')).toBe('CIF****7731');
    expect(maskText('身份证110105194912310021，手机138-1234-5678，卡6222 0212 3456 7890')).toBe(
      '身份证****0021，手机****5678，卡****7890',
    );
    expect(maskText('ID 11010519491231002X')).toBe('ID ****002X');
  });

  it('leaves dates, amounts and the case id readable', () => {
    expect(
      maskText('2026-11-29 转账52,000元，工单GD202611290415', { keep: ['GD202611290415'] }),
    ).toBe('2026-11-29 转账52,000元，工单GD202611290415');
  });
});

describe('case records', () => {
  const start = Date.UTC(2026, 10, 29, 2, 0, 0);
  const played = playCase({
    name: '刘建国',
    id: '110105194912310021',
    phone: '13812345678',
    card: '6222021234567890',
    start,
  });
  const record = buildRecord(played, applicableSteps(played, ZH), { agentId: '10086', team: 'T1' });

  it('carries its score on the pack scorecard, item by item, when one is given', () => {
    expect(record.score).toBeUndefined();
    const card = ZH[0]!.scorecard!;
    const scored = buildRecord(played, applicableSteps(played, ZH), { scorecard: card });
    expect(scored.score?.scorecardId).toBe(card.id);
    expect(scored.score?.items.map((i) => i.id)).toEqual(card.items.map((i) => i.id));
    // An enquiry: the complaint items do not apply; the overridden identity alert does not count.
    expect(scored.score?.items.find((i) => i.id === 'complaint_soothe')?.applies).toBe(false);
    expect(scored.score?.items.find((i) => i.id === 'no_missing_identity')).toMatchObject({
      applies: true,
      passed: true,
    });
    expect(scored.score?.items.find((i) => i.id === 'greet')?.passed).toBe(true);
  });

  it('holds the applicable steps with how and when, the alerts with overrides, the SLA result', () => {
    expect(record).toMatchObject({
      caseId: 'GD202611290415',
      agentId: '10086',
      team: 'T1',
      channel: 'chat',
      caseType: 'inquiry',
      customer: '刘*',
      customerId: '****0021',
      startedAt: start,
      endedAt: start + 60_000,
    });
    const greet = record.steps.find((s) => s.id === 'greet');
    expect(greet).toEqual({ id: 'greet', done: true, how: 'auto', at: start + 5000 });
    expect(record.steps.find((s) => s.id === 'confirm_need')).toMatchObject({
      done: true,
      how: 'manual',
      by: 'A1',
    });
    expect(record.steps.find((s) => s.id === 'farewell')?.done).toBe(false);
    // Complaint sub-steps do not apply to an enquiry.
    expect(record.steps.some((s) => s.id.startsWith('complaint_'))).toBe(false);
    expect(record.alerts[0]).toMatchObject({ kind: 'missing_identity_check' });
    expect(record.alerts[0]!.override?.reason).toBe('客户刘*手机****5678已核实');
    // Customer wrote at +1 s, greeting at +5 s: the 30 s chat allowance was met.
    expect(record.sla?.state).toBe('met');
    expect(record.notes).toBe('客户刘*，身份证****0021，手机****5678，卡号****7890，查询余额。');
  });

  it('counts a case as worked only when the agent wrote or ticked something', () => {
    expect(wasWorked(played)).toBe(true);
    // Opened at 10: the history read then (an earlier greeting included) is not this agent's work.
    let viewed = createSession(ZH, { caseId: 'X' }, 'agent', 10);
    viewed = applyTurn(viewed, { speaker: 'agent', text: GREETING, at: 10 }, ZH);
    viewed = applyTurn(viewed, { speaker: 'customer', text: '你好', at: 12 }, ZH);
    expect(wasWorked(viewed)).toBe(false);
    expect(wasWorked(applyTurn(viewed, { speaker: 'agent', text: '好的', at: 13 }, ZH))).toBe(true);
    expect(wasWorked(tickStep(viewed, 'farewell', true, 'A1', 14))).toBe(true);
  });

  it('never lets an ID, phone or card number through, in the record or its exports', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    fc.assert(
      fc.property(
        fc.record({
          name: fc.constantFrom('王小明', '李娜', 'John Smith', '欧阳娜娜'),
          id: fc.tuple(digits(17), fc.constantFrom('0', '7', 'X')).map(([a, b]) => a + b),
          phone: digits(9).map((d) => `13${d}`),
          card: digits(16).map((d) => `62${d.slice(2)}`),
          spaced: fc.boolean(),
        }),
        ({ name, id, phone, card, spaced }) => {
          const shownCard = spaced ? card.replace(/(\d{4})(?=\d)/g, '$1 ') : card;
          const shownPhone = spaced
            ? `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`
            : phone;
          const s = playCase({ name, id, phone: shownPhone, card: shownCard, start });
          const r = buildRecord(s, applicableSteps(s, ZH), { agentId: 'A1' });
          const outputs = [JSON.stringify(r), recordsToCsv([r]), recordsToJson([r])];
          for (const secret of [id, phone, card]) {
            // The number with any spaces or dashes between its digits.
            const pattern = new RegExp(secret.split('').join('[\\s-]*'));
            for (const out of outputs) expect(out).not.toMatch(pattern);
          }
          for (const out of outputs) expect(out.includes(name)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });
});

function rec(over: Partial<CaseRecord> & Pick<CaseRecord, 'caseId' | 'agentId'>): CaseRecord {
  return {
    v: 1,
    channel: 'chat',
    caseType: 'inquiry',
    role: 'agent',
    startedAt: Date.UTC(2026, 10, 1),
    endedAt: Date.UTC(2026, 10, 1) + 60_000,
    steps: [],
    alerts: [],
    ...over,
  };
}

describe('compliance report', () => {
  const day = Date.UTC(2026, 10, 1);
  const records = [
    rec({
      caseId: 'c1',
      agentId: 'a1',
      team: 'T1',
      startedAt: day,
      steps: [
        { id: 'greet', done: true, how: 'auto' },
        { id: 'farewell', done: false },
      ],
      alerts: [
        { ruleId: 'r', kind: 'credential_request', severity: 'critical', match: 'x', at: 1 },
      ],
      sla: { state: 'breached', dueAt: 1 },
    }),
    rec({
      caseId: 'c2',
      agentId: 'a2',
      team: 'T1',
      channel: 'phone',
      startedAt: day + 86_400_000,
      steps: [
        { id: 'greet', done: true, how: 'manual' },
        { id: 'farewell', done: true, how: 'auto' },
      ],
      alerts: [
        {
          ruleId: 'r',
          kind: 'credential_request',
          severity: 'critical',
          match: 'x',
          at: 1,
          override: { reason: 'ok', at: 2 },
        },
      ],
      sla: { state: 'met', dueAt: 1 },
    }),
  ];

  it('gives rates per step, agent and team, alert and override counts, SLA breaches', () => {
    const r = complianceReport(records);
    expect(r.total).toMatchObject({ cases: 2, applicable: 4, done: 3, rate: 0.75, complete: 1 });
    expect(r.total).toMatchObject({ alerts: 2, overrides: 1, timed: 2, breaches: 1 });
    expect(r.byStep).toEqual([
      { step: 'greet', applicable: 2, done: 2, manual: 1, rate: 1 },
      { step: 'farewell', applicable: 2, done: 1, manual: 0, rate: 0.5 },
    ]);
    expect(r.byAgent.map((a) => [a.agent, a.rate])).toEqual([
      ['a1', 0.5],
      ['a2', 1],
    ]);
    expect(r.byTeam).toHaveLength(1);
    expect(r.byKind).toEqual([{ kind: 'credential_request', alerts: 2, overrides: 1 }]);
  });

  it('filters by date, agent, channel and step', () => {
    expect(complianceReport(records, { from: day + 1 }).total.cases).toBe(1);
    expect(complianceReport(records, { to: day + 1 }).total.cases).toBe(1);
    expect(complianceReport(records, { agents: ['a2'] }).total.rate).toBe(1);
    expect(complianceReport(records, { channels: ['phone'] }).byAgent.map((a) => a.agent)).toEqual([
      'a2',
    ]);
    const farewell = complianceReport(records, { steps: ['farewell'] });
    expect(farewell.total).toMatchObject({ applicable: 2, done: 1 });
    expect(farewell.byStep.map((s) => s.step)).toEqual(['farewell']);
  });
});

describe('exports', () => {
  const r = rec({
    caseId: 'GD1',
    agentId: '工号8',
    customer: '王*',
    notes: '客户说："费用不对", 要求退款\n=SUM(A1)',
    steps: [
      { id: 'greet', done: true, how: 'manual', at: 5, by: '8' },
      { id: 'record', done: false },
    ],
    alerts: [
      {
        ruleId: 'zh.fee-waiver',
        kind: 'unauthorised_promise',
        severity: 'high',
        match: '免年费',
        at: 9,
        override: { reason: '主管已批准 | 见工单', at: 10, by: '8' },
      },
    ],
    sla: { state: 'open', dueAt: 100 },
  });

  it('writes CSV with a BOM and quotes commas, quotes and newlines', () => {
    const csv = recordsToCsv([r]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('"客户说：""费用不对"", 要求退款\n=SUM(A1)"');
    expect(csv.slice(1).split('\r\n')[0]).toMatch(/^case_id,agent_id,.*,step:greet,step:record$/);
  });

  it('defuses a cell that Excel would run as a formula', () => {
    const csv = recordsToCsv([{ ...r, notes: '=HYPERLINK("x")' }]);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(recordsFromCsv(csv).records[0]!.notes).toBe('=HYPERLINK("x")');
  });

  it('reads back what it wrote, from CSV and from JSON', () => {
    const fromCsv = recordsFromCsv(recordsToCsv([r]));
    expect(fromCsv.refused).toEqual([]);
    expect(fromCsv.records).toEqual([r]);
    const fromJson = readRecordsFile(new TextEncoder().encode(recordsToJson([r])), 'a.json');
    expect(fromJson.records).toEqual([r]);
  });

  it('refuses broken entries with where and why, keeping the rest', () => {
    const json = JSON.stringify({ records: [r, { caseId: 'x' }] });
    const out = recordsFromJson(json);
    expect(out.records).toHaveLength(1);
    expect(out.refused).toEqual([{ at: 1, reason: 'agentId: expected text' }]);
  });

  it('masks again what an imported file holds', () => {
    const leaky = { ...r, notes: '卡号6222021234567890' };
    expect(recordsFromJson(JSON.stringify([leaky])).records[0]!.notes).toBe('卡号****7890');
  });

  it('merges several agents’ exports without duplicates', () => {
    const a = rec({ caseId: 'c1', agentId: 'a1' });
    const b = rec({ caseId: 'c1', agentId: 'a2' });
    const c = rec({ caseId: 'c1', agentId: 'a1', startedAt: a.startedAt + 1 });
    const one = recordsFromCsv(recordsToCsv([a, b])).records;
    const two = recordsFromJson(recordsToJson([b, c])).records;
    const merged = mergeRecords(one, two, one);
    expect(merged.map(recordKey)).toEqual([a, b, c].map(recordKey));
  });
});
