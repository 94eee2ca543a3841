package gateway

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/gdx-exchange/gdx/audit"
	auditsql "github.com/gdx-exchange/gdx/audit/sqlstore"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/cache"
	"github.com/gdx-exchange/gdx/catalog/demo"
	catalogsql "github.com/gdx-exchange/gdx/catalog/sqlstore"
	"github.com/gdx-exchange/gdx/certs"
	certssql "github.com/gdx-exchange/gdx/certs/sqlstore"
	"github.com/gdx-exchange/gdx/connectors"
	"github.com/gdx-exchange/gdx/gateway/authn"
	gatewaysql "github.com/gdx-exchange/gdx/gateway/sqlstore"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/policies"
	policiessql "github.com/gdx-exchange/gdx/policies/sqlstore"
)

// BenchmarkLookupRequest is one whole lookup request as gdx serve answers
// it, after the TLS handshake: the front door, the agency API's routes and
// middleware, the client certificate's revocation and agency checks, the
// real request JWT verifier (ES256, keys from the key ring, the replay
// guard), the pipeline with the demo policy (a cached decision, as when
// the same purpose and dataset repeat under load), minimisation, the audit
// writer on a SQLite file with the token's claim and the decision-log row
// in its batch, and the JSON answer. The catalog is read through the
// catalog cache; the upstream is an in-process owner answering a record
// built once, so that the figures are the gateway's own. Tokens are minted
// before the timer.
//
//	go test -run '^$' -bench LookupRequest -benchmem -benchtime 3000x ./gateway/
func BenchmarkLookupRequest(b *testing.B) {
	f := newRequestBench(b)
	tokens := f.mint(b, b.N)
	u, err := url.Parse("/v1/datasets/" + demo.PersonDataset + "/records/" + demo.PersonKey(1))
	if err != nil {
		b.Fatal(err)
	}
	w := &benchResponse{header: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		w.reset()
		f.handler.ServeHTTP(w, f.request(u, tokens[i]))
		if w.status != http.StatusOK {
			b.Fatalf("status %d: %s", w.status, w.body.String())
		}
	}
}

// BenchmarkLookupRequestParallel is BenchmarkLookupRequest from 32
// goroutines per CPU, as under load: the audit writer then commits many
// lookups per batch, so that each pays a share of a transaction rather
// than one of its own.
//
//	go test -run '^$' -bench LookupRequestParallel -benchmem -benchtime 3000x ./gateway/
func BenchmarkLookupRequestParallel(b *testing.B) {
	f := newRequestBench(b)
	tokens := f.mint(b, b.N)
	u, err := url.Parse("/v1/datasets/" + demo.PersonDataset + "/records/" + demo.PersonKey(1))
	if err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	b.SetParallelism(32)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		w := &benchResponse{header: http.Header{}}
		for pb.Next() {
			w.reset()
			f.handler.ServeHTTP(w, f.request(u, tokens[next.Add(1)-1]))
			if w.status != http.StatusOK {
				b.Errorf("status %d: %s", w.status, w.body.String())
				return
			}
		}
	})
}

// requestBench is the agency API of BenchmarkLookupRequest and one
// agency's credentials.
type requestBench struct {
	handler http.Handler
	tls     *tls.ConnectionState
	cert    *x509.Certificate
	key     jose.JSONWebKey
}

const requestBenchAudience = "gdx-bench"

func newRequestBench(b *testing.B) *requestBench {
	b.Helper()
	ctx, stop := context.WithCancel(context.Background())
	b.Cleanup(stop)
	db := sqldbtest.Open(b, sqldb.SQLite)
	for _, m := range []func(context.Context, *sqldb.DB) error{catalogsql.Migrate, certssql.Migrate, gatewaysql.Migrate, auditsql.Migrate, policiessql.Migrate} {
		if err := m(ctx, db); err != nil {
			b.Fatal(err)
		}
	}
	cat := catalogsql.New(db)
	seedBenchCatalog(b, ctx, cat)
	ca, err := certs.Init(b.TempDir(), certs.InitOptions{})
	if err != nil {
		b.Fatal(err)
	}
	f := &requestBench{cert: issueCert(b, ca, demo.DLA)}
	f.tls = &tls.ConnectionState{HandshakeComplete: true, PeerCertificates: []*x509.Certificate{f.cert}}
	if f.key, err = certs.NewSigningKey("ES256", "dla-bench"); err != nil {
		b.Fatal(err)
	}
	keys := certssql.New(db)
	ak, err := certs.NewAgencyKey(demo.DLA, certs.PublicJWK(f.key), time.Now())
	if err != nil {
		b.Fatal(err)
	}
	if err := keys.AddKey(ctx, ak); err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ring := certs.NewKeyRing(keys, 2*time.Second, log)
	checker := certs.NewRevocationChecker(keys, 2*time.Second, log)
	for _, r := range []func(context.Context) error{ring.Refresh, checker.Refresh} {
		if err := r(ctx); err != nil {
			b.Fatal(err)
		}
	}
	ring.Start(ctx)
	checker.Start(ctx)
	serverCert := benchServerCert(b, ca)
	deps := requestBenchDeps(b, ctx, db, cache.New(cat, time.Hour), ring, log)
	deps.Revocation = checker
	g, err := New(Config{APIAddr: "127.0.0.1:0", WebAddr: "127.0.0.1:0", AdminAddr: "127.0.0.1:0", BodyLimit: 1 << 20,
		APITLS: certs.APIServerTLSConfig(serverCert, ca.Pool(), checker), ShutdownTimeout: time.Second}, deps)
	if err != nil {
		b.Fatal(err)
	}
	f.handler = g.api.Handler
	return f
}

