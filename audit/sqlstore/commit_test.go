package sqlstore_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/audit/audittest"
	"github.com/gdx-exchange/gdx/audit/sqlstore"
	"github.com/gdx-exchange/gdx/catalog"
	gatewaysql "github.com/gdx-exchange/gdx/gateway/sqlstore"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// openRiding returns a store on a database that also holds the gateway's
// replay table (where claims go) and a table for riding rows.
func openRiding(t *testing.T, engine string) (*sqlstore.Store, *sqldb.DB) {
	t.Helper()
	db := open(t, engine)
	if err := gatewaysql.Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(context.Background(), `CREATE TABLE ride_test (id TEXT PRIMARY KEY, event TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return sqlstore.New(db), db
}

func event(i int) audit.Event {
	return audit.Event{RequestID: fmt.Sprintf("req-%d", i), Kind: audit.KindLookup, Agency: "DLA", Dataset: "dopa.person",
		Decision: audit.DecisionAllow, Status: 200, FieldsReturned: []string{"name"}}
}

func count(t *testing.T, db *sqldb.DB, sql string) int {
	t.Helper()
	var n int64
	if err := db.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// TestAppendRiding appends events with claims and rows through a real
// Writer: a claim used already refuses only its own event, which is
// amended and stored; every claim, event and row is stored together.
func TestAppendRiding(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, db := openRiding(t, engine)
		if fresh, err := gatewaysql.New(db).Remember(ctx, "DLA", "used", time.Now().Add(time.Minute)); err != nil || !fresh {
			t.Fatalf("Remember = %v, %v", fresh, err)
		}
		w, err := audit.NewWriter(ctx, s, audit.Config{Writer: "gw-1", Key: audittest.Key("gw-1")})
		if err != nil {
			t.Fatal(err)
		}
		jtis := []string{"a", "used", "b", "c", "a"}
		errs := make([]error, len(jtis))
		stored := make([]audit.Event, len(jtis))
		var wg sync.WaitGroup
		for i, jti := range jtis {
			wg.Go(func() {
				r := audit.Rider{Claim: &audit.Claim{Agency: "DLA", JTI: jti, Until: time.Now().Add(time.Minute)},
					Taken: func(e *audit.Event) { e.Status, e.FieldsReturned = 401, nil },
					Rows: func(e audit.Event) []audit.Row {
						return []audit.Row{{Table: "ride_test", Columns: []string{"id", "event"}, Values: []any{e.RequestID, e.ID}}}
					}}
				stored[i], errs[i] = w.AppendRiding(ctx, event(i), r)
			})
		}
		wg.Wait()
		takenN := 0
		for i, err := range errs {
			switch {
			case errors.Is(err, audit.ErrClaimTaken):
				takenN++
				if stored[i].Status != 401 || stored[i].FieldsReturned != nil || stored[i].Seq == 0 {
					t.Errorf("taken claim %s: stored %+v, want the amended event stored", jtis[i], stored[i])
				}
			case err != nil:
				t.Fatalf("append %d: %v", i, err)
			case jtis[i] == "used":
				t.Errorf("the used jti was accepted")
			}
		}
		if takenN != 2 { // "used", and one of the two "a"
			t.Errorf("%d claims taken, want 2", takenN)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT count(*) FROM ride_test`); n != len(jtis) {
			t.Errorf("%d riding rows, want %d", n, len(jtis))
		}
		if n := count(t, db, `SELECT count(*) FROM gateway_replay`); n != 4 {
			t.Errorf("%d token ids recorded, want 4 (a, used, b, c)", n)
		}
		r, err := audit.Verify(ctx, s, map[string]ed25519.PublicKey{"gw-1": audittest.Key("gw-1").Public().(ed25519.PublicKey)}, nil)
		if err != nil || !r.OK() || r.Events != int64(len(jtis)) {
			t.Fatalf("verify = %+v, %v", r, err)
		}
	})
}

