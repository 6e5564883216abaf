/**
 * Export and import of case records: CSV that Excel opens correctly with Chinese (UTF-8 with
 * BOM, RFC 4180 quoting, formula-looking cells defused) and JSON. Both round-trip: a team lead
 * imports the files of many agents and merges them by case, agent and start.
 */
import { decodeText, parseCsv } from '../text/csv.ts';
import { maskIdentifier, maskName, maskText } from './mask.ts';
import {
  RECORD_VERSION,
  type AlertRecord,
  type CaseRecord,
  type SlaRecord,
  type StepRecord,
} from './records.ts';
import { parseScoreColumns, scoreCells, scoreProblem, SCORE_COLUMNS } from './io-score.ts';
import { ALERT_KINDS, SEVERITIES, type AlertKind, type Severity } from '../types.ts';

export const RECORDS_FORMAT = 'sop-copilot.records';
const BOM = '\uFEFF';

const BASE_COLUMNS = [
  'case_id',
  'agent_id',
  'team',
  'channel',
  'case_type',
  'product',
  'customer',
  'customer_id',
  'role',
  'started_at',
  'ended_at',
  'steps_applicable',
  'steps_done',
  'compliance',
  'alerts',
  'overrides',
  'sla',
  'sla_due_at',
  'sla_replied_at',
  'alert_details',
  'notes',
  ...SCORE_COLUMNS,
] as const;
const STEP_PREFIX = 'step:';

const iso = (t: number | undefined): string => (t === undefined ? '' : new Date(t).toISOString());

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA = /^[=+\-@\t\r]/;

/** Quotes a CSV cell when needed; a cell Excel would run as a formula gets a leading '. */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined || value === '') return '';
  if (typeof value === 'number') return String(value);
  let s = value;
  if (FORMULA.test(s)) s = `'${s}`;
  const edge = s.charCodeAt(0) <= 32 || s.charCodeAt(s.length - 1) <= 32;
  return edge || NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const clean = (s: string): string => s.replace(/[|\r\n]+/g, ' ').trim();

/** A time inside the case as seconds after its start ("+12.5s"): short, and exact to the ms. */
const offset = (t: number | undefined, start: number): string =>
  t === undefined ? '' : `+${(t - start) / 1000}s`;
const fromOffset = (s: string | undefined, start: number): number | undefined => {
  const m = /^\+(-?[\d.]+)s$/.exec(s?.trim() ?? '');
  return m ? start + Math.round(Number(m[1]) * 1000) : time(s);
};

function stepCell(s: StepRecord, start: number): string {
  if (!s.done) return 'missed';
  let c = s.how ?? 'auto';
  if (s.at !== undefined) c += ` ${offset(s.at, start)}`;
  return s.by ? `${c} by ${s.by}` : c;
}

function alertLine(a: AlertRecord, start: number): string {
  const parts = [a.kind, a.ruleId, a.severity, offset(a.at, start), clean(a.match)];
  if (a.override)
    parts.push(
      offset(a.override.at, start),
      clean(a.override.by ?? ''),
      // The reason comes last, so it may keep its own '|'.
      a.override.reason.replace(/[\r\n]+/g, ' ').trim(),
    );
  return parts.join(' | ');
}

/** The step ids of the records, in order of first appearance (the CSV's step columns). */
function stepColumns(records: readonly CaseRecord[]): string[] {
  const seen = new Set<string>();
  for (const r of records) for (const s of r.steps) seen.add(s.id);
  return [...seen];
}

/** CSV text of the records, BOM first, CRLF line ends (what Excel writes and reads best). */
export function recordsToCsv(records: readonly CaseRecord[]): string {
  const steps = stepColumns(records);
  const column = new Map(steps.map((s, i) => [s, i]));
  const blocks: string[] = [];
  const lines: string[] = [[...BASE_COLUMNS, ...steps.map((s) => STEP_PREFIX + s)].join(',')];
  const stepCells: string[] = new Array<string>(steps.length);
  for (const r of records) {
    stepCells.fill('');
    let done = 0;
    let overrides = 0;
    for (const s of r.steps) {
      if (s.done) done++;
      stepCells[column.get(s.id)!] = stepCell(s, r.startedAt);
    }
    for (const a of r.alerts) if (a.override) overrides++;
    const cells: (string | number | undefined)[] = [
      r.caseId,
      r.agentId,
      r.team,
      r.channel,
      r.caseType,
      r.product,
      r.customer,
      r.customerId,
      r.role,
      iso(r.startedAt),
      iso(r.endedAt),
      r.steps.length,
      done,
      r.steps.length === 0 ? 1 : Math.round((done / r.steps.length) * 10_000) / 10_000,
      r.alerts.length,
      overrides,
      r.sla?.state,
      iso(r.sla?.dueAt),
      iso(r.sla?.repliedAt),
      r.alerts.length === 0 ? '' : r.alerts.map((a) => alertLine(a, r.startedAt)).join('\n'),
      r.notes,
      ...scoreCells(r),
    ];
    const out: string[] = cells.map(csvCell);
    for (const c of stepCells) out.push(csvCell(c));
    lines.push(out.join(','));
    // Flatten in blocks: fewer live pieces for the garbage collector on 100k-row exports.
    if (lines.length >= 2000) blocks.push(lines.splice(0).join('\r\n'));
  }
  if (lines.length > 0) blocks.push(lines.join('\r\n'));
  return BOM + blocks.join('\r\n') + '\r\n';
}

