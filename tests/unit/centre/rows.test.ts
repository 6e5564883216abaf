import { describe, expect, it } from 'vitest';
import {
  alertRows,
  caseRow,
  changedRows,
  commitmentRow,
  recordRows,
} from '../../../knowledge/centre/rows.ts';
import { acknowledge } from '../../../knowledge/records/scorecard.ts';
import type { CaseRecord } from '../../../knowledge/records/records.ts';
import { generateRecords } from '../../support/records-gen.ts';

const NOW = Date.UTC(2026, 10, 30, 9);

const record: CaseRecord = {
  v: 1,
  caseId: 'GD-1',
  agentId: 'A7',
  team: 'T1',
  channel: 'chat',
  caseType: 'complaint',
  customer: '王*',
  customerId: 'CIF****7731',
  role: 'agent',
  startedAt: NOW - 600_000,
  endedAt: NOW,
  steps: [
    { id: 'greet', done: true, how: 'auto', at: NOW - 590_000 },
    { id: 'verify_identity', done: true, how: 'manual', at: NOW - 500_000 },
    { id: 'record', done: false },
  ],
  alerts: [
    {
      ruleId: 'zh.guarantee',
      kind: 'unauthorised_promise',
      severity: 'critical',
      match: '保本',
      at: NOW - 400_000,
    },
    {
      ruleId: 'zh.otp',
      kind: 'credential_request',
      severity: 'critical',
      match: '验证码',
      at: NOW - 300_000,
      override: { reason: '客户主动念出，已制止', at: NOW - 299_000 },
    },
  ],
  sla: { state: 'met', dueAt: NOW - 540_000, repliedAt: NOW - 580_000 },
};

describe('centre rows', () => {
  it('carries a case as one row with its steps and alerts as parallel arrays, masked as stored', () => {
    const { row, id } = caseRow(record);
    expect(id).toBe(row.event_id);
    expect(row).toMatchObject({
      case_id: 'GD-1',
      agent_id: 'A7',
      customer: '王*',
      customer_id: 'CIF****7731',
      step_ids: ['greet', 'verify_identity', 'record'],
      step_done: [1, 1, 0],
      step_manual: [0, 1, 0],
      alert_kinds: ['unauthorised_promise', 'credential_request'],
      alert_overridden: [0, 1],
      sla_state: 'met',
      started: Math.floor(record.startedAt / 1000),
      started_ms: record.startedAt,
      score: -1,
    });
    expect(JSON.parse(row.record as string)).toEqual(record);
  });

  it('gives the same ids and versions to the same record, so a resend is a duplicate', () => {
    expect(recordRows(structuredClone(record))).toEqual(recordRows(record));
    const ids = new Set(generateRecords(500, 3).flatMap((r) => recordRows(r).map((x) => x.id)));
    expect(ids.size).toBe(generateRecords(500, 3).flatMap(recordRows).length);
  });

  it('raises the version when the agent answers the score, so the newer row replaces the older', () => {
    const later = acknowledge(record, 'disputed', '客户已同意，非误导', NOW + 86_400_000);
    expect(caseRow(later).id).toBe(caseRow(record).id);
    expect(caseRow(later).row.version).toBeGreaterThan(caseRow(record).row.version as number);
    expect(caseRow(later).row.acknowledgement).toBe('disputed');
  });

  it('sends an alert again only when it is overridden', () => {
    const raised = {
      ...record,
      alerts: [{ ...record.alerts[1]!, override: undefined }],
    } as CaseRecord;
    delete raised.alerts[0]!.override;
    const before = alertRows(raised);
    const after = alertRows({ ...record, alerts: [record.alerts[1]!] });
    expect(changedRows(before, before)).toEqual([]);
    const changed = changedRows(before, after);
    expect(changed).toHaveLength(1);
    expect(changed[0]!.id).toBe(before[0]!.id);
    expect(changed[0]!.row).toMatchObject({
      overridden: 1,
      override_reason: '客户主动念出，已制止',
    });
  });

  it('ships a commitment outcome without its words or the customer', () => {
    const row = commitmentRow(
      {
        id: 'GD-1#3',
        caseId: 'GD-1',
        text: '明天下午三点给王先生回电',
        createdAt: NOW,
        dueAt: NOW + 86_400_000,
        source: 'auto',
        status: 'missed',
        settledAt: NOW + 86_400_000,
        customer: '王建国',
      },
      { agentId: 'A7', team: 'T1' },
    ).row;
    expect(row).toMatchObject({ outcome: 'missed', case_id: 'GD-1', agent_id: 'A7' });
    expect(JSON.stringify(row)).not.toMatch(/王|回电/);
  });
});
