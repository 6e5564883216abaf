/**
 * Scale-out: two ClickHouse nodes, each holding part of the centre's rows, under a
 * `Distributed` table give the same report as one node holding them all.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centreClient, type CentreClient } from '../../../knowledge/centre/client.ts';
import { centreReport, type CentreTables } from '../../../knowledge/centre/report.ts';
import { recordRows } from '../../../knowledge/centre/rows.ts';
import { schemaStatements } from '../../../knowledge/centre/schema.ts';
import { complianceReport, type RecordFilter } from '../../../knowledge/records/report.ts';
import type { CaseRecord } from '../../../knowledge/records/records.ts';
import { generateRecords } from '../../support/records-gen.ts';
import {
  clickhouseAvailable,
  startClickHousePair,
  type ClickHouseServer,
} from '../../support/clickhouse.ts';

const SQL = readFileSync(
  new URL('../../../knowledge/centre/sql/schema-v1.sql', import.meta.url),
  'utf8',
);
const DB = 'centre_cluster';
const DIST: CentreTables = {
  cases: 'case_records_all',
  alerts: 'alert_events_all',
};

async function insert(client: CentreClient, records: CaseRecord[]): Promise<void> {
  const rows = records.flatMap(recordRows);
  for (const table of ['case_records', 'alert_events'] as const)
    await client.insert(
      table,
      rows.filter((r) => r.table === table).map((r) => r.row),
    );
}

describe.skipIf(!clickhouseAvailable() && !process.env.CI)('the centre on two nodes', () => {
  let a: ClickHouseServer;
  let b: ClickHouseServer;
  const records = generateRecords(2_000, 21);

  beforeAll(async () => {
    const pair = await startClickHousePair();
    ({ a, b } = pair);
    for (const node of [a, b]) {
      for (const stmt of schemaStatements(SQL, DB)) await node.query(stmt);
      for (const t of ['case_records', 'alert_events'])
        await node.query(
          `CREATE TABLE IF NOT EXISTS ${DB}.${t}_all AS ${DB}.${t}
           ENGINE = Distributed(${pair.cluster}, ${DB}, ${t}, cityHash64(event_id))`,
        );
    }
    // Each agent's browser sends to the node it is given: here, by team.
    const client = (n: ClickHouseServer) =>
      centreClient({ endpoint: n.url, database: DB, user: n.user, key: n.key });
    await insert(
      client(a),
      records.filter((r) => r.team === 'T0' || r.team === 'T1'),
    );
    await insert(
      client(b),
      records.filter((r) => r.team === 'T2' || r.team === 'T3'),
    );
    // A browser always sends to the node it is given, so a resend lands beside its first copy
    // and FINAL folds it there.
  }, 90_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  }, 30_000);

  const filters: RecordFilter[] = [{}, { teams: ['T1', 'T2'] }, { steps: ['verify_identity'] }];
  for (const [i, f] of filters.entries())
    it(`reports from either node over both as one node would (filter ${i})`, async () => {
      const local = complianceReport(records, f);
      for (const node of [a, b]) {
        const c = centreClient({
          endpoint: node.url,
          database: DB,
          user: node.user,
          key: node.key,
        });
        const r = await centreReport(c, f, DIST);
        expect(r.total).toEqual(local.total);
        expect(r.byAgent).toEqual(local.byAgent);
        expect(r.byTeam).toEqual(local.byTeam);
      }
    });
});
