/**
 * The team lead's compliance report over case records: compliance rate per step, per agent and
 * per team, alert and override counts, SLA breaches, with filters. One pass over the records.
 */
import type { CaseRecord } from './records.ts';

/** Which records (and which steps) a report covers. Empty or absent lists mean "all". */
export interface RecordFilter {
  /** Epoch ms, inclusive, on the case start. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  agents?: string[];
  teams?: string[];
  channels?: string[];
  caseTypes?: string[];
  /** Only these steps count; only cases where one of them applied are kept. */
  steps?: string[];
}

export interface Tally {
  cases: number;
  /** Applicable step instances, and those done. */
  applicable: number;
  done: number;
  /** done / applicable (1 when nothing applied). */
  rate: number;
  /** Cases with every applicable step done. */
  complete: number;
  alerts: number;
  overrides: number;
  /** Cases with an SLA timer, and those breached. */
  timed: number;
  breaches: number;
}

export interface StepTally {
  step: string;
  applicable: number;
  done: number;
  manual: number;
  rate: number;
}

export interface ComplianceReport {
  total: Tally;
  byStep: StepTally[];
  byAgent: (Tally & { agent: string })[];
  byTeam: (Tally & { team: string })[];
  byChannel: (Tally & { channel: string })[];
  /** Alerts per kind: raised and overridden. */
  byKind: { kind: string; alerts: number; overrides: number }[];
  /** Cases per day (UTC date of the start), for the trend chart. */
  byDay: { day: string; cases: number; rate: number }[];
}

const DAY = 86_400_000;

const empty = (): Tally => ({
  cases: 0,
  applicable: 0,
  done: 0,
  rate: 1,
  complete: 0,
  alerts: 0,
  overrides: 0,
  timed: 0,
  breaches: 0,
});

const set = (xs: string[] | undefined): Set<string> | null =>
  xs && xs.length > 0 ? new Set(xs) : null;

/** The records a filter keeps. */
export function filterRecords(records: readonly CaseRecord[], f: RecordFilter): CaseRecord[] {
  const agents = set(f.agents);
  const teams = set(f.teams);
  const channels = set(f.channels);
  const types = set(f.caseTypes);
  const steps = set(f.steps);
  return records.filter(
    (r) =>
      (f.from === undefined || r.startedAt >= f.from) &&
      (f.to === undefined || r.startedAt < f.to) &&
      (!agents || agents.has(r.agentId)) &&
      (!teams || teams.has(r.team ?? '')) &&
      (!channels || channels.has(r.channel)) &&
      (!types || types.has(r.caseType)) &&
      (!steps || r.steps.some((s) => steps.has(s.id))),
  );
}

/** Counts a record's steps into the per-step tallies; returns its own applicable and done. */
function countSteps(
  r: CaseRecord,
  stepFilter: Set<string> | null,
  steps: Map<string, StepTally>,
): { applicable: number; done: number } {
  let applicable = 0;
  let done = 0;
  for (const s of r.steps) {
    if (stepFilter && !stepFilter.has(s.id)) continue;
    applicable++;
    let st = steps.get(s.id);
    if (!st) steps.set(s.id, (st = { step: s.id, applicable: 0, done: 0, manual: 0, rate: 1 }));
    st.applicable++;
    if (s.done) {
      done++;
      st.done++;
      if (s.how === 'manual') st.manual++;
    }
  }
  return { applicable, done };
}

/** Counts a record's alerts per kind; returns how many of them were overridden. */
function countAlerts(r: CaseRecord, kinds: Map<string, { alerts: number; overrides: number }>) {
  let overrides = 0;
  for (const a of r.alerts) {
    let k = kinds.get(a.kind);
    if (!k) kinds.set(a.kind, (k = { alerts: 0, overrides: 0 }));
    k.alerts++;
    if (a.override) {
      k.overrides++;
      overrides++;
    }
  }
  return overrides;
}

/** Adds one case to a tally (the whole set, an agent, a team, a channel or a day). */
function addCase(t: Tally, r: CaseRecord, applicable: number, done: number, overrides: number) {
  t.cases++;
  t.applicable += applicable;
  t.done += done;
  if (done === applicable) t.complete++;
  t.alerts += r.alerts.length;
  t.overrides += overrides;
  if (r.sla) t.timed++;
  if (r.sla?.state === 'breached') t.breaches++;
}

/** Builds the report of the records a filter keeps. */
export function complianceReport(
  records: readonly CaseRecord[],
  filter: RecordFilter = {},
): ComplianceReport {
  const stepFilter = set(filter.steps);
  const total = empty();
  const agents = new Map<string, Tally>();
  const teams = new Map<string, Tally>();
  const channels = new Map<string, Tally>();
  const steps = new Map<string, StepTally>();
  const kinds = new Map<string, { alerts: number; overrides: number }>();
  const days = new Map<number, Tally>();
  const get = <K>(m: Map<K, Tally>, k: K): Tally => {
    let t = m.get(k);
    if (!t) m.set(k, (t = empty()));
    return t;
  };
  for (const r of filterRecords(records, filter)) {
    const { applicable, done } = countSteps(r, stepFilter, steps);
    const overrides = countAlerts(r, kinds);
    const day = Math.floor(r.startedAt / DAY);
    for (const t of [
      total,
      get(agents, r.agentId),
      get(teams, r.team ?? ''),
      get(channels, r.channel),
      get(days, day),
    ])
      addCase(t, r, applicable, done, overrides);
  }
  const withRate = <T extends { applicable: number; done: number; rate: number }>(t: T): T => {
    t.rate = t.applicable === 0 ? 1 : t.done / t.applicable;
    return t;
  };
  withRate(total);
  return {
    total,
    byStep: [...steps.values()].map(withRate),
    byAgent: [...agents]
      .map(([agent, t]) => ({ agent, ...withRate(t) }))
      .sort((a, b) => a.agent.localeCompare(b.agent)),
    byTeam: [...teams]
      .map(([team, t]) => ({ team, ...withRate(t) }))
      .sort((a, b) => a.team.localeCompare(b.team)),
    byChannel: [...channels]
      .map(([channel, t]) => ({ channel, ...withRate(t) }))
      .sort((a, b) => a.channel.localeCompare(b.channel)),
    byKind: [...kinds].map(([kind, k]) => ({ kind, ...k })).sort((a, b) => b.alerts - a.alerts),
    byDay: [...days]
      .map(([day, t]) => ({
        day: new Date(day * DAY).toISOString().slice(0, 10),
        cases: t.cases,
        rate: withRate(t).rate,
      }))
      .sort((a, b) => a.day.localeCompare(b.day)),
  };
}

/** The distinct values of the records, for the filter pickers. */
export function recordFacets(records: readonly CaseRecord[]): {
  agents: string[];
  teams: string[];
  channels: string[];
  caseTypes: string[];
  steps: string[];
} {
  const a = new Set<string>();
  const tm = new Set<string>();
  const c = new Set<string>();
  const ct = new Set<string>();
  const s = new Set<string>();
  for (const r of records) {
    a.add(r.agentId);
    if (r.team) tm.add(r.team);
    c.add(r.channel);
    ct.add(r.caseType);
    for (const st of r.steps) s.add(st.id);
  }
  const sorted = (x: Set<string>) => [...x].filter((v) => v !== '').sort();
  return {
    agents: sorted(a),
    teams: sorted(tm),
    channels: sorted(c),
    caseTypes: sorted(ct),
    steps: [...s],
  };
}