/** JSON text of the records with a small header naming the format. */
export function recordsToJson(records: readonly CaseRecord[], exportedAt = Date.now()): string {
  return JSON.stringify({
    format: RECORDS_FORMAT,
    version: RECORD_VERSION,
    exportedAt: iso(exportedAt),
    records,
  });
}

export interface RecordsImport {
  records: CaseRecord[];
  /** Entries that could not be read: row (CSV, header = 1) or index (JSON) and why. */
  refused: { at: number; reason: string }[];
}

const time = (s: string | undefined): number | undefined => {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
};

const undefuse = (s: string): string => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

function parseStepCell(id: string, cell: string, start: number): StepRecord | undefined {
  const c = cell.trim();
  if (c === '') return undefined;
  if (c === 'missed') return { id, done: false };
  const m = /^(auto|manual)(?:\s+(\S+))?(?:\s+by\s+(.+))?$/.exec(c);
  if (!m) return { id, done: true };
  const s: StepRecord = { id, done: true, how: m[1] as 'auto' | 'manual' };
  const at = fromOffset(m[2], start);
  if (at !== undefined) s.at = at;
  if (m[3]) s.by = m[3].trim();
  return s;
}

function parseAlertLine(line: string, start: number): AlertRecord | undefined {
  const p = line.split(' | ');
  const kind = p[0]?.trim() as AlertKind;
  const severity = p[2]?.trim() as Severity;
  if (!ALERT_KINDS.includes(kind) || !SEVERITIES.includes(severity)) return undefined;
  const a: AlertRecord = {
    kind,
    ruleId: p[1]?.trim() ?? '',
    severity,
    at: fromOffset(p[3], start) ?? start,
    match: p[4] ?? '',
  };
  if (p.length > 5) {
    a.override = { at: fromOffset(p[5], start) ?? a.at, reason: p.slice(7).join(' | ') };
    if (p[6]) a.override.by = p[6];
  }
  return a;
}

/** Masks again whatever an imported file holds: a hand-edited export must not smuggle data in. */
function remask(r: CaseRecord): CaseRecord {
  const keep = { keep: [r.caseId] };
  const out: CaseRecord = { ...r, alerts: r.alerts.map((a) => ({ ...a })) };
  if (r.customer !== undefined) out.customer = maskName(r.customer);
  if (r.customerId !== undefined) out.customerId = maskIdentifier(r.customerId);
  if (r.notes !== undefined) out.notes = maskText(r.notes, keep);
  if (r.product !== undefined) out.product = maskText(r.product, keep);
  for (const a of out.alerts) {
    a.match = maskText(a.match, keep);
    if (a.override) a.override = { ...a.override, reason: maskText(a.override.reason, keep) };
  }
  if (r.review)
    out.review = {
      ...r.review,
      adjustments: r.review.adjustments.map((a) => ({ ...a, reason: maskText(a.reason, keep) })),
    };
  if (r.review?.coaching)
    out.review!.coaching = {
      ...r.review.coaching,
      reason: maskText(r.review.coaching.reason, keep),
    };
  if (r.acknowledgement?.reason !== undefined)
    out.acknowledgement = {
      ...r.acknowledgement,
      reason: maskText(r.acknowledgement.reason, keep),
    };
  return out;
}

