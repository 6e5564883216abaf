/**
 * The console's centre-store messages: status, send now, schema check and apply, the team
 * report, the live view and the CSV export, all computed by ClickHouse. Every request to the
 * server goes from here; the console only asks.
 */
import type { CentreAnswer, Handlers, Protocol } from '../../../extension/messages.ts';
import { openDb } from '../../../extension/db.ts';
import { queued } from '../../../extension/centre-outbox.ts';
import { centreStatusItem, getSettings } from '../../../extension/storage.ts';
import { SCHEMA_SQL } from '../../../extension/centre-sql.ts';
import { CentreError, endpointOrigin } from '../../../knowledge/centre/client.ts';
import {
  centreFacets,
  centreReport,
  exportQuery,
  liveAlerts,
} from '../../../knowledge/centre/report.ts';
import { schemaStatements, serverSchema } from '../../../knowledge/centre/schema.ts';
import type { CentreClient } from '../../../knowledge/centre/client.ts';
import { centre, connectionOf, flush } from '../centre.ts';

type CentreMessages = Pick<
  Protocol,
  | 'centre/status'
  | 'centre/flush'
  | 'centre/check'
  | 'centre/apply'
  | 'centre/report'
  | 'centre/live'
  | 'centre/export'
>;

/** Runs a request to the centre; a failure is answered with its kind and message. */
async function answer<T>(fn: (client: CentreClient) => Promise<T>): Promise<CentreAnswer<T>> {
  try {
    return { ok: true, value: await fn(await centre()) };
  } catch (e) {
    const kind = e instanceof CentreError ? e.kind : 'server';
    return { ok: false, error: { kind, message: e instanceof Error ? e.message : String(e) } };
  }
}

const check = (client: CentreClient, database: string) =>
  serverSchema(client, database, SCHEMA_SQL);

const database = async () => connectionOf(await getSettings())?.database ?? '';

export const centreHandlers: Handlers<CentreMessages> = {
  'centre/status': {
    from: 'extension-page',
    run: async () => {
      const conn = connectionOf(await getSettings());
      return {
        configured: conn !== null,
        origin: conn ? endpointOrigin(conn.endpoint) : null,
        queued: await queued(openDb()),
        status: await centreStatusItem.getValue(),
      };
    },
  },
  'centre/flush': { from: 'extension-page', run: async () => flush(true) },
  'centre/check': {
    from: 'extension-page',
    run: async () => {
      const db = await database();
      return answer((c) => check(c, db));
    },
  },
  'centre/apply': {
    from: 'extension-page',
    run: async () => {
      const db = await database();
      return answer(async (c) => {
        // Every statement is IF NOT EXISTS: applying twice changes nothing but schema_info.
        for (const stmt of schemaStatements(SCHEMA_SQL, db)) await c.exec(stmt);
        return check(c, db);
      });
    },
  },
  'centre/report': {
    from: 'extension-page',
    run: async ({ filter }) =>
      answer(async (c) => {
        const [report, facets] = await Promise.all([centreReport(c, filter), centreFacets(c)]);
        return { report, facets };
      }),
  },
  'centre/live': {
    from: 'extension-page',
    run: async ({ since }) => answer((c) => liveAlerts(c, since)),
  },
  'centre/export': {
    from: 'extension-page',
    run: async ({ filter }) => answer((c) => c.exec(exportQuery(filter))),
  },
};
