package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// eventColumns are audit_events' columns in eventArgs and scanEvent order.
const eventColumns = `writer, seq, id, time_us, request_id, kind, agency, officer, purpose, dataset,
	grant_id, key_kind, key_hash, key_hashes, keys, fields_returned, fields_withheld, decision,
	reasons, policy_version, decision_id, upstream_status, latency_us, status, client_addr,
	cert_thumbprint, auth_check, evidence, action, target, count, version, prev_hash, hash`

var eventColumnCount = strings.Count(eventColumns, ",") + 1

// Rows per INSERT into audit_events. PostgreSQL gains from fewer round
// trips; SQLite (in process, no round trips) loses, since modernc.org/sqlite
// prepares every statement anew and looks $N names up in a list, which
// costs more than the rows save (BenchmarkAppend).
const (
	eventsPerInsert       = 32 // 34 columns: 1088 placeholders, far below both engines' limits
	eventsPerInsertSQLite = 1
)

// insertEventsSQL[n] inserts n events.
var insertEventsSQL = func() []string {
	s := make([]string, eventsPerInsert+1)
	for n := 1; n <= eventsPerInsert; n++ {
		s[n] = multiInsert("audit_events", eventColumns, eventColumnCount, n)
	}
	return s
}()

// eventArgs appends e's column values in eventColumns order; lists are
// the JSON of its KeyHashes, FieldsReturned, FieldsWithheld and Reasons
// (listColumns).
func eventArgs(args []any, e audit.Event, lists []string) []any {
	return append(args, e.Writer, e.Seq, e.ID, sqldb.Micros(e.Time), e.RequestID, string(e.Kind),
		e.Agency, e.Officer, e.Purpose, e.Dataset, e.Grant, e.KeyKind, e.KeyHash, lists[0],
		int64(e.Keys), lists[1], lists[2], string(e.Decision),
		lists[3], e.PolicyVersion, e.DecisionID, int64(e.UpstreamStatus), e.LatencyMicros,
		int64(e.Status), e.ClientAddr, e.CertThumbprint, e.Check, e.Evidence, e.Action, e.Target,
		int64(e.Count), int64(e.Version), e.PrevHash, e.Hash)
}

// scanEvent reads a row of eventColumns.
func scanEvent(row scanner) (audit.Event, error) {
	var (
		e                                        audit.Event
		us, keys, upstream, status, count, ver   int64
		kind, decision                           string
		keyHashes, returned, withheld, reasonsJS string
	)
	err := row.Scan(&e.Writer, &e.Seq, &e.ID, &us, &e.RequestID, &kind, &e.Agency, &e.Officer,
		&e.Purpose, &e.Dataset, &e.Grant, &e.KeyKind, &e.KeyHash, &keyHashes, &keys, &returned,
		&withheld, &decision, &reasonsJS, &e.PolicyVersion, &e.DecisionID, &upstream,
		&e.LatencyMicros, &status, &e.ClientAddr, &e.CertThumbprint, &e.Check, &e.Evidence,
		&e.Action, &e.Target, &count, &ver, &e.PrevHash, &e.Hash)
	if err != nil {
		return audit.Event{}, err
	}
	e.Time, e.Kind, e.Decision = sqldb.FromMicros(us), audit.Kind(kind), audit.Decision(decision)
	e.Keys, e.UpstreamStatus, e.Status, e.Count, e.Version = int(keys), int(upstream), int(status), int(count), int(ver)
	for _, l := range []struct {
		text string
		dst  *[]string
	}{{keyHashes, &e.KeyHashes}, {returned, &e.FieldsReturned}, {withheld, &e.FieldsWithheld}, {reasonsJS, &e.Reasons}} {
		if *l.dst, err = listFromJSON(l.text); err != nil {
			return audit.Event{}, fmt.Errorf("event %s/%d: %w", e.Writer, e.Seq, err)
		}
	}
	return e, nil
}

// eventStmts adds the INSERTs of the events, up to chunk rows each.
func eventStmts(b *stmtBuffer, events []audit.Event, chunk int) {
	lists := b.listColumns(events)
	for len(events) > 0 {
		n, start := chunkSize(len(events), chunk), len(b.args)
		for i, e := range events[:n] {
			b.args = eventArgs(b.args, e, lists[4*i:4*i+4])
		}
		b.add(insertEventsSQL[n], start)
		events, lists = events[n:], lists[4*n:]
	}
}

// keysPerInsert bounds the rows of one INSERT into audit_event_keys (a
// power of two, see chunkSize).
const keysPerInsert = 256

// keyStmts adds the INSERTs indexing every record key hash of the events.
func keyStmts(b *stmtBuffer, events []audit.Event) {
	start := len(b.args)
	for _, e := range events {
		if len(e.KeyHashes) == 0 { // a lookup's one hash, without a list to sort
			if e.KeyHash != "" {
				b.args = append(b.args, e.KeyHash, sqldb.Micros(e.Time), e.ID)
			}
			continue
		}
		for _, h := range sortedUnique(append([]string{e.KeyHash}, e.KeyHashes...)) {
			if h != "" {
				b.args = append(b.args, h, sqldb.Micros(e.Time), e.ID)
			}
		}
	}
	for left := (len(b.args) - start) / 3; left > 0; {
		n := chunkSize(left, keysPerInsert)
		end := start + 3*n
		b.stmts = append(b.stmts, sqldb.Stmt{SQL: multiInsert("audit_event_keys", "key_hash, time_us, event_id", 3, n), Args: b.args[start:end:end]})
		start, left = end, left-n
	}
}

// ScanChain returns up to limit links of writer's chain with Seq > after,
// by rising Seq.
func (s *Store) ScanChain(ctx context.Context, writer string, after int64, limit int) ([]audit.Event, error) {
	events, err := sqldb.List(ctx, s.db, scanEvent, `SELECT `+eventColumns+` FROM audit_events
		WHERE writer = $1 AND seq > $2 ORDER BY seq LIMIT $3`, writer, after, int64(max(limit, 1)))
	if err != nil {
		return nil, fmt.Errorf("scan audit chain %s after %d: %w", writer, after, err)
	}
	return events, nil
}