// requestBenchDeps wires the verifier and the pipeline as cmd/gdx does:
// the replay guard deferring each jti to its lookup's audit batch, the
// decision-log row riding in that batch, leased rate limits.
func requestBenchDeps(b *testing.B, ctx context.Context, db *sqldb.DB, reads *cache.Catalog, ring *certs.KeyRing, log *slog.Logger) Deps {
	b.Helper()
	seed := sha256.Sum256([]byte("bench"))
	writer, err := audit.NewWriter(ctx, auditsql.New(db), audit.Config{Writer: "bench", Key: ed25519.NewKeyFromSeed(seed[:])})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = writer.Close() })
	hasher, err := audit.NewHasher([]byte(strings.Repeat("k", audit.MinSecretBytes)))
	if err != nil {
		b.Fatal(err)
	}
	engine := policies.NewEngine()
	if _, err := engine.Load(ctx, "bench", policies.DemoSet()); err != nil {
		b.Fatal(err)
	}
	gw := gatewaysql.New(db)
	decisions := policies.NewDecisionWriter(policiessql.New(db), log)
	b.Cleanup(decisions.Close)
	limiter := &LeasedLimiter{Store: gw, Name: "bench"}
	go limiter.Run(ctx, log)
	ds, err := reads.FindDataset(ctx, demo.PersonDataset)
	if err != nil {
		b.Fatal(err)
	}
	metrics := NewMetrics(AuditCollectors(writer)...)
	p := &Pipeline{Catalog: reads, Decider: engine, Fetcher: newRequestOwner(ds), Audit: writer, Hasher: hasher,
		Limiter: limiter, Decisions: decisions, Rows: gw, Metrics: metrics, DefaultLimit: catalog.RateLimit{PerMinute: 120, Burst: 20},
		UpstreamTimeout: 10 * time.Second}
	guard := &ReplayGuard{Durable: gw}
	verifier := &authn.Verifier{Audience: requestBenchAudience, Keys: ring, Replay: guard, Purposes: reads}
	return Deps{Agencies: reads, Tokens: verifier, Replay: guard, Pipeline: p, Audit: writer, Metrics: metrics,
		Ready: func(context.Context) error { return nil }, Logger: log}
}

// seedBenchCatalog stores the demo catalog with DLA's person grant
// allowing far more lookups than the benchmark makes.
func seedBenchCatalog(b *testing.B, ctx context.Context, cat *catalogsql.Store) {
	b.Helper()
	if err := demo.Seed(ctx, cat, time.Now()); err != nil {
		b.Fatal(err)
	}
	gs, err := cat.ListGrants(ctx, catalog.GrantFilter{Consumer: demo.DLA, Dataset: demo.PersonDataset})
	if err != nil || len(gs) == 0 {
		b.Fatalf("DLA's person grant: %v", err)
	}
	g := gs[0]
	g.RateLimit = catalog.RateLimit{PerMinute: 100_000_000, Burst: 10_000_000}
	if err := cat.UpdateGrant(ctx, g); err != nil {
		b.Fatal(err)
	}
}

// issueCert issues the agency code's client certificate from ca.
func issueCert(tb testing.TB, ca *certs.Authority, code string) *x509.Certificate {
	tb.Helper()
	cred, err := ca.IssueAgency(code, time.Hour)
	if err != nil {
		tb.Fatal(err)
	}
	block, _ := pem.Decode(cred.CertPEM)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		tb.Fatal(err)
	}
	return cert
}

func benchServerCert(b *testing.B, ca *certs.Authority) tls.Certificate {
	b.Helper()
	cred, err := ca.IssueServer([]string{"localhost"}, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	pair, err := tls.X509KeyPair(cred.CertPEM, cred.KeyPEM)
	if err != nil {
		b.Fatal(err)
	}
	return pair
}

// mint signs n tokens with fresh jtis, as agency clients would before
// calling, each already in its Authorization header value.
func (f *requestBench) mint(b *testing.B, n int) []string {
	b.Helper()
	out := make([]string, n)
	req := authn.TokenRequest{Agency: demo.DLA, Officer: "officer-17", Purpose: "licensing", Audience: requestBenchAudience,
		IAL: "2.3", AAL: "2", TTL: authn.MaxLifetime, Cert: f.cert, Key: f.key}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for w := range errs {
		wg.Go(func() {
			for i := w; i < n && errs[w] == nil; i += len(errs) {
				var t string
				t, errs[w] = authn.SignToken(req)
				out[i] = "Bearer " + t
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// request is a GET of u as the TLS server hands it to the handler: the
// fields net/http sets, and nothing more.
func (f *requestBench) request(u *url.URL, authorization string) *http.Request {
	return &http.Request{Method: http.MethodGet, URL: u, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Authorization": {authorization}}, Body: http.NoBody, Host: "gdx.test",
		RemoteAddr: "192.0.2.1:50000", RequestURI: u.Path, TLS: f.tls}
}

// benchResponse is a reused response writer: net/http's own is outside
// the gateway's reach, so the benchmark does not count a recorder's.
type benchResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *benchResponse) reset() {
	clear(w.header)
	w.status = 0
	w.body.Reset()
}

func (w *benchResponse) Header() http.Header { return w.header }

func (w *benchResponse) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *benchResponse) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(p)
}

// requestOwner answers a full person record built once.
type requestOwner struct{ rec connectors.Record }

func newRequestOwner(d catalog.Dataset) requestOwner {
	rec := connectors.Record{}
	for _, name := range d.FieldNames() {
		rec[name] = "ค่า " + name
	}
	rec["citizen_id"] = demo.PersonKey(1)
	return requestOwner{rec: rec}
}

func (o requestOwner) Fetch(context.Context, catalog.Dataset, string) (connectors.Record, error) {
	return o.rec, nil
}