// TestCommitBatchAllOrNothing fails a batch after its claims were
// inserted: neither the claims nor the rows stay.
func TestCommitBatchAllOrNothing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, db := openRiding(t, engine)
		claims := []audit.Claim{{Agency: "DLA", JTI: "x", Until: time.Now().Add(time.Minute)}}
		boom := errors.New("boom")
		err := s.CommitBatch(ctx, claims, func(taken []bool) ([]audit.Event, []audit.Row, error) {
			if len(taken) != 1 || taken[0] {
				t.Errorf("taken = %v, want [false]", taken)
			}
			return nil, nil, boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("CommitBatch = %v, want build's error", err)
		}
		if n := count(t, db, `SELECT count(*) FROM gateway_replay`); n != 0 {
			t.Errorf("a failed batch left %d token ids recorded", n)
		}
	})
}

// sealAfter seals events as the next links of head's chain, as the
// Writer does.
func sealAfter(head audit.Link, events ...audit.Event) []audit.Event {
	prev, seq := head.Hash, head.Seq
	now := time.Now()
	for i := range events {
		e := &events[i]
		seq++
		e.Time, e.ID, e.Writer, e.Version = now, audit.NewID(now), head.Writer, audit.CanonicalVersion
		e.Seq, e.PrevHash = seq, prev
		e.Hash = audit.ChainHash(prev, *e)
		prev = e.Hash
	}
	return events
}

// TestCommitBatchRebuildsWhenAClaimWasUsed: the store first builds as if
// every claim were new; when one was used already it builds again with
// what it learned, and stores only the second build.
func TestCommitBatchRebuildsWhenAClaimWasUsed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, db := openRiding(t, engine)
		if _, err := gatewaysql.New(db).Remember(ctx, "DLA", "used", time.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		until := time.Now().Add(time.Minute)
		claims := []audit.Claim{{Agency: "DLA", JTI: "used", Until: until}, {Agency: "DLA", JTI: "new", Until: until}}
		var calls [][]bool
		err := s.CommitBatch(ctx, claims, func(taken []bool) ([]audit.Event, []audit.Row, error) {
			calls = append(calls, slices.Clone(taken))
			first := event(0)
			if taken[0] {
				first.Status = 401
			}
			events := sealAfter(audit.Link{Writer: "gw-1", Hash: audit.GenesisHash}, first, event(1))
			return events, []audit.Row{{Table: "ride_test", Columns: []string{"id", "event"}, Values: []any{"r1", events[1].ID}}}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := [][]bool{{false, false}, {true, false}}; !slices.EqualFunc(calls, want, slices.Equal) {
			t.Errorf("build called with %v, want %v", calls, want)
		}
		if n := count(t, db, `SELECT count(*) FROM audit_events WHERE status = 401`); n != 1 {
			t.Errorf("%d events stored as refused, want the rebuilt one", n)
		}
		if n := count(t, db, `SELECT count(*) FROM gateway_replay`) + count(t, db, `SELECT count(*) FROM ride_test`); n != 3 {
			t.Errorf("%d token ids and rows stored, want 2 + 1", n)
		}
	})
}

// TestCommitBatchFailsWhole fails a batch at its last statement (a
// riding row that conflicts): nothing of it stays, neither claims nor
// events nor the head's move, and the error says conflict.
func TestCommitBatchFailsWhole(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, db := openRiding(t, engine)
		if _, err := db.Exec(ctx, `INSERT INTO ride_test (id, event) VALUES ('r1', 'x')`); err != nil {
			t.Fatal(err)
		}
		claims := []audit.Claim{{Agency: "DLA", JTI: "x", Until: time.Now().Add(time.Minute)}}
		err := s.CommitBatch(ctx, claims, func([]bool) ([]audit.Event, []audit.Row, error) {
			events := sealAfter(audit.Link{Writer: "gw-1", Hash: audit.GenesisHash}, event(0))
			return events, []audit.Row{{Table: "ride_test", Columns: []string{"id", "event"}, Values: []any{"r1", events[0].ID}}}, nil
		})
		if catalog.ErrorKind(err) != catalog.KindConflict {
			t.Fatalf("CommitBatch = %v, want a conflict", err)
		}
		for _, table := range []string{"gateway_replay", "audit_events", "audit_event_keys", "audit_chains"} {
			if n := count(t, db, `SELECT count(*) FROM `+table); n != 0 {
				t.Errorf("a failed batch left %d rows in %s", n, table)
			}
		}
	})
}

