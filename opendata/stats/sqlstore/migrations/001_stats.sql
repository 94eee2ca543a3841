-- Exchange statistics, aggregated from the audit trail (opendata/stats).
CREATE TABLE stats_volume (
    month    TEXT NOT NULL,
    consumer TEXT NOT NULL,
    owner    TEXT NOT NULL,
    dataset  TEXT NOT NULL,
    outcome  TEXT NOT NULL,
    requests BIGINT NOT NULL,
    records  BIGINT NOT NULL,
    PRIMARY KEY (month, consumer, owner, dataset, outcome)
);

CREATE TABLE stats_reason (
    month   TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason  TEXT NOT NULL,
    count   BIGINT NOT NULL,
    PRIMARY KEY (month, outcome, reason)
);

CREATE TABLE stats_latency (
    month   TEXT NOT NULL,
    dataset TEXT NOT NULL,
    bucket  INTEGER NOT NULL,
    count   BIGINT NOT NULL,
    PRIMARY KEY (month, dataset, bucket)
);

-- One row per audit writer: the Seq of the last event counted.
CREATE TABLE stats_cursor (
    writer     TEXT PRIMARY KEY,
    seq        BIGINT NOT NULL,
    updated_us BIGINT NOT NULL
);
