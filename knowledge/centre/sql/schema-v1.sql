-- The centre store's schema, version 1: ClickHouse 18.16 and every later release.
-- `{database}` stands for the configured database; the console and `tests/support` replace it.
-- Rows are never updated in place: a changed record (a lead's review, the agent's dispute) is
-- inserted again with a higher `version`, and ReplacingMergeTree keeps the newest row of each
-- `event_id`. Reports fold an event's rows to its newest, so a resend after a lost answer
-- counts once.
-- Monthly partitions: retention drops whole months (see retention-18.16.sql, retention-ttl.sql).

CREATE DATABASE IF NOT EXISTS {database};

CREATE TABLE IF NOT EXISTS {database}.schema_info
(
    version UInt32,
    applied DateTime
)
ENGINE = ReplacingMergeTree(applied)
ORDER BY version;

-- One row per finished case, masked exactly as in exports.
CREATE TABLE IF NOT EXISTS {database}.case_records
(
    event_id String,
    -- Computed by the server: reports find the few events sent twice by this key, fast.
    event_key UInt64 MATERIALIZED cityHash64(event_id),
    version UInt64,
    case_id String,
    agent_id String,
    team String,
    channel String,
    case_type String,
    product String,
    customer String,
    customer_id String,
    role String,
    started DateTime,
    started_ms UInt64,
    ended DateTime,
    step_ids Array(String),
    step_done Array(UInt8),
    step_manual Array(UInt8),
    alert_kinds Array(String),
    alert_overridden Array(UInt8),
    sla_state String,
    sla_due_ms UInt64,
    sla_replied_ms UInt64,
    scorecard String,
    score Int16,
    coaching UInt8,
    acknowledgement String,
    record String
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(started)
ORDER BY (started, agent_id, event_id);

-- One row per alert as it is raised, and again when the agent overrides it.
CREATE TABLE IF NOT EXISTS {database}.alert_events
(
    event_id String,
    version UInt64,
    case_id String,
    agent_id String,
    team String,
    channel String,
    case_type String,
    at DateTime,
    at_ms UInt64,
    rule_id String,
    kind String,
    severity String,
    match String,
    overridden UInt8,
    override_reason String,
    override_at_ms UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(at)
ORDER BY (at, agent_id, event_id);

-- One row per promise to a customer, and again when it is kept or missed. No promise text.
CREATE TABLE IF NOT EXISTS {database}.commitment_events
(
    event_id String,
    version UInt64,
    case_id String,
    agent_id String,
    team String,
    source String,
    created DateTime,
    due_ms UInt64,
    outcome String,
    settled_ms UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(created)
ORDER BY (created, agent_id, event_id);

INSERT INTO {database}.schema_info (version, applied) VALUES (1, now());
