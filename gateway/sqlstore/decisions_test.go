package sqlstore_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	auditsql "github.com/gdx-exchange/gdx/audit/sqlstore"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/sqlstore"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	policiessql "github.com/gdx-exchange/gdx/policies/sqlstore"

	"github.com/gdx-exchange/gdx/policies"
)

// TestDecisionRowReadsBack writes a decision row as it rides in an audit
// batch and reads it back through the decision log's own store: the row
// must be the record, field for field.
func TestDecisionRowReadsBack(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := sqldbtest.Open(t, engine)
		for _, m := range []func(context.Context, *sqldb.DB) error{sqlstore.Migrate, auditsql.Migrate, policiessql.Migrate} {
			if err := m(ctx, db); err != nil {
				t.Fatal(err)
			}
		}
		want := policies.DecisionRecord{ID: "dec-1", PolicyVersion: "v7", Time: time.UnixMicro(1_700_000_000_000_000).UTC(),
			Agency: "DLA", Officer: "o-1", Purpose: "licensing", Dataset: "dopa.person", Owner: "DOPA",
			Class: catalog.Confidential, IAL: "2.3", AAL: "2", Requested: []string{"a", "b"}, Grant: "g-1", Allow: true,
			Fields: []string{"a"}, Masks: map[string]string{"a": "partial"}, Reasons: []string{"sensitive_field:b"},
			Obligations: []string{}, AuditEvent: "ev-1"}
		row, err := sqlstore.New(db).DecisionRow(want)
		if err != nil {
			t.Fatal(err)
		}
		err = auditsql.New(db).CommitBatch(ctx, nil, func([]bool) ([]audit.Event, []audit.Row, error) {
			e := audit.Event{ID: "ev-1", Time: want.Time, Kind: audit.KindLookup, Decision: audit.DecisionAllow,
				Writer: "w", Seq: 1, Version: audit.CanonicalVersion, PrevHash: audit.GenesisHash}
			e.Hash = audit.ChainHash(e.PrevHash, e)
			return []audit.Event{e}, []audit.Row{row}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := policiessql.New(db).FindDecision(ctx, "dec-1")
		if err != nil {
			t.Fatal(err)
		}
		if want.Obligations = nil; !reflect.DeepEqual(got, want) {
			t.Fatalf("read back\n%+v\nwant\n%+v", got, want)
		}
	})
}
