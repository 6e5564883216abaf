/** The centre store's SQL files, bundled as text (the console checks and applies the schema). */
import schemaV1 from '../knowledge/centre/sql/schema-v1.sql?raw';
import retention1816 from '../knowledge/centre/sql/retention-18.16.sql?raw';
import retentionTtl from '../knowledge/centre/sql/retention-ttl.sql?raw';

export const SCHEMA_SQL = schemaV1;
export const RETENTION_SQL = { '18.16': retention1816, ttl: retentionTtl };
