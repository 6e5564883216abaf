/**
 * The centre store's client: ClickHouse over its HTTP interface, nothing else. Inserts are
 * `INSERT … FORMAT JSONEachRow`, reads are `FORMAT JSON`; the user and key travel in the
 * X-ClickHouse-User / X-ClickHouse-Key headers, never in the URL. `fetch` is handed in, so the
 * background uses the browser's and tests a stub or Node's.
 */
import { validDatabase } from './schema.ts';

/** Where the centre store is and who we are to it. */
export interface CentreConnection {
  /** http(s)://host:port of ClickHouse's HTTP interface. */
  endpoint: string;
  database: string;
  user: string;
  key: string;
}

/** Why a request failed, as the console words it. */
export type CentreErrorKind =
  /** No answer: the server is down, unreachable or the request timed out. */
  | 'offline'
  /** The server refused the user or key, or the user lacks the right. */
  | 'auth'
  /** The database, a table or a column is missing: the schema was not applied. */
  | 'schema'
  /** The endpoint or database setting cannot be used. */
  | 'config'
  /** Anything else the server answered with an error. */
  | 'server';

export class CentreError extends Error {
  constructor(
    readonly kind: CentreErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CentreError';
  }
}

/** The pause before the one retry: long enough for a closed connection to be dropped. */
const RETRY_PAUSE_MS = 250;

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

// ClickHouse exception codes: unknown user, wrong password, required password, access denied,
// authentication failed (newer releases), not enough privileges.
const AUTH_CODES = new Set([192, 193, 194, 195, 497, 516]);
// Unknown database, table, column (identifier), no such column in table.
const SCHEMA_CODES = new Set([81, 60, 47, 16]);

/** Classifies a ClickHouse error answer by the exception code in its body. */
export function classifyError(status: number, body: string): CentreError {
  const code = Number(/Code:\s*(\d+)/.exec(body)?.[1] ?? NaN);
  const message = body.trim().split('\n')[0]!.slice(0, 300) || `HTTP ${status}`;
  if (status === 401 || status === 403 || AUTH_CODES.has(code))
    return new CentreError('auth', message, status);
  if (SCHEMA_CODES.has(code)) return new CentreError('schema', message, status);
  return new CentreError('server', message, status);
}

/** The origin pattern of an endpoint, as a host permission asks for it; null when unusable. */
export function endpointOrigin(endpoint: string): string | null {
  try {
    const u = new URL(endpoint);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return `${u.protocol}//${u.hostname}/*`;
  } catch {
    return null;
  }
}

export interface CentreClient {
  /** Inserts rows into a table of the configured database; resolves when the server has them. */
  insert(table: string, rows: readonly object[]): Promise<void>;
  /** Runs a SELECT and returns its rows (`FORMAT JSON`, 64-bit integers as numbers). */
  select<T>(sql: string): Promise<T[]>;
  /** Runs any statement (DDL, a SELECT in another format) and returns the body as text. */
  exec(sql: string): Promise<string>;
}

/** A client for one connection; `timeoutMs` bounds every request. */
export function centreClient(
  conn: CentreConnection,
  fetchFn: Fetch = (u, i) => fetch(u, i),
  timeoutMs = 15_000,
): CentreClient {
  if (!validDatabase(conn.database))
    throw new CentreError('config', `database name not allowed: ${conn.database}`);
  if (!endpointOrigin(conn.endpoint))
    throw new CentreError('config', `not an http(s) address: ${conn.endpoint}`);
  const base = conn.endpoint.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
  if (conn.user) headers['X-ClickHouse-User'] = conn.user;
  if (conn.key) headers['X-ClickHouse-Key'] = conn.key;

  const post = async (params: Record<string, string>, body: string): Promise<string> => {
    const url = `${base}/?${new URLSearchParams({ database: conn.database, ...params })}`;
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    const init = { method: 'POST', headers, body, signal: ctl.signal };
    let res: Response;
    try {
      // A kept-alive connection the server closed fails at once: one retry on a fresh one.
      // Safe for inserts too, since every row has a stable id and a resend folds away.
      res = await fetchFn(url, init).catch(async (e: unknown) => {
        if (ctl.signal.aborted) throw e;
        await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS));
        return fetchFn(url, init);
      });
    } catch (e) {
      const cause = (e as { cause?: { message?: string } }).cause?.message;
      const why = e instanceof Error ? e.message : String(e);
      throw new CentreError('offline', cause ? `${why}: ${cause}` : why);
    } finally {
      clearTimeout(timer);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) throw classifyError(res.status, text);
    return text;
  };

  return {
    async insert(table, rows) {
      if (rows.length === 0) return;
      if (!/^\w+$/.test(table)) throw new CentreError('config', `table name not allowed: ${table}`);
      const body = rows.map((r) => JSON.stringify(r)).join('\n');
      await post({ query: `INSERT INTO ${table} FORMAT JSONEachRow` }, body);
    },
    async select<T>(sql: string) {
      const text = await post(
        { output_format_json_quote_64bit_integers: '0' },
        `${sql} FORMAT JSON`,
      );
      return (JSON.parse(text) as { data: T[] }).data;
    },
    exec: (sql) => post({}, sql),
  };
}
