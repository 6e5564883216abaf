/**
 * Generated case records for benchmarks and tests: many agents, teams, channels and case types,
 * steps that apply by case type, alerts with and without overrides, SLA outcomes. Seeded, so a
 * run can be repeated; customer fields are already in their masked form, as stored records are.
 */
import type { AlertRecord, CaseRecord, StepRecord } from '../../knowledge/records/records.ts';
import { ALERT_KINDS, CHANNELS, SEVERITIES } from '../../knowledge/types.ts';

/** A small seeded generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CASE_TYPES = ['inquiry', 'assistance', 'complaint', 'complex'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const NOTES = [
  '客户咨询大额存单利率，已告知并发送产品说明。',
  '客户投诉年费扣收，已记录诉求并转信用卡中心核实，三个工作日内回电。',
  'Customer asked about a card replacement; explained the fee and timing.',
  '客户手机银行密码锁定，已核实身份并指导解锁。',
];

/** `count` records spread over 90 days before `end`, by 40 agents in 4 teams. */
export function generateRecords(
  count: number,
  seed = 1,
  end = Date.UTC(2026, 10, 29),
): CaseRecord[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: CaseRecord[] = [];
  const span = 90 * 86_400_000;
  for (let i = 0; i < count; i++) {
    const startedAt = end - span + Math.floor((i / count) * span) + Math.floor(r() * 60_000);
    const agent = Math.floor(r() * 40);
    const caseType = pick(CASE_TYPES);
    const skill = 0.7 + (agent % 10) / 40; // some agents skip more steps than others
    const ids = ['greet', 'confirm_need'];
    if (r() < 0.6) ids.push('verify_identity');
    ids.push('resolve');
    if (caseType === 'complaint') ids.push('complaint_soothe', 'complaint_record');
    if (caseType === 'complex' || r() < 0.1) ids.push('referral_notice');
    ids.push('farewell', 'record');
    let t = startedAt;
    const steps = ids.map((id): StepRecord => {
      t += Math.floor(r() * 30_000);
      if (r() > skill) return { id, done: false };
      return r() < 0.1
        ? { id, done: true, how: 'manual', at: t, by: `A${agent}` }
        : { id, done: true, how: 'auto', at: t };
    });
    const alerts: AlertRecord[] = [];
    while (r() < 0.25) {
      const a: AlertRecord = {
        ruleId: `rule-${Math.floor(r() * 12)}`,
        kind: pick(ALERT_KINDS),
        severity: pick(SEVERITIES),
        match: pick(['保本', '验证码', '余额', 'guaranteed', '免年费']),
        at: t,
      };
      if (r() < 0.3) a.override = { reason: '客户误解，已当场更正', at: t + 1000, by: `A${agent}` };
      alerts.push(a);
    }
    const channel = pick(CHANNELS);
    const rec: CaseRecord = {
      v: 1,
      caseId: `GD${String(startedAt).slice(-9)}${String(i).padStart(6, '0')}`,
      agentId: `A${agent}`,
      team: `T${agent % 4}`,
      channel,
      caseType,
      customer: `${pick(SURNAMES)}*`,
      customerId: `CIF****${String(Math.floor(r() * 10_000)).padStart(4, '0')}`,
      role: 'agent',
      startedAt,
      endedAt: t + 60_000,
      steps,
      alerts,
      sla: { state: r() < 0.08 ? 'breached' : 'met', dueAt: startedAt + 30_000 },
      notes: pick(NOTES),
    };
    out.push(rec);
  }
  return out;
}
