/**
 * `npm run bench -- centre [--count 1000000] [--queries 20]`: the centre store on a real
 * ClickHouse (Debian's clickhouse-server, started on loopback with a temporary config and data
 * directory). Generated case records go through the extension's batch path (rows with stable
 * ids, one table per batch of BATCH_ROWS, the HTTP client); then the team report is computed by
 * SQL, with and without filters, beside the local merge of the same records in memory.
 * Target: report <= 1 s at 1M records.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { centreClient, type CentreClient } from '../../knowledge/centre/client.ts';
import { BATCH_ROWS, nextBatch, type OutboxEntry } from '../../knowledge/centre/outbox.ts';
import { centreReport } from '../../knowledge/centre/report.ts';
import { recordRows } from '../../knowledge/centre/rows.ts';
import { schemaStatements } from '../../knowledge/centre/schema.ts';
import { mergeRecords, type CaseRecord } from '../../knowledge/records/records.ts';
import { complianceReport, type RecordFilter } from '../../knowledge/records/report.ts';
import { startClickHouse } from '../support/clickhouse.ts';
import { generateRecords } from '../support/records-gen.ts';
import { emit, option, quantile, round } from './args.ts';

const SQL = readFileSync(
  new URL('../../knowledge/centre/sql/schema-v1.sql', import.meta.url),
  'utf8',
);
const DB = 'centre_bench';
const CHUNK = 50_000;

/** Sends records the way the background does: oldest first, one table per batch. */
async function ship(client: CentreClient, records: CaseRecord[]): Promise<number> {
  const entries: OutboxEntry[] = records.flatMap(recordRows).map((r, i) => ({ ...r, at: i }));
  // The outbox sends the oldest batch of one table; split by table once instead of rescanning.
  let rows = 0;
  for (const table of ['case_records', 'alert_events'] as const) {
    let rest = entries.filter((e) => e.table === table);
    while (rest.length > 0) {
      const batch = nextBatch(rest, BATCH_ROWS);
      await client.insert(
        table,
        batch.map((e) => e.row),
      );
      rows += batch.length;
      rest = rest.slice(batch.length);
    }
  }
  return rows;
}

const time = async <T>(f: () => Promise<T> | T): Promise<[T, number]> => {
  const t0 = performance.now();
  const out = await f();
  return [out, performance.now() - t0];
};

export async function run(args: string[]): Promise<void> {
  const count = Number(option(args, 'count') ?? 1_000_000);
  const queries = Number(option(args, 'queries') ?? 20);
  const [ch, startMs] = await time(() => startClickHouse());
  process.stderr.write(`clickhouse-server up on ${ch.url} in ${Math.round(startMs)} ms\n`);
  try {
    for (const stmt of schemaStatements(SQL, DB)) await ch.query(stmt);
    const client = centreClient(
      { endpoint: ch.url, database: DB, user: ch.user, key: ch.key },
      fetch,
      120_000,
    );
    const all: CaseRecord[] = [];
    let rows = 0;
    let insertMs = 0;
    for (let done = 0, chunk = 0; done < count; done += CHUNK, chunk++) {
      const records = generateRecords(Math.min(CHUNK, count - done), 1000 + chunk);
      const [n, ms] = await time(() => ship(client, records));
      rows += n;
      insertMs += ms;
      for (const r of records) all.push(r);
      process.stderr.write(`\r${all.length} records sent`);
    }
    process.stderr.write('\n');
    // A lead's report does not run in the seconds after a million rows arrive at once: the
    // background merges of that burst are left to finish first, and how long that took is told.
    const [, settleMs] = await time(async () => {
      const until = Date.now() + 300_000;
      while (
        Date.now() < until &&
        Number((await ch.query('SELECT count() FROM system.merges')).trim()) > 0
      )
        await new Promise((r) => setTimeout(r, 1_000));
    });
    const agents = [...new Set(all.slice(0, 1000).map((r) => r.agentId))];
    const filters: RecordFilter[] = [
      {},
      { agents: agents.slice(0, 3) },
      { channels: ['chat', 'phone'], steps: ['verify_identity'] },
      { from: all[Math.floor(all.length / 2)]!.startedAt, caseTypes: ['complaint'] },
    ];
    const centreMs: number[] = [];
    let centreCases = 0;
    for (let i = 0; i < queries; i++) {
      const f = filters[i % filters.length]!;
      const [rep, ms] = await time(() => centreReport(client, f));
      centreMs.push(ms);
      if (i === 0) centreCases = rep.total.cases;
    }
    const bytes = Number(
      (
        await ch.query(
          `SELECT sum(bytes_on_disk) FROM system.parts WHERE database = '${DB}' AND active`,
        )
      ).trim(),
    );
    const [local, mergeMs] = await time(() => mergeRecords(all));
    const localMs: number[] = [];
    for (let i = 0; i < Math.min(queries, 8); i++) {
      const [, ms] = await time(() => complianceReport(local, filters[i % filters.length]!));
      localMs.push(ms);
    }
    const p95 = quantile(centreMs, 0.95);
    emit({
      bench: 'centre',
      records: all.length,
      rows,
      batch_rows: BATCH_ROWS,
      insert_s: round(insertMs / 1000, 1),
      insert_records_per_s: Math.round(all.length / (insertMs / 1000)),
      insert_rows_per_s: Math.round(rows / (insertMs / 1000)),
      disk_mb: round(bytes / 1e6, 1),
      merges_settled_s: round(settleMs / 1000, 1),
      centre_cases: centreCases,
      report_p50_ms: round(quantile(centreMs, 0.5), 1),
      report_p95_ms: round(p95, 1),
      local_merge_ms: round(mergeMs, 1),
      local_report_p50_ms: round(quantile(localMs, 0.5), 1),
      local_report_p95_ms: round(quantile(localMs, 0.95), 1),
      same_total: centreCases === complianceReport(local).total.cases,
      report_ok: p95 <= 1000,
    });
  } finally {
    await ch.stop();
  }
}
