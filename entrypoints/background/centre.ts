/**
 * Shipping to the centre store (ClickHouse), opt-in: finished case records, alerts as they are
 * raised and overridden, commitment outcomes. Rows go into the outbox first and are sent in
 * batches from here, the background, only; a failure waits with backoff and loses nothing.
 */
import { browser } from 'wxt/browser';
import { openDb } from '../../extension/db.ts';
import { enqueue, oldest, queued, settle } from '../../extension/centre-outbox.ts';
import {
  centreStatusItem,
  commitmentsItem,
  getSettings,
  settingsItem,
} from '../../extension/storage.ts';
import type { Settings } from '../../extension/storage.ts';
import { buildRecord, type CaseRecord } from '../../knowledge/records/records.ts';
import {
  alertRows,
  changedRows,
  commitmentRow,
  recordRows,
  type CentreRow,
} from '../../knowledge/centre/rows.ts';
import {
  centreClient,
  CentreError,
  endpointOrigin,
  type CentreClient,
  type CentreConnection,
} from '../../knowledge/centre/client.ts';
import {
  BATCH_ROWS,
  failed,
  nextBatch,
  OUTBOX_LIMIT,
  succeeded,
  type CentreStatus,
} from '../../knowledge/centre/outbox.ts';
import type { TabState } from '../../knowledge/case/tab.ts';
import type { Commitment } from '../../knowledge/case/commitments.ts';
import { observeTabs } from './tabs.ts';

const ALARM = 'centre:flush';
/** Batches per flush run: the rest waits for the next run, so one run never holds the worker. */
const MAX_BATCHES = 50;

/** The connection the settings describe, or null when the centre store is not set up. */
export function connectionOf(s: Settings): CentreConnection | null {
  if (!s.centreEndpoint.trim()) return null;
  return {
    endpoint: s.centreEndpoint.trim(),
    database: s.centreDatabase.trim() || 'sop_centre',
    user: s.centreUser,
    key: s.centreKey,
  };
}

/** The agent id a record carries: the settings', or the CRM page's when policy says so. */
export function agentIdFor(s: Settings, crmAgentId: string | undefined): string | undefined {
  const own = s.agentId.trim() || undefined;
  const crm = crmAgentId?.trim() || undefined;
  return s.agentIdSource === 'crm' ? (crm ?? own) : (own ?? crm);
}

/** A client for the configured centre; throws a `CentreError` when it is not usable. */
export async function centre(): Promise<CentreClient> {
  const conn = connectionOf(await getSettings());
  if (!conn) throw new CentreError('config', 'no centre store is set up');
  const origin = endpointOrigin(conn.endpoint);
  if (!origin) throw new CentreError('config', `not an http(s) address: ${conn.endpoint}`);
  const granted = await browser.permissions.contains({ origins: [origin] }).catch(() => false);
  if (!granted) throw new CentreError('config', `no access to ${origin} was granted`);
  return centreClient(conn);
}

let statusQueue: Promise<unknown> = Promise.resolve();
/** Changes the stored status, one change at a time. */
function updateStatus(fn: (s: CentreStatus) => CentreStatus): Promise<CentreStatus> {
  const run = async () => {
    const next = fn(await centreStatusItem.getValue());
    await centreStatusItem.setValue(next).catch(() => undefined);
    return next;
  };
  const p = statusQueue.then(run, run);
  statusQueue = p.catch(() => undefined);
  return p;
}

/** Queues rows; refused rows (outbox or disk full) are remembered by the time they cover. */
async function ship(rows: CentreRow[], covers: number): Promise<void> {
  if (rows.length === 0 || !connectionOf(await getSettings())) return;
  const { refused } = await enqueue(openDb(), rows);
  if (refused > 0)
    await updateStatus((s) => ({
      ...s,
      full: {
        since: Math.min(s.full?.since ?? covers, covers),
        refused: (s.full?.refused ?? 0) + refused,
      },
    }));
  kick();
}

/** Ships a finished (or reviewed, or acknowledged) case record. */
export async function shipRecord(record: CaseRecord): Promise<void> {
  await ship(recordRows(record), record.startedAt);
}

/** The alert rows of a tab's case as they stand (masked, with the record's ids). */
async function liveRows(state: TabState | null): Promise<CentreRow[]> {
  if (!state) return [];
  const s = await getSettings();
  const agentId = agentIdFor(s, state.session.context.agentId);
  const record = buildRecord(state.session, [], {
    ...(agentId ? { agentId } : {}),
    ...(s.team ? { team: s.team } : {}),
  });
  return alertRows(record);
}

