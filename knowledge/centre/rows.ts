/**
 * What the centre store receives: rows of its tables built from case records (already masked,
 * exactly as exported), from alerts as they are raised and overridden, and from commitments.
 * Every row has a stable `event_id` and a `version` that only grows when the thing it describes
 * changes, so a resend is a duplicate the server folds away and a change replaces the old row.
 */
import type { Commitment } from '../case/commitments.ts';
import { adjustedScore } from '../records/scorecard.ts';
import type { AlertRecord, CaseRecord } from '../records/records.ts';
import type { CentreTable } from './schema.ts';

/** One row waiting for (or on its way to) the centre store. */
export interface CentreRow {
  table: CentreTable;
  /** Stable across resends: the ReplacingMergeTree key. */
  id: string;
  /** The row, in the table's JSONEachRow form. */
  row: Record<string, unknown>;
}

const secs = (ms: number): number => Math.floor(ms / 1000);

/** The stable id of a case: its case id, agent and start. */
export function caseEventId(r: Pick<CaseRecord, 'caseId' | 'agentId' | 'startedAt'>): string {
  return `case:${r.caseId}:${r.agentId}:${r.startedAt}`;
}

/** The newest change a record carries: its end, a lead's review, the agent's answer. */
export function recordVersion(r: CaseRecord): number {
  let v = r.endedAt;
  for (const a of r.review?.adjustments ?? []) v = Math.max(v, a.at);
  if (r.review?.coaching) v = Math.max(v, r.review.coaching.at);
  if (r.acknowledgement) v = Math.max(v, r.acknowledgement.at);
  return v;
}

/** The `case_records` row of a finished case. */
export function caseRow(r: CaseRecord): CentreRow {
  const score = adjustedScore(r);
  const id = caseEventId(r);
  return {
    table: 'case_records',
    id,
    row: {
      event_id: id,
      version: recordVersion(r),
      case_id: r.caseId,
      agent_id: r.agentId,
      team: r.team ?? '',
      channel: r.channel,
      case_type: r.caseType,
      product: r.product ?? '',
      customer: r.customer ?? '',
      customer_id: r.customerId ?? '',
      role: r.role,
      started: secs(r.startedAt),
      started_ms: r.startedAt,
      ended: secs(r.endedAt),
      step_ids: r.steps.map((s) => s.id),
      step_done: r.steps.map((s) => (s.done ? 1 : 0)),
      step_manual: r.steps.map((s) => (s.done && s.how === 'manual' ? 1 : 0)),
      alert_kinds: r.alerts.map((a) => a.kind),
      alert_overridden: r.alerts.map((a) => (a.override ? 1 : 0)),
      sla_state: r.sla?.state ?? '',
      sla_due_ms: r.sla?.dueAt ?? 0,
      sla_replied_ms: r.sla?.repliedAt ?? 0,
      scorecard: r.score?.scorecardId ?? '',
      score: score ? score.score : -1,
      coaching: r.review?.coaching ? 1 : 0,
      acknowledgement: r.acknowledgement?.state ?? '',
      record: JSON.stringify(r),
    },
  };
}

/**
 * The stable id of one alert of a case: the case, the rule and when it was raised (`nth`
 * tells apart two alerts of one rule raised in the same millisecond, in the record's order).
 */
export function alertEventId(
  r: Pick<CaseRecord, 'caseId' | 'agentId' | 'startedAt'>,
  a: Pick<AlertRecord, 'ruleId' | 'at'>,
  nth = 0,
): string {
  const base = `alert:${r.caseId}:${r.agentId}:${r.startedAt}:${a.ruleId}:${a.at}`;
  return nth === 0 ? base : `${base}#${nth}`;
}

/** The `alert_events` rows of a case's alerts (masked as in the record), raised or overridden. */
export function alertRows(r: CaseRecord): CentreRow[] {
  const seen = new Map<string, number>();
  return r.alerts.map((a) => {
    const same = `${a.ruleId}:${a.at}`;
    const nth = seen.get(same) ?? 0;
    seen.set(same, nth + 1);
    const id = alertEventId(r, a, nth);
    return {
      table: 'alert_events',
      id,
      row: {
        event_id: id,
        version: a.override ? Math.max(a.override.at, a.at) : a.at,
        case_id: r.caseId,
        agent_id: r.agentId,
        team: r.team ?? '',
        channel: r.channel,
        case_type: r.caseType,
        at: secs(a.at),
        at_ms: a.at,
        rule_id: a.ruleId,
        kind: a.kind,
        severity: a.severity,
        match: a.match,
        overridden: a.override ? 1 : 0,
        override_reason: a.override?.reason ?? '',
        override_at_ms: a.override?.at ?? 0,
      },
    };
  });
}

/** Everything a finished case sends: its record and its alerts. */
export function recordRows(r: CaseRecord): CentreRow[] {
  return [caseRow(r), ...alertRows(r)];
}

/** The `commitment_events` row of a promise and its outcome (no promise text, no customer). */
export function commitmentRow(
  c: Commitment,
  who: { agentId: string; team?: string | undefined },
): CentreRow {
  const id = `commitment:${who.agentId}:${c.id}`;
  return {
    table: 'commitment_events',
    id,
    row: {
      event_id: id,
      version: c.settledAt ?? c.createdAt,
      case_id: c.caseId,
      agent_id: who.agentId,
      team: who.team ?? '',
      source: c.source,
      created: secs(c.createdAt),
      due_ms: c.dueAt,
      outcome: c.status,
      settled_ms: c.settledAt ?? 0,
    },
  };
}

/** The rows of `next` that are new or changed against `before` (by id and version). */
export function changedRows(before: readonly CentreRow[], next: readonly CentreRow[]): CentreRow[] {
  const seen = new Map(before.map((r) => [r.id, r.row.version]));
  return next.filter((r) => seen.get(r.id) !== r.row.version);
}
