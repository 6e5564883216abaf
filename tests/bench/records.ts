/**
 * `npm run bench -- records [--count 100000]`: the team lead's report and the exports over
 * generated case records (the budget: report <= 1 s, export <= 3 s at 100k).
 */
import { performance } from 'node:perf_hooks';
import { mergeRecords } from '../../knowledge/records/records.ts';
import { recordsFromCsv, recordsToCsv, recordsToJson } from '../../knowledge/records/io.ts';
import { complianceReport } from '../../knowledge/records/report.ts';
import { generateRecords } from '../support/records-gen.ts';
import { emit, option, round } from './args.ts';

const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const out = f();
  return [out, performance.now() - t0];
};

export async function run(args: string[]): Promise<void> {
  const count = Number(option(args, 'count') ?? 100_000);
  const [records, genMs] = time(() => generateRecords(count, 7));
  process.stderr.write(`generated ${records.length} records in ${Math.round(genMs)} ms\n`);
  const [report, reportMs] = time(() => complianceReport(records));
  const from = records[Math.floor(records.length / 2)]!.startedAt;
  const [, filteredMs] = time(() =>
    complianceReport(records, { from, channels: ['chat', 'phone'], steps: ['verify_identity'] }),
  );
  const [csv, csvMs] = time(() => recordsToCsv(records));
  const [json, jsonMs] = time(() => recordsToJson(records));
  const [back, importMs] = time(() => recordsFromCsv(csv).records);
  const [merged, mergeMs] = time(() => mergeRecords(back, records.slice(0, count / 2)));
  emit({
    bench: 'records',
    records: records.length,
    report_ms: round(reportMs, 1),
    report_filtered_ms: round(filteredMs, 1),
    export_csv_ms: round(csvMs, 1),
    export_json_ms: round(jsonMs, 1),
    csv_mb: round(csv.length / 1e6, 1),
    json_mb: round(json.length / 1e6, 1),
    import_csv_ms: round(importMs, 1),
    merge_ms: round(mergeMs, 1),
    merged: merged.length,
    compliance: round(report.total.rate),
    report_ok: reportMs <= 1000,
    export_ok: Math.max(csvMs, jsonMs) <= 3000,
  });
}
