package sqlstore_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/gdx-exchange/gdx/audit"
	auditsql "github.com/gdx-exchange/gdx/audit/sqlstore"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata/publish"
	"github.com/gdx-exchange/gdx/opendata/publish/ckantest"
	"github.com/gdx-exchange/gdx/opendata/stats"
	"github.com/gdx-exchange/gdx/opendata/stats/sqlstore"
	"github.com/gdx-exchange/gdx/opendata/tabular"
)

var ctx = context.Background()

func TestMigrate(t *testing.T) { sqldbtest.RunSchema(t, sqlstore.Schema) }

// datasets is the catalog as statistics see it: who owns what.
type datasets []catalog.Dataset

func (d datasets) ListDatasets(context.Context, catalog.DatasetFilter) ([]catalog.Dataset, error) {
	return d, nil
}

var owners = datasets{{ID: "dopa.person", Owner: "DOPA"}, {ID: "dbd.company", Owner: "DBD"}}

type harness struct {
	db    *sqldb.DB
	trail *auditsql.Store
	store *sqlstore.Store
	r     *stats.Refresher
}

func open(t *testing.T, engine string) harness {
	t.Helper()
	db := sqldbtest.Open(t, engine)
	for _, s := range []sqldb.Schema{auditsql.Schema, sqlstore.Schema} {
		if err := s.Migrate(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	h := harness{db: db, trail: auditsql.New(db), store: sqlstore.New(db)}
	h.r = &stats.Refresher{Trail: h.trail, Datasets: owners, Store: h.store, PageSize: 4}
	return h
}

func writer(t *testing.T, s audit.Appender, name string) *audit.Writer {
	t.Helper()
	seed := sha256.Sum256([]byte(name))
	w, err := audit.NewWriter(ctx, s, audit.Config{Writer: name, Key: ed25519.NewKeyFromSeed(seed[:])})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

const officer = "officer-ลับ-42"

var keyHash = func() string {
	h, _ := audit.NewHasher([]byte(strings.Repeat("k", audit.MinSecretBytes)))
	return h.HashKey("citizen_id", "1103700012345")
}()

func lookup(agency, dataset string, d audit.Decision, latency int64, reasons ...string) audit.Event {
	return audit.Event{Kind: audit.KindLookup, RequestID: "req-secret", Agency: agency, Officer: officer, Purpose: "licensing",
		Dataset: dataset, KeyKind: "citizen_id", KeyHash: keyHash, Decision: d, Reasons: reasons, LatencyMicros: latency, Status: 200,
		ClientAddr: "10.9.8.7:5555"}
}

func appendAll(t *testing.T, w *audit.Writer, events ...audit.Event) {
	t.Helper()
	for _, e := range events {
		if _, err := w.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
}

func sampleTrail() []audit.Event {
	var evs []audit.Event
	for range 5 {
		evs = append(evs, lookup("DLA", "dopa.person", audit.DecisionAllow, 2000))
	}
	deny := lookup("RD", "dopa.person", audit.DecisionDeny, 300, "no_grant", "field_not_granted:religion")
	deny.Kind = audit.KindDenial
	batch := lookup("DLA", "dopa.person", audit.DecisionAllow, 9000)
	batch.Kind, batch.Keys, batch.KeyHash, batch.KeyHashes = audit.KindBatch, 10, "", []string{keyHash}
	summary := audit.Event{Kind: audit.KindAuthFailure, Decision: audit.DecisionDeny, Check: "jwt_signature", Count: 40, ClientAddr: "10.0.0.1"}
	admin := audit.Event{Kind: audit.KindAdmin, Decision: audit.DecisionAllow, Officer: "steward-1", Action: "grant.approve", Target: "grant/g-1"}
	upstream := lookup("DBD", "dbd.company", audit.DecisionError, 5_000_000)
	return append(evs, deny, deny, batch, summary, admin, upstream)
}

func TestRefreshCountsEveryEventOnceAndOnlyNewOnes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		h := open(t, engine)
		w := writer(t, h.trail, "replica-a")
		appendAll(t, w, sampleTrail()...)

		res, err := h.r.Refresh(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.Events != 11 || res.Counted != 10 {
			t.Fatalf("first refresh read %d events, counted %d; want 11 and 10 (the admin action is no request)", res.Events, res.Counted)
		}
		vol := volumes(t, h.store)
		want := map[string]stats.Volume{
			"DLA DOPA dopa.person allow": {Requests: 6, Records: 15},
			"RD DOPA dopa.person deny":   {Requests: 2, Records: 2},
			"DBD DBD dbd.company error":  {Requests: 1, Records: 1},
			"   unauthenticated":         {Requests: 40, Records: 40},
		}
		for k, v := range want {
			if vol[k] != v {
				t.Errorf("volume %q = %+v, want %+v (all: %v)", k, vol[k], v, vol)
			}
		}
		reasons := reasonCounts(t, h.store)
		if reasons["deny no_grant"] != 2 || reasons["deny field_not_granted:religion"] != 2 || reasons["unauthenticated jwt_signature"] != 40 {
			t.Errorf("reasons %v", reasons)
		}

		if res, err := h.r.Refresh(ctx); err != nil || res.Events != 0 {
			t.Fatalf("a refresh with nothing new read %d events (%v)", res.Events, err)
		}
		appendAll(t, w, lookup("DLA", "dopa.person", audit.DecisionAllow, 2000), lookup("DLA", "dopa.person", audit.DecisionAllow, 2000))
		if res, err := h.r.Refresh(ctx); err != nil || res.Events != 2 {
			t.Fatalf("refresh after two events read %d (%v); it must read only the new ones", res.Events, err)
		}
		if got := volumes(t, h.store)["DLA DOPA dopa.person allow"]; got.Requests != 8 {
			t.Errorf("after the second refresh DLA's requests = %d, want 8", got.Requests)
		}
		lat := latencies(t, h.store)
		if p50 := lat["dopa.person"]; p50 < 2.0 || p50 > 2.5 {
			t.Errorf("dopa.person p50 = %v ms, want about 2", p50)
		}
	})
}

func TestWritersAreCountedSeparately(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		h := open(t, engine)
		appendAll(t, writer(t, h.trail, "replica-a"), lookup("DLA", "dopa.person", audit.DecisionAllow, 1000))
		appendAll(t, writer(t, h.trail, "replica-b"), lookup("DLA", "dopa.person", audit.DecisionAllow, 1000), lookup("RD", "dbd.company", audit.DecisionAllow, 1000))
		if res, err := h.r.Refresh(ctx); err != nil || res.Events != 3 || res.Writers != 2 {
			t.Fatalf("refresh: %+v, %v", res, err)
		}
		if got := volumes(t, h.store)["DLA DOPA dopa.person allow"].Requests; got != 2 {
			t.Errorf("DLA requests %d, want 2", got)
		}
	})
}

