import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CENTRE_TABLES,
  checkSchema,
  schemaStatements,
  schemaTables,
} from '../../../knowledge/centre/schema.ts';
import { recordRows, commitmentRow } from '../../../knowledge/centre/rows.ts';
import { generateRecords } from '../../support/records-gen.ts';

const SQL = readFileSync(
  new URL('../../../knowledge/centre/sql/schema-v1.sql', import.meta.url),
  'utf8',
);

describe('centre schema', () => {
  const tables = schemaTables(SQL);

  it('declares every table the extension writes, and a row of each has exactly its columns', () => {
    for (const t of CENTRE_TABLES) expect(tables.map((x) => x.name)).toContain(t);
    const rows = [
      ...generateRecords(20, 5).flatMap(recordRows),
      commitmentRow(
        {
          id: 'c',
          caseId: 'x',
          text: '',
          createdAt: 1,
          dueAt: 2,
          source: 'manual',
          status: 'open',
        },
        { agentId: 'A' },
      ),
    ];
    for (const t of CENTRE_TABLES) {
      const cols = tables
        .find((x) => x.name === t)!
        .columns.filter((c) => !c.computed)
        .map((c) => c.name);
      const sample = rows.find((r) => r.table === t)!;
      expect(Object.keys(sample.row).sort()).toEqual([...cols].sort());
    }
  });

  it('uses only what ClickHouse 18.16 has: no TTL, no Nullable keys, ReplacingMergeTree by month', () => {
    expect(SQL).not.toMatch(/\bTTL\b/);
    for (const stmt of schemaStatements(SQL, 'centre').filter((s) => /^CREATE TABLE/.test(s)))
      if (!/schema_info/.test(stmt)) {
        expect(stmt).toMatch(/ReplacingMergeTree\(version\)/);
        expect(stmt).toMatch(/PARTITION BY toYYYYMM\(/);
      }
  });

  it('refuses a database name that would change the SQL', () => {
    expect(() => schemaStatements(SQL, 'x; DROP TABLE y')).toThrow(/not allowed/);
    expect(schemaStatements(SQL, 'centre_2')[0]).toBe('CREATE DATABASE IF NOT EXISTS centre_2');
  });

  it('names what a server lacks: a table, a column, a column of another type', () => {
    const found = tables
      .filter((t) => t.name !== 'commitment_events')
      .flatMap((t) =>
        t.columns
          .filter((c) => !(t.name === 'case_records' && c.name === 'acknowledgement'))
          .map((c) => ({
            table: t.name,
            name: c.name,
            type: t.name === 'alert_events' && c.name === 'at_ms' ? 'UInt32' : c.type,
          })),
      );
    const check = checkSchema(tables, found, 1);
    expect(check.ok).toBe(false);
    expect(check.missingTables).toEqual(['commitment_events']);
    expect(check.missingColumns).toEqual([
      { table: 'case_records', column: 'acknowledgement', type: 'String' },
    ]);
    expect(check.wrongTypes).toEqual([
      { table: 'alert_events', column: 'at_ms', expected: 'UInt64', found: 'UInt32' },
    ]);
    const all = tables.flatMap((t) => t.columns.map((c) => ({ table: t.name, ...c })));
    expect(checkSchema(tables, all, 1).ok).toBe(true);
  });
});
