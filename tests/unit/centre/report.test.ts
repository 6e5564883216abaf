/**
 * The centre report against a real ClickHouse (Debian's clickhouse-server on loopback, started
 * for this file): the same records give the same report as the local merge, resends and
 * changes count once, and a filter's values cannot change the SQL.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centreClient, type CentreClient } from '../../../knowledge/centre/client.ts';
import { BATCH_ROWS, nextBatch, type OutboxEntry } from '../../../knowledge/centre/outbox.ts';
import {
  centreFacets,
  centreReport,
  exportQuery,
  liveAlerts,
  quote,
  reportQueries,
  whereOf,
} from '../../../knowledge/centre/report.ts';
import { recordRows } from '../../../knowledge/centre/rows.ts';
import { schemaStatements, serverSchema } from '../../../knowledge/centre/schema.ts';
import {
  complianceReport,
  recordFacets,
  type ComplianceReport,
  type RecordFilter,
} from '../../../knowledge/records/report.ts';
import { acknowledge } from '../../../knowledge/records/scorecard.ts';
import type { CaseRecord } from '../../../knowledge/records/records.ts';
import { generateRecords } from '../../support/records-gen.ts';
import {
  clickhouseAvailable,
  startClickHouse,
  type ClickHouseServer,
} from '../../support/clickhouse.ts';

const SQL = readFileSync(
  new URL('../../../knowledge/centre/sql/schema-v1.sql', import.meta.url),
  'utf8',
);
const DB = 'centre_unit';
const END = Date.UTC(2026, 10, 30);

/** Sends rows the way the background does: oldest first, one table per batch. */
async function send(client: CentreClient, records: CaseRecord[]): Promise<void> {
  let queue: OutboxEntry[] = records.flatMap(recordRows).map((r, i) => ({ ...r, at: i }));
  while (queue.length > 0) {
    const batch = nextBatch(queue, BATCH_ROWS);
    await client.insert(
      batch[0]!.table,
      batch.map((e) => e.row),
    );
    const sent = new Set(batch);
    queue = queue.filter((e) => !sent.has(e));
  }
}

/** A report with its lists in a fixed order and rates rounded, to compare two engines. */
function normal(r: ComplianceReport) {
  const round = <T extends { rate: number }>(x: T) => ({ ...x, rate: Math.round(x.rate * 1e9) });
  return {
    total: round(r.total),
    byStep: r.byStep.map(round).sort((a, b) => a.step.localeCompare(b.step)),
    byAgent: r.byAgent.map(round),
    byTeam: r.byTeam.map(round),
    byChannel: r.byChannel.map(round),
    byKind: [...r.byKind].sort((a, b) => b.alerts - a.alerts || a.kind.localeCompare(b.kind)),
    byDay: r.byDay.map(round),
  };
}

const sorted = <T>(xs: T[]) => [...xs].sort();

describe.skipIf(!clickhouseAvailable() && !process.env.CI)('centre report on ClickHouse', () => {
  let ch: ClickHouseServer;
  let client: CentreClient;
  const records = generateRecords(3_000, 11, END);

  beforeAll(async () => {
    ch = await startClickHouse();
    for (const stmt of schemaStatements(SQL, DB)) await ch.query(stmt);
    client = centreClient({ endpoint: ch.url, database: DB, user: ch.user, key: ch.key });
    await send(client, records);
  }, 60_000);
  afterAll(async () => {
    await ch?.stop();
  }, 30_000);

  it('has the schema the extension expects', async () => {
    const check = await serverSchema(client, DB, SQL);
    expect(check).toMatchObject({ ok: true, serverVersion: 1 });
  });

  const filters: [string, RecordFilter][] = [
    ['no filter', {}],
    ['one agent', { agents: [records[7]!.agentId] }],
    ['a team and two channels', { teams: [records[0]!.team ?? ''], channels: ['chat', 'phone'] }],
    ['a step', { steps: ['verify_identity'] }],
    ['a month of complaints', { from: END - 30 * 86_400_000, to: END, caseTypes: ['complaint'] }],
  ];
  for (const [name, filter] of filters)
    it(`gives the local report's figures: ${name}`, async () => {
      const local = complianceReport(records, filter);
      expect(local.total.cases).toBeGreaterThan(0);
      expect(normal(await centreReport(client, filter))).toEqual(normal(local));
    });

  it('counts a resent batch and a changed record once', async () => {
    const again = records.slice(0, 500);
    const changed = acknowledge(records[1]!, 'disputed', '评分有误', END + 1_000);
    await send(client, [...again, changed]);
    const report = await centreReport(client, {});
    expect(report.total.cases).toBe(records.length);
    const [row] = await client.select<{ a: string }>(
      `SELECT acknowledgement AS a FROM case_records FINAL WHERE case_id = ${quote(changed.caseId)} AND agent_id = ${quote(changed.agentId)} AND started_ms = ${changed.startedAt}`,
    );
    expect(row?.a).toBe('disputed');
  });

  it('gives the same figures when the duplicates are too many to list and a subquery finds them', async () => {
    const q = reportQueries({}, undefined, null);
    const [people] = await Promise.all([client.select<{ cases: number | string }>(q.people)]);
    const cases = people.reduce((n, r) => n + Number(r.cases), 0);
    expect(cases).toBe(records.length);
  });

  it('offers the filters the local records would', async () => {
    const local = recordFacets(records);
    const facets = await centreFacets(client);
    expect(facets.agents).toEqual(local.agents);
    expect(facets.teams).toEqual(local.teams);
    expect(facets.steps).toEqual(sorted(local.steps));
  });

  it('writes the filtered cases as CSV, one line each', async () => {
    const filter = { agents: [records[3]!.agentId] };
    const csv = await client.exec(exportQuery(filter));
    const lines = csv.trim().split('\n');
    expect(lines[0]).toMatch(/^"?case_id"?,"?agent_id"?/);
    expect(lines).toHaveLength(1 + complianceReport(records, filter).total.cases);
  });

  it('lists the alerts since a time, newest first', async () => {
    const since = END - 86_400_000;
    const expected = records.flatMap((r) => r.alerts).filter((a) => a.at >= since).length;
    const live = await liveAlerts(client, since, undefined, 10_000);
    expect(live).toHaveLength(expected);
    expect(live.map((a) => a.at_ms)).toEqual([...live.map((a) => a.at_ms)].sort((a, b) => b - a));
  });

  it('keeps a hostile filter value a value', async () => {
    const evil = "x') OR 1=1 --";
    expect(whereOf({ agents: [evil] })).toContain(quote(evil));
    expect((await centreReport(client, { agents: [evil] })).total.cases).toBe(0);
    expect((await centreReport(client, { agents: ["it's\\"] })).total.cases).toBe(0);
  });
});
