/**
 * The centre store's schema as the SQL files declare it (knowledge/centre/sql/): its version,
 * the statements to apply, and the check of a server's tables against it. Pure: the SQL text
 * is handed in, so the extension bundles it and Node reads it from disk.
 */
import type { CentreClient } from './client.ts';

/** The schema version the extension writes; `schema_info` on the server records what was applied. */
export const SCHEMA_VERSION = 1;

/** The tables the extension writes to and reads from. */
export const CENTRE_TABLES = ['case_records', 'alert_events', 'commitment_events'] as const;
export type CentreTable = (typeof CENTRE_TABLES)[number];

/** A table as the schema declares it: its columns and their ClickHouse types, in order. */
export interface TableSpec {
  name: string;
  /** `computed`: a MATERIALIZED column, which the server fills and a row must not carry. */
  columns: { name: string; type: string; computed?: true }[];
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether a database name is safe to put into SQL unquoted (letters, digits, underscore). */
export function validDatabase(name: string): boolean {
  return IDENT.test(name);
}

/** The SQL statements of a schema file for one database, comments removed. */
export function schemaStatements(sql: string, database: string): string[] {
  if (!validDatabase(database)) throw new Error(`database name not allowed: ${database}`);
  return sql
    .split('\n')
    .map((l) => l.replace(/--.*$/, ''))
    .join('\n')
    .split(';')
    .map((s) => s.trim().replaceAll('{database}', database))
    .filter((s) => s !== '');
}

/** The tables a schema file creates, with their columns. */
export function schemaTables(sql: string): TableSpec[] {
  const tables: TableSpec[] = [];
  for (const stmt of schemaStatements(sql, 'db')) {
    const m = /^CREATE TABLE IF NOT EXISTS db\.(\w+)\s*\(([\s\S]*?)\)\s*ENGINE/i.exec(stmt);
    if (!m) continue;
    const columns = m[2]!
      .split(/,\s*\n/)
      .map((c) => c.trim())
      .filter(Boolean)
      .map((c) => {
        const [name, ...rest] = c.split(/\s+/);
        const at = rest.findIndex((w) => /^(MATERIALIZED|DEFAULT|ALIAS)$/.test(w));
        const type = (at < 0 ? rest : rest.slice(0, at)).join(' ');
        return at >= 0 && rest[at] === 'MATERIALIZED'
          ? { name: name!, type, computed: true as const }
          : { name: name!, type };
      });
    tables.push({ name: m[1]!, columns });
  }
  return tables;
}

/** What a server lacks against the schema: tables, and columns of tables it has. */
export interface SchemaCheck {
  ok: boolean;
  /** The highest version in `schema_info`, or null when the table is missing or empty. */
  serverVersion: number | null;
  missingTables: string[];
  missingColumns: { table: string; column: string; type: string }[];
  /** Columns whose type differs: the server's type is given. */
  wrongTypes: { table: string; column: string; expected: string; found: string }[];
}

/**
 * Compares the server's columns (rows of `system.columns`: table, name, type) with the schema.
 */
export function checkSchema(
  expected: readonly TableSpec[],
  found: readonly { table: string; name: string; type: string }[],
  serverVersion: number | null,
): SchemaCheck {
  const byTable = new Map<string, Map<string, string>>();
  for (const c of found) {
    let t = byTable.get(c.table);
    if (!t) byTable.set(c.table, (t = new Map()));
    t.set(c.name, c.type);
  }
  const check: SchemaCheck = {
    ok: true,
    serverVersion,
    missingTables: [],
    missingColumns: [],
    wrongTypes: [],
  };
  for (const spec of expected) {
    const cols = byTable.get(spec.name);
    if (!cols) {
      check.missingTables.push(spec.name);
      continue;
    }
    for (const col of spec.columns) {
      const type = cols.get(col.name);
      if (type === undefined)
        check.missingColumns.push({ table: spec.name, column: col.name, type: col.type });
      else if (type !== col.type)
        check.wrongTypes.push({
          table: spec.name,
          column: col.name,
          expected: col.type,
          found: type,
        });
    }
  }
  check.ok =
    check.missingTables.length === 0 &&
    check.missingColumns.length === 0 &&
    check.wrongTypes.length === 0;
  return check;
}

/** Reads a server's columns in `database` and checks them against a schema file. */
export async function serverSchema(
  client: Pick<CentreClient, 'select'>,
  database: string,
  sql: string,
): Promise<SchemaCheck> {
  if (!validDatabase(database)) throw new Error(`database name not allowed: ${database}`);
  const columns = await client.select<{ table: string; name: string; type: string }>(
    `SELECT table, name, type FROM system.columns WHERE database = '${database}'`,
  );
  let version: number | null = null;
  if (columns.some((c) => c.table === 'schema_info')) {
    const [row] = await client.select<{ v: number | string | null }>(
      `SELECT max(version) AS v FROM ${database}.schema_info`,
    );
    version = row?.v ? Number(row.v) : null;
  }
  return checkSchema(schemaTables(sql), columns, version);
}
