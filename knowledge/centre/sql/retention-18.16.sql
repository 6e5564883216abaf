-- Retention on ClickHouse 18.16, which has no TTL: drop whole months past the retention period.
-- Run monthly (cron, or the scheduler the centre already uses). List the months to drop with:
SELECT DISTINCT table, partition
FROM system.parts
WHERE database = '{database}'
  AND table IN ('case_records', 'alert_events', 'commitment_events')
  AND active
  AND toUInt32(partition) < toYYYYMM(addMonths(today(), -{months}))
ORDER BY table, partition;
-- then, for each row:
-- ALTER TABLE {database}.<table> DROP PARTITION <partition>;