// storeFirstLink stores the first link of chain gw-1 and returns it.
func storeFirstLink(t *testing.T, s *sqlstore.Store) audit.Event {
	t.Helper()
	head := sealAfter(audit.Link{Writer: "gw-1", Hash: audit.GenesisHash}, event(0))
	if err := s.AppendBatch(context.Background(), head); err != nil {
		t.Fatal(err)
	}
	return head[0]
}

// TestCommitBatchRefusesAFork: a batch that does not continue the stored
// head stores nothing, on either path (all claims new, or one used).
func TestCommitBatchRefusesAFork(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, db := openRiding(t, engine)
		storeFirstLink(t, s)
		if _, err := gatewaysql.New(db).Remember(ctx, "DLA", "used", time.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		stale := audit.Link{Writer: "gw-1", Hash: audit.GenesisHash} // as if head[0] were not stored
		for _, jti := range []string{"new", "used"} {
			claims := []audit.Claim{{Agency: "DLA", JTI: jti, Until: time.Now().Add(time.Minute)}}
			err := s.CommitBatch(ctx, claims, func([]bool) ([]audit.Event, []audit.Row, error) {
				return sealAfter(stale, event(1)), nil, nil
			})
			if catalog.ErrorKind(err) != catalog.KindConflict {
				t.Errorf("claim %s: CommitBatch on a stale head = %v, want a conflict", jti, err)
			}
			moved := sealAfter(audit.Link{Writer: "gw-1", Seq: 1, Hash: "0000000000000000000000000000000000000000000000000000000000000000"}, event(1))
			err = s.CommitBatch(ctx, claims, func([]bool) ([]audit.Event, []audit.Row, error) { return moved, nil, nil })
			if catalog.ErrorKind(err) != catalog.KindConflict {
				t.Errorf("claim %s: CommitBatch after a wrong hash = %v, want a conflict", jti, err)
			}
		}
		if n := count(t, db, `SELECT count(*) FROM audit_events`) + count(t, db, `SELECT count(*) FROM gateway_replay`); n != 2 {
			t.Errorf("forks left rows: %d events and token ids, want 1 + 1", n)
		}
	})
}

// TestCommitBatchRefusesAMissingHead: a batch continuing a chain whose
// head row is gone (deleted by hand) commits nothing either, though the
// events it follows are stored: only the head says where the chain ends.
func TestCommitBatchRefusesAMissingHead(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, db := openRiding(t, engine)
		head := storeFirstLink(t, s)
		if _, err := db.Exec(ctx, `DELETE FROM audit_chains`); err != nil {
			t.Fatal(err)
		}
		next := sealAfter(audit.Link{Writer: "gw-1", Seq: 1, Hash: head.Hash}, event(1))
		claims := []audit.Claim{{Agency: "DLA", JTI: "new", Until: time.Now().Add(time.Minute)}}
		err := s.CommitBatch(ctx, claims, func([]bool) ([]audit.Event, []audit.Row, error) { return next, nil, nil })
		if catalog.ErrorKind(err) != catalog.KindConflict {
			t.Errorf("CommitBatch without a head = %v, want a conflict", err)
		}
		if err := s.AppendBatch(ctx, next); catalog.ErrorKind(err) != catalog.KindConflict {
			t.Errorf("AppendBatch without a head = %v, want a conflict", err)
		}
		if n := count(t, db, `SELECT count(*) FROM audit_events`) + count(t, db, `SELECT count(*) FROM gateway_replay`) +
			count(t, db, `SELECT count(*) FROM audit_chains`); n != 1 {
			t.Errorf("a batch without a head left rows: %d events, token ids and heads, want the 1 event before", n)
		}
	})
}
