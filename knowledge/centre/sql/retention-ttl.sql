-- Retention on current ClickHouse releases (TTL, from 19.6 on): rows go after {months} months.
ALTER TABLE {database}.case_records MODIFY TTL started + INTERVAL {months} MONTH;
ALTER TABLE {database}.alert_events MODIFY TTL at + INTERVAL {months} MONTH;
ALTER TABLE {database}.commitment_events MODIFY TTL created + INTERVAL {months} MONTH;
