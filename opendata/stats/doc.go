// Package stats computes the exchange's own statistics from the audit
// trail, for publication as open data (DESIGN.md "Open data"; seed 000):
// monthly request volumes by consumer agency, owner agency and dataset;
// decisions by outcome and reason; latency percentiles.
//
// Refresh is incremental: it keeps, per audit writer, the sequence number
// of the last event it counted, and reads only the links after it
// (audit chains are append-only and gap-free, so nothing is missed or
// counted twice even when replicas' clocks disagree). Its cost is that of
// the new events, whatever the age of the trail. Counts are added inside
// one transaction with the cursor move, under a lock, so two replicas
// refreshing at once never count an event twice.
//
// Nothing published identifies an officer or a record: the aggregates
// keep agencies, datasets, outcomes, reason codes and latency buckets,
// never the officer, key hash, request id or client address.
//
// NOTE: stats reads the audit through the small read-only Trail interface
// (audit.Store satisfies it) and imports audit (types), catalog (types)
// and internal/sqldb only — never gateway.
package stats
