/**
 * The outbox's rules, apart from where it is kept: what goes in the next batch, how long to
 * wait after a failure, what the console shows. The background keeps the rows in IndexedDB
 * (extension/centre-outbox.ts) so they survive worker restarts, browser kills and hours offline.
 */
import type { CentreErrorKind } from './client.ts';
import type { CentreRow } from './rows.ts';

/** A queued row: the row and when it was queued (a re-queued change gets a new time). */
export interface OutboxEntry extends CentreRow {
  at: number;
}

/** Rows per insert: big enough for throughput, small enough for a slow link. */
export const BATCH_ROWS = 2_000;
/** The most rows the outbox holds; past it new rows wait in the case records (see `full`). */
export const OUTBOX_LIMIT = 50_000;

/** The next batch: the oldest entries of the table of the oldest entry, at most `max`. */
export function nextBatch(oldestFirst: readonly OutboxEntry[], max = BATCH_ROWS): OutboxEntry[] {
  const first = oldestFirst[0];
  if (!first) return [];
  const batch: OutboxEntry[] = [];
  for (const e of oldestFirst) {
    if (e.table !== first.table) continue;
    batch.push(e);
    if (batch.length >= max) break;
  }
  return batch;
}

/**
 * Milliseconds to wait before attempt `failures + 1`: doubling from 5 s to 10 min, with up to
 * a fifth of jitter so 2,000 agents coming back online do not all send at the same second.
 */
export function backoff(failures: number, random: () => number = Math.random): number {
  const base = Math.min(600_000, 5_000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (1 + 0.2 * random()));
}

/** What the console shows of the centre connection. */
export interface CentreStatus {
  /** Rows sent since the connection was set up. */
  sent: number;
  lastSentAt?: number;
  /** The last failure; cleared by the next success. */
  lastError?: { kind: CentreErrorKind | 'permission'; message: string; at: number };
  /** Consecutive failures, for the backoff. */
  failures: number;
  /** No attempt before this time (epoch ms). */
  nextAttemptAt?: number;
  /**
   * Set when the outbox was full: rows were refused, and the case records ended since `since`
   * are queued again once there is room (they are kept in this browser meanwhile).
   */
  full?: { since: number; refused: number };
}

export const EMPTY_STATUS: CentreStatus = { sent: 0, failures: 0 };

/** The status after a failed attempt at `now`. */
export function failed(
  s: CentreStatus,
  kind: NonNullable<CentreStatus['lastError']>['kind'],
  message: string,
  now: number,
  random?: () => number,
): CentreStatus {
  const failures = s.failures + 1;
  return {
    ...s,
    failures,
    lastError: { kind, message, at: now },
    nextAttemptAt: now + backoff(failures, random),
  };
}

/** The status after `rows` were accepted by the server at `now`. */
export function succeeded(s: CentreStatus, rows: number, now: number): CentreStatus {
  const { lastError: _e, nextAttemptAt: _n, ...rest } = s;
  return { ...rest, sent: s.sent + rows, lastSentAt: now, failures: 0 };
}
