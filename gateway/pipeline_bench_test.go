package gateway

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/connectors"
)

// discardStore is an audit store that keeps only the chain's head, so
// that the benchmark measures the writer's own work (sealing, hashing,
// encoding), not a database.
type discardStore struct{ head audit.Link }

func (s *discardStore) AppendBatch(_ context.Context, events []audit.Event) error {
	last := events[len(events)-1]
	s.head = audit.Link{Writer: last.Writer, Seq: last.Seq, Hash: last.Hash}
	return nil
}

func (s *discardStore) LastLink(context.Context, string) (audit.Link, error) {
	if s.head.Seq == 0 {
		return audit.Link{Hash: audit.GenesisHash}, nil
	}
	return s.head, nil
}
func (*discardStore) AddCheckpoint(context.Context, audit.Checkpoint) error { return nil }
func (*discardStore) PutWithhold(context.Context, audit.Withhold) error     { return nil }

// benchCatalog answers from values built once, as the catalog's cache
// does, so that the benchmark counts the pipeline's allocations, not the
// demo catalog's.
type benchCatalog struct {
	dataset catalog.Dataset
	grants  []catalog.Grant
}

func newBenchCatalog() benchCatalog {
	var b benchCatalog
	for _, d := range demo.Datasets() {
		if d.ID == demo.PersonDataset {
			b.dataset = d
		}
	}
	for _, g := range demo.Grants(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		if g.Consumer == demo.DLA && g.Dataset == demo.PersonDataset {
			b.grants = append(b.grants, g)
		}
	}
	return b
}

func (b benchCatalog) FindDataset(context.Context, string) (catalog.Dataset, error) {
	return b.dataset, nil
}
func (b benchCatalog) ListGrants(context.Context, catalog.GrantFilter) ([]catalog.Grant, error) {
	return b.grants, nil
}

// benchOwner answers a full person record built once (the pipeline never
// changes the owner's record).
type benchOwner struct{ rec connectors.Record }

func newBenchOwner(d catalog.Dataset) benchOwner {
	rec := connectors.Record{}
	for _, name := range d.FieldNames() {
		rec[name] = "ค่า " + name
	}
	rec["citizen_id"] = demo.PersonKey(1)
	return benchOwner{rec: rec}
}

func (o benchOwner) Fetch(context.Context, catalog.Dataset, string) (connectors.Record, error) {
	return o.rec, nil
}

// BenchmarkLookupPipeline is one whole lookup through the agency API's
// routes, middleware, handler, pipeline (demo policy, minimisation, the
// real audit writer on a store that discards) and the JSON answer; the
// request JWT's verification (gateway/authn, benchmarked there) is
// replaced by answerTokens. Allocations per lookup:
//
//	go test -run '^$' -bench LookupPipeline -benchmem ./gateway/
func BenchmarkLookupPipeline(b *testing.B) {
	s := answerServer(b)
	seed := sha256.Sum256([]byte("bench"))
	w, err := audit.NewWriter(context.Background(), &discardStore{}, audit.Config{Writer: "bench", Key: ed25519.NewKeyFromSeed(seed[:])})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = w.Close() })
	hasher, err := audit.NewHasher([]byte(strings.Repeat("k", audit.MinSecretBytes)))
	if err != nil {
		b.Fatal(err)
	}
	cat := newBenchCatalog()
	p := s.deps.Pipeline
	p.Audit, p.Hasher, p.Catalog, p.Fetcher = w, hasher, cat, newBenchOwner(cat.dataset)
	h := s.routes(answerBodyLimit)
	cert := clientCert(b, "DLA", false, nil)
	state := &tls.ConnectionState{HandshakeComplete: true, PeerCertificates: []*x509.Certificate{cert}}
	path := "/v1/datasets/dopa.person/records/" + demo.PersonKey(1)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, path, strings.NewReader(""))
		req.Header.Set("Authorization", "Bearer licensing")
		req.TLS = state
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