/** Alerts raised or overridden since the tab's last change go out at once (the live view). */
async function onTabChange(before: TabState | null, after: TabState | null): Promise<void> {
  if (!after || before?.session.alerts === after.session.alerts) return;
  if (!connectionOf(await getSettings())) return;
  const rows = changedRows(await liveRows(before), await liveRows(after));
  await ship(rows, after.session.startedAt);
}

/** Commitments kept, missed or added since the last change. */
async function onCommitments(next: Commitment[], prev: Commitment[] | null): Promise<void> {
  const s = await getSettings();
  if (!connectionOf(s)) return;
  const who = { agentId: s.agentId.trim() || 'unknown', team: s.team };
  const rows = changedRows(
    (prev ?? []).map((c) => commitmentRow(c, who)),
    next.map((c) => commitmentRow(c, who)),
  );
  await ship(rows, Date.now());
}

let kickTimer: ReturnType<typeof setTimeout> | undefined;
/** Sends soon (rows queued together go in one batch). */
function kick(delay = 500): void {
  clearTimeout(kickTimer);
  kickTimer = setTimeout(() => void flush(), delay);
}

let running: Promise<CentreStatus> | undefined;

/**
 * Sends what the outbox holds, batch by batch, until it is empty or the server fails; then
 * queues again the case records a full outbox refused. `force` ignores the backoff.
 */
export function flush(force = false): Promise<CentreStatus> {
  running ??= run(force).finally(() => (running = undefined));
  return running;
}

async function run(force: boolean): Promise<CentreStatus> {
  const status = await centreStatusItem.getValue();
  if (!connectionOf(await getSettings())) return status;
  if (!force && status.nextAttemptAt !== undefined && status.nextAttemptAt > Date.now())
    return status;
  const db = openDb();
  let client: CentreClient;
  try {
    client = await centre();
  } catch (e) {
    return fail(e);
  }
  for (let i = 0; i < MAX_BATCHES; i++) {
    const batch = nextBatch(await oldest(db, BATCH_ROWS * 2));
    if (batch.length === 0) break;
    try {
      await client.insert(
        batch[0]!.table,
        batch.map((e) => e.row),
      );
    } catch (e) {
      return fail(e);
    }
    await settle(db, batch);
    await updateStatus((s) => succeeded(s, batch.length, Date.now()));
  }
  await catchUp();
  if ((await queued(db)) > 0) kick(1_000);
  return centreStatusItem.getValue();
}

/** After the outbox was full: the case records it refused are queued again once there is room. */
async function catchUp(): Promise<void> {
  const { full } = await centreStatusItem.getValue();
  const db = openDb();
  if (!full || (await queued(db)) > OUTBOX_LIMIT * 0.8) return;
  const records = await db.records.where('startedAt').aboveOrEqual(full.since).toArray();
  const rows = records.flatMap(recordRows);
  const commitments = await commitmentsItem.getValue();
  const s = await getSettings();
  const who = { agentId: s.agentId.trim() || 'unknown', team: s.team };
  const { refused } = await enqueue(db, [
    ...rows,
    ...commitments.map((c) => commitmentRow(c, who)),
  ]);
  if (refused === 0) await updateStatus(({ full: _f, ...rest }) => rest);
  kick();
}

async function fail(e: unknown): Promise<CentreStatus> {
  const kind = e instanceof CentreError ? e.kind : 'server';
  const message = e instanceof Error ? e.message : String(e);
  const next = await updateStatus((s) => failed(s, kind, message, Date.now()));
  // A short wait is kept by a timer; longer ones by the alarm, which survives the worker.
  const wait = (next.nextAttemptAt ?? 0) - Date.now();
  if (wait < 60_000) kick(Math.max(wait, 500));
  return next;
}

/** Starts shipping: the alarm that retries, and the watchers of tabs, commitments and settings. */
export function startCentre(): void {
  void browser.alarms.create(ALARM, { periodInMinutes: 0.5 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void flush();
  });
  observeTabs((before, after) => void onTabChange(before, after).catch(() => undefined));
  commitmentsItem.watch((next, prev) => void onCommitments(next, prev).catch(() => undefined));
  // A new address or key is tried at once, with a fresh status.
  settingsItem.watch((next, prev) => {
    const keys = ['centreEndpoint', 'centreDatabase', 'centreUser', 'centreKey'] as const;
    if (keys.some((k) => next?.[k] !== prev?.[k]))
      void updateStatus((s) => ({
        sent: s.sent,
        failures: 0,
        ...(s.full ? { full: s.full } : {}),
      })).then(() => flush(true));
  });
  void flush();
}