/** Reads records from CSV text (as written by `recordsToCsv`). */
export function recordsFromCsv(text: string): RecordsImport {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''), ',');
  const [header, ...body] = rows;
  const refused: RecordsImport['refused'] = [];
  const records: CaseRecord[] = [];
  if (!header) return { records, refused: [{ at: 1, reason: 'empty file' }] };
  const col = new Map(header.map((h, i) => [h.trim(), i]));
  for (const need of ['case_id', 'agent_id', 'started_at'])
    if (!col.has(need)) return { records, refused: [{ at: 1, reason: `no column "${need}"` }] };
  const stepCols = header
    .map((h, i) => [h.trim(), i] as const)
    .filter(([h]) => h.startsWith(STEP_PREFIX));
  body.forEach((row, i) => {
    const at = i + 2;
    if (row.length === 1 && row[0]!.trim() === '') return;
    const get = (name: string): string => undefuse(row[col.get(name) ?? -1] ?? '');
    const caseId = get('case_id').trim();
    const agentId = get('agent_id').trim();
    const startedAt = time(get('started_at'));
    if (!caseId || !agentId || startedAt === undefined) {
      refused.push({ at, reason: 'case_id, agent_id and started_at are required' });
      return;
    }
    const steps: StepRecord[] = [];
    for (const [h, ci] of stepCols) {
      const s = parseStepCell(h.slice(STEP_PREFIX.length), row[ci] ?? '', startedAt);
      if (s) steps.push(s);
    }
    const alerts = get('alert_details')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((l) => parseAlertLine(l, startedAt))
      .filter((a): a is AlertRecord => a !== undefined);
    const r: CaseRecord = {
      v: RECORD_VERSION,
      caseId,
      agentId,
      channel: get('channel'),
      caseType: get('case_type'),
      role: get('role') || 'agent',
      startedAt,
      endedAt: time(get('ended_at')) ?? startedAt,
      steps,
      alerts,
    };
    for (const [k, c] of [
      ['team', 'team'],
      ['product', 'product'],
      ['customer', 'customer'],
      ['customerId', 'customer_id'],
      ['notes', 'notes'],
    ] as const) {
      const v = get(c);
      if (v !== '') r[k] = v;
    }
    const sla = get('sla') as SlaRecord['state'] | '';
    if (sla === 'met' || sla === 'breached' || sla === 'open') {
      r.sla = { state: sla, dueAt: time(get('sla_due_at')) ?? startedAt };
      const replied = time(get('sla_replied_at'));
      if (replied !== undefined) r.sla.repliedAt = replied;
    }
    Object.assign(r, parseScoreColumns(get, startedAt));
    records.push(remask(r));
  });
  return { records, refused };
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks one JSON record's shape; returns why it is refused, or undefined. */
function recordProblem(v: unknown): string | undefined {
  if (!isObj(v)) return 'not an object';
  for (const k of ['caseId', 'agentId'] as const)
    if (typeof v[k] !== 'string' || v[k] === '') return `${k}: expected text`;
  for (const k of ['startedAt', 'endedAt'] as const)
    if (typeof v[k] !== 'number' || !Number.isFinite(v[k])) return `${k}: expected a time`;
  if (!Array.isArray(v.steps)) return 'steps: expected a list';
  if (!Array.isArray(v.alerts)) return 'alerts: expected a list';
  for (const [i, s] of (v.steps as unknown[]).entries())
    if (!isObj(s) || typeof s.id !== 'string' || typeof s.done !== 'boolean')
      return `steps[${i}]: expected {id, done}`;
  for (const [i, a] of (v.alerts as unknown[]).entries())
    if (!isObj(a) || !ALERT_KINDS.includes(a.kind as AlertKind))
      return `alerts[${i}].kind: unknown alert kind`;
  return scoreProblem(v);
}

/** Reads records from JSON text: an export (`{format, records}`) or a plain list. */
export function recordsFromJson(text: string): RecordsImport {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { records: [], refused: [{ at: 0, reason: `not valid JSON: ${(e as Error).message}` }] };
  }
  const list = Array.isArray(value) ? value : isObj(value) ? value.records : undefined;
  if (!Array.isArray(list))
    return { records: [], refused: [{ at: 0, reason: 'expected a records export' }] };
  const records: CaseRecord[] = [];
  const refused: RecordsImport['refused'] = [];
  list.forEach((v, i) => {
    const problem = recordProblem(v);
    if (problem) refused.push({ at: i, reason: problem });
    else
      records.push(
        remask({
          ...(v as CaseRecord),
          channel: String((v as CaseRecord).channel ?? ''),
          caseType: String((v as CaseRecord).caseType ?? ''),
          role: String((v as CaseRecord).role ?? 'agent'),
          v: RECORD_VERSION,
        }),
      );
  });
  return { records, refused };
}

/** Reads an export file of either kind (by name, else by content). */
export function readRecordsFile(bytes: Uint8Array, fileName: string): RecordsImport {
  const { text } = decodeText(bytes);
  const json = /\.json$/i.test(fileName) || /^\s*[[{]/.test(text.replace(/^\uFEFF/, ''));
  return json ? recordsFromJson(text) : recordsFromCsv(text);
}
