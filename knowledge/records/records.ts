/**
 * Case records: what stays of a finished case for the team lead and the auditor. A record is
 * built from the ended case session, with every piece of customer data masked before it
 * leaves this module (nothing unmasked is ever stored or exported).
 */
import { maskIdentifier, maskName, maskText, type MaskOptions } from './mask.ts';
import type { CaseSession } from '../case/session.ts';
import type { SlaState } from '../case/sla.ts';
import type { AlertKind, Severity } from '../types.ts';
import type { Scorecard } from '../authoring/pack-scorecard.ts';
import { scoreRecord, type Acknowledgement, type CaseReview, type CaseScore } from './scorecard.ts';

export const RECORD_VERSION = 1;

/** One applicable checklist step: done or not, how, when and by whom. */
export interface StepRecord {
  id: string;
  done: boolean;
  how?: 'auto' | 'manual';
  /** Epoch ms. */
  at?: number;
  by?: string;
}

/** One alert raised in the case, with the agent's override when there was one. */
export interface AlertRecord {
  ruleId: string;
  kind: AlertKind;
  severity: Severity;
  /** The matched words, masked. */
  match: string;
  at: number;
  override?: { reason: string; at: number; by?: string };
}

/** The first-reply timer's outcome; `open` when the case ended unanswered but not yet late. */
export interface SlaRecord {
  state: 'met' | 'breached' | 'open';
  dueAt: number;
  repliedAt?: number;
}

export interface CaseRecord {
  v: typeof RECORD_VERSION;
  caseId: string;
  agentId: string;
  team?: string;
  channel: string;
  caseType: string;
  product?: string;
  /** Masked: 王* / J***. */
  customer?: string;
  /** Masked: CIF****7731. */
  customerId?: string;
  role: string;
  startedAt: number;
  endedAt: number;
  steps: StepRecord[];
  alerts: AlertRecord[];
  sla?: SlaRecord;
  /** The CRM notes at the end of the case, masked. */
  notes?: string;
  /** The QA score on the first scorecard of the case's packs, as built (before review). */
  score?: CaseScore;
  /** The team lead's adjustments and coaching mark. */
  review?: CaseReview;
  /** The agent's acknowledgement or dispute of the score. */
  acknowledgement?: Acknowledgement;
}

/** Who worked the case, from the agent's settings (the CRM's own agent id as a fallback). */
export interface RecordOptions {
  agentId?: string;
  team?: string;
  /** The scorecard to score the case on (the first one of the case's packs). */
  scorecard?: Scorecard;
}

const slaState = (s: SlaState): SlaRecord['state'] => (s === 'running' ? 'open' : s);

/**
 * Builds the record of an ended case (run `endCase` first) from its applicable steps in pack
 * order (`applicableSteps` of the session): every alert with its override, the SLA result,
 * the score when a scorecard is given; customer data masked.
 */
export function buildRecord(
  session: CaseSession,
  applicable: readonly string[],
  options: RecordOptions = {},
): CaseRecord {
  const ctx = session.context;
  const caseId = ctx.caseId?.trim() || `case-${session.startedAt}`;
  const mask: MaskOptions = {
    names: ctx.customerName ? [ctx.customerName] : [],
    keep: [caseId],
  };
  const steps = applicable.map((id): StepRecord => {
    const st = session.steps[id];
    const r: StepRecord = { id, done: st?.done === true };
    if (st?.done) {
      if (st.how) r.how = st.how;
      if (st.at !== undefined) r.at = st.at;
      if (st.by) r.by = st.by;
    }
    return r;
  });
  const alerts = session.alerts.map((a): AlertRecord => {
    const r: AlertRecord = {
      ruleId: a.ruleId,
      kind: a.kind,
      severity: a.severity,
      match: maskText(a.match, mask),
      at: a.at,
    };
    if (a.override) {
      r.override = { reason: maskText(a.override.reason, mask), at: a.override.at };
      if (a.override.by) r.override.by = a.override.by;
    }
    return r;
  });
  const record: CaseRecord = {
    v: RECORD_VERSION,
    caseId,
    agentId: options.agentId?.trim() || ctx.agentId?.trim() || 'unknown',
    channel: ctx.channel ?? '',
    caseType: ctx.caseType ?? '',
    role: session.role,
    startedAt: session.startedAt,
    endedAt: session.endedAt ?? session.startedAt,
    steps,
    alerts,
  };
  if (options.team) record.team = options.team;
  if (ctx.product) record.product = maskText(ctx.product, mask);
  if (ctx.customerName) record.customer = maskName(ctx.customerName);
  if (ctx.customerId) record.customerId = maskIdentifier(ctx.customerId);
  if (session.sla) {
    record.sla = { state: slaState(session.sla.state), dueAt: session.sla.dueAt };
    if (session.sla.repliedAt !== undefined) record.sla.repliedAt = session.sla.repliedAt;
  }
  const notes = maskText(session.notes, mask).trim();
  if (notes) record.notes = notes;
  if (options.scorecard) record.score = scoreRecord(record, options.scorecard);
  return record;
}

/**
 * Did the agent work the case in this session (a message sent after it opened, or a step ticked
 * by hand)? Opening a case whose history already holds agent messages is not working it.
 */
export function wasWorked(session: CaseSession): boolean {
  const after = (at: number | undefined) => at !== undefined && at > session.startedAt;
  return (
    session.turns.some((t) => t.speaker === 'agent' && after(t.at)) ||
    Object.values(session.steps).some((s) => s.done && after(s.at)) ||
    session.alerts.some((a) => after(a.at)) ||
    Object.values(session.steps).some((s) => s.how === 'manual')
  );
}

/** The identity of a record across exports: case id, agent and start. */
export function recordKey(r: Pick<CaseRecord, 'caseId' | 'agentId' | 'startedAt'>): string {
  return `${r.caseId}\u0001${r.agentId}\u0001${r.startedAt}`;
}

/** Merges several lists of records without duplicates (the later copy of a key wins). */
export function mergeRecords(...lists: CaseRecord[][]): CaseRecord[] {
  const byKey = new Map<string, CaseRecord>();
  for (const list of lists) for (const r of list) byKey.set(recordKey(r), r);
  return [...byKey.values()].sort((a, b) => a.startedAt - b.startedAt);
}
