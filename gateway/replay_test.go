package gateway_test

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	auditsql "github.com/gdx-exchange/gdx/audit/sqlstore"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/gateway"
	"github.com/gdx-exchange/gdx/gateway/authn"
	gatewaysql "github.com/gdx-exchange/gdx/gateway/sqlstore"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	policiessql "github.com/gdx-exchange/gdx/policies/sqlstore"
)

func TestReplayGuardRefusesSameReplicaReplays(t *testing.T) {
	g := &gateway.ReplayGuard{Window: time.Hour, Max: 8}
	ctx := context.Background()
	until := time.Now().Add(time.Minute)
	for _, st := range []struct {
		agency, jti string
		fresh       bool
	}{{"DLA", "a", true}, {"DLA", "a", false}, {"RD", "a", true}, {"DLA", "b", true}} {
		if fresh, err := g.Remember(ctx, st.agency, st.jti, until); err != nil || fresh != st.fresh {
			t.Fatalf("Remember(%s, %s) = %v, %v; want %v", st.agency, st.jti, fresh, err, st.fresh)
		}
	}
	// Past Max the oldest generation goes: the set stays bounded, and a
	// jti seen just before a rotation is still refused.
	for i := range 20 {
		if fresh, _ := g.Remember(ctx, "DLA", "x"+strings.Repeat("y", i), until); !fresh {
			t.Fatalf("jti %d refused", i)
		}
		if fresh, _ := g.Remember(ctx, "DLA", "x"+strings.Repeat("y", i), until); fresh {
			t.Fatalf("jti %d accepted twice in a row", i)
		}
	}
}

// ridingPipeline is the pipeline with the real audit writer on a real
// store, recording request tokens with the events.
func ridingPipeline(t *testing.T, engine string) (*gateway.Pipeline, *gatewaysql.Store, *auditsql.Store, *policiessql.Store) {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.Open(t, engine)
	for _, m := range []func(context.Context, *sqldb.DB) error{gatewaysql.Migrate, auditsql.Migrate, policiessql.Migrate} {
		if err := m(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	store := auditsql.New(db)
	seed := sha256.Sum256([]byte("replay-test"))
	w, err := audit.NewWriter(ctx, store, audit.Config{Writer: "gw-t", Key: ed25519.NewKeyFromSeed(seed[:])})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	h, err := audit.NewHasher([]byte(strings.Repeat("k", audit.MinSecretBytes)))
	if err != nil {
		t.Fatal(err)
	}
	p := newPipeline(t, person, nil)
	p.Audit, p.Hasher, p.Rows = w, h, gatewaysql.New(db)
	return p, gatewaysql.New(db), store, policiessql.New(db)
}

// TestLookupClaimsTokenWithItsEvent proves the one durable write: the
// token's jti is recorded with the lookup's event, and a jti the durable
// record knew already (another replica used the token) is refused with
// 401 and no data, its upstream call audited.
func TestLookupClaimsTokenWithItsEvent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		p, replay, store, decisions := ridingPipeline(t, engine)
		req := dlaRequest(demo.PersonKey(1))
		req.Claim = &audit.Claim{Agency: "DLA", JTI: "j-1", Until: time.Now().Add(time.Minute)}
		res, err := p.Lookup(ctx, req)
		if err != nil || res.Record["first_name_th"] == nil {
			t.Fatalf("first use = %+v, %v", res, err)
		}
		if rec, err := decisions.FindDecision(ctx, res.DecisionID); err != nil || rec.AuditEvent != res.AuditEventID {
			t.Fatalf("decision row = %+v, %v; want it linked to event %s", rec, err, res.AuditEventID)
		}
		if fresh, err := replay.Remember(ctx, "DLA", "j-1", time.Now().Add(time.Minute)); err != nil || fresh {
			t.Fatalf("after the lookup the jti is fresh = %v, %v; want recorded", fresh, err)
		}
		res, err = p.Lookup(ctx, req) // the same token on another replica
		if catalog.ErrorReason(err) != authn.ReasonJTIReplayed || !catalog.IsKind(err, catalog.KindUnauthenticated) || res.Record != nil {
			t.Fatalf("replay = %+v, %v; want 401 jti_replayed and no record", res, err)
		}
		page, err := store.Query(ctx, audit.Filter{Agency: "DLA"})
		if err != nil || len(page.Events) != 2 {
			t.Fatalf("events = %d, %v; want 2", len(page.Events), err)
		}
		e := page.Events[0] // newest first
		if e.Status != 401 || e.Check != authn.ReasonJTIReplayed || e.Decision != audit.DecisionDeny ||
			e.UpstreamStatus != 200 || len(e.FieldsReturned) != 0 || len(e.FieldsWithheld) == 0 {
			t.Fatalf("replay's event = %+v; want 401, the upstream call, nothing returned", e)
		}
	})
}

// TestLookupWithoutRidingAuditFailsClosed: a claim with an audit log that
// cannot record it answers an error and no data.
func TestLookupWithoutRidingAuditFailsClosed(t *testing.T) {
	p := newPipeline(t, person, auditFunc(func(_ context.Context, e audit.Event) (audit.Event, error) { return e, nil }))
	req := dlaRequest(demo.PersonKey(1))
	req.Claim = &audit.Claim{Agency: "DLA", JTI: "j", Until: time.Now().Add(time.Minute)}
	res, err := p.Lookup(context.Background(), req)
	if err == nil || res.Record != nil || errors.Is(err, audit.ErrClaimTaken) {
		t.Fatalf("Lookup = %+v, %v; want a failure and no record", res, err)
	}
}