func TestApplyRefusesAStaleCursor(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		h := open(t, engine)
		appendAll(t, writer(t, h.trail, "replica-a"), lookup("DLA", "dopa.person", audit.DecisionAllow, 1000))
		if _, err := h.r.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		err := h.store.Apply(ctx, "replica-a", 0, 1, &stats.Delta{Volumes: map[stats.VolumeKey]stats.Volume{{Month: "2026-01"}: {Requests: 1}}})
		if !catalog.IsKind(err, catalog.KindConflict) {
			t.Fatalf("Apply from a stale cursor: %v, want conflict", err)
		}
		if _, ok := volumes(t, h.store)["    "]; ok {
			t.Error("a refused Apply added its counts")
		}
	})
}

// TestConcurrentRefreshersCountOnce runs two refreshers (two replicas) on
// one PostgreSQL database at the same time.
func TestConcurrentRefreshersCountOnce(t *testing.T) {
	url := sqldbtest.URL(t, sqldb.Postgres)
	db := sqldbtest.OpenURL(t, url)
	for _, s := range []sqldb.Schema{auditsql.Schema, sqlstore.Schema} {
		if err := s.Migrate(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	h := harness{db: db, trail: auditsql.New(db), store: sqlstore.New(db)}
	h.r = &stats.Refresher{Trail: h.trail, Datasets: owners, Store: h.store, PageSize: 4}
	w := writer(t, h.trail, "replica-a")
	for range 60 {
		appendAll(t, w, lookup("DLA", "dopa.person", audit.DecisionAllow, 1000))
	}
	other := sqldbtest.OpenURL(t, url)
	r2 := &stats.Refresher{Trail: auditsql.New(other), Datasets: owners, Store: sqlstore.New(other), PageSize: 4}
	var wg sync.WaitGroup
	for _, r := range []*stats.Refresher{h.r, r2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := r.Refresh(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := volumes(t, h.store)["DLA DOPA dopa.person allow"].Requests; got != 60 {
		t.Fatalf("two refreshers counted %d requests for 60 events", got)
	}
}

// TestNothingPublishedIdentifiesAnOfficerOrARecord writes every statistics
// table in every format and looks for the officer, the key hash, the
// request id and the client address.
func TestNothingPublishedIdentifiesAnOfficerOrARecord(t *testing.T) {
	h := open(t, "sqlite")
	appendAll(t, writer(t, h.trail, "replica-a"), sampleTrail()...)
	if _, err := h.r.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	for _, src := range []tabular.Source{stats.Volumes(h.store), stats.Reasons(h.store), stats.Latencies(h.store)} {
		for _, f := range []tabular.Format{tabular.CSV, tabular.JSON} {
			var buf bytes.Buffer
			st, err := tabular.Write(ctx, &buf, f, src, nil)
			if err != nil || st.Rows == 0 {
				t.Fatalf("write %s: %d rows, %v", f, st.Rows, err)
			}
			for _, secret := range []string{officer, keyHash, "req-secret", "10.9.8.7", "steward-1"} {
				if strings.Contains(buf.String(), secret) {
					t.Errorf("%s output holds %q:\n%s", f, secret, buf.String())
				}
			}
		}
	}
}

func volumes(t *testing.T, r stats.Reader) map[string]stats.Volume {
	t.Helper()
	out := map[string]stats.Volume{}
	err := r.EachVolume(ctx, func(k stats.VolumeKey, v stats.Volume) error {
		out[fmt.Sprintf("%s %s %s %s", k.Consumer, k.Owner, k.Dataset, k.Outcome)] = v
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func reasonCounts(t *testing.T, r stats.Reader) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	err := r.EachReason(ctx, func(k stats.ReasonKey, n int64) error {
		out[k.Outcome+" "+k.Reason] += n
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func latencies(t *testing.T, r stats.Reader) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	err := r.EachLatency(ctx, func(k stats.LatencyKey, hist []int64) error {
		out[k.Dataset] = float64(stats.Percentile(hist, 50)) / 1000
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestProviderPackage checks the statistics' package: three tables in
// every format, row counts from the store, accepted by a thai_gdc portal.
func TestProviderPackage(t *testing.T) {
	h := open(t, "sqlite")
	appendAll(t, writer(t, h.trail, "replica-a"), sampleTrail()...)
	if _, err := h.r.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	p := stats.Provider{Stats: h.store, Owner: catalog.Agency{Code: "DGA", NameTH: "สำนักงานพัฒนารัฐบาลดิจิทัล"}, WebURL: "http://127.0.0.1:8080"}
	pkgs, err := p.Packages(ctx)
	if err != nil || len(pkgs) != 1 {
		t.Fatalf("%d packages, %v", len(pkgs), err)
	}
	pkg := pkgs[0]
	if err := pkg.Validate(); err != nil || len(pkg.Resources) != 12 {
		t.Fatalf("package %s: %v, %d resources", pkg.Name, err, len(pkg.Resources))
	}
	if n, _ := h.store.Rows(ctx, stats.TableVolumes); n != 4 || !strings.Contains(pkg.Resources[0].Description, "4 rows") {
		t.Errorf("volumes: %d rows; resource says %q", n, pkg.Resources[0].Description)
	}
	srv := ckantest.New(t, "tok")
	c, _ := publish.NewClient(publish.ClientConfig{URL: srv.URL, Token: "tok"})
	if rep, err := publish.Publish(ctx, c, pkgs, publish.Options{}, nil); err != nil || rep.Err() != nil {
		t.Fatalf("a thai_gdc portal refused the statistics: %v %+v", err, rep.Failures)
	}
}
