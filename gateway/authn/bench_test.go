package authn_test

import (
	"context"
	"crypto/x509"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/cache"
	"github.com/gdx-exchange/gdx/catalog/demo"
	catalogsql "github.com/gdx-exchange/gdx/catalog/sqlstore"
	"github.com/gdx-exchange/gdx/certs"
	certssql "github.com/gdx-exchange/gdx/certs/sqlstore"
	"github.com/gdx-exchange/gdx/gateway/authn"
	gatewaysql "github.com/gdx-exchange/gdx/gateway/sqlstore"
	"github.com/gdx-exchange/gdx/internal/notify"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// BenchmarkAuthenticate measures the whole per-request authentication the
// gateway runs after the TLS handshake (issue 3 item 8), for each signing
// algorithm and each replay store:
//
//   - the identity checks of requireAgency: the agency named by the
//     already-verified client certificate, its key strength, and the
//     agency's registration and status read from the catalog;
//   - Verifier.Verify: compact parse, header checks, the key from the key
//     ring, the signature, the claims, the purpose read from the catalog
//     and the durable single-use insert of the jti.
//
// Every iteration verifies a fresh token; all b.N tokens are minted before
// the timer starts. The "memory" store is the same path with the catalog,
// key and replay reads answered from maps, to show what the database adds;
// "postgres+cache" reads agencies and purposes through the cache that
// follows the database's change notices, as gdx serve does.
//
//	go test -run '^$' -bench Authenticate -benchmem ./gateway/authn/
func BenchmarkAuthenticate(b *testing.B) {
	for _, alg := range []string{"ES256", "EdDSA", "PS256"} {
		for _, store := range []string{"memory", sqldb.SQLite, sqldb.Postgres, sqldb.Postgres + "+cache"} {
			b.Run(alg+"/"+store, func(b *testing.B) {
				f := newAuthBench(b, alg, store)
				tokens := f.mint(b, b.N)
				ctx := context.Background()
				b.ReportAllocs()
				b.ResetTimer()
				cpu := processCPU()
				for i := range b.N {
					if _, err := f.authenticate(ctx, tokens[i]); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64((processCPU()-cpu).Microseconds())/float64(b.N), "cpu-µs/op")
			})
		}
	}
}

// processCPU is the CPU time (user and system) the test process has used:
// on a shared machine it varies less than the wall time per operation,
// which also counts the time spent waiting for a core. It leaves out the
// database server's CPU.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// authBench is one agency's credentials and the stores and verifier the
// gateway would use for them.
type authBench struct {
	cert     *x509.Certificate
	key      jose.JSONWebKey
	agencies interface {
		FindAgency(ctx context.Context, code string) (catalog.Agency, error)
	}
	verifier *authn.Verifier
}

func newAuthBench(b *testing.B, alg, store string) *authBench {
	b.Helper()
	ca, err := certs.Init(b.TempDir(), certs.InitOptions{})
	if err != nil {
		b.Fatal(err)
	}
	f := &authBench{cert: issue(b, ca, demo.DLA), key: mustKey(b, alg, "dla-bench-"+alg)}
	f.verifier = &authn.Verifier{Audience: audience}
	engine, cached := strings.CutSuffix(store, "+cache")
	if store == "memory" {
		f.memoryStores(b)
	} else {
		f.sqlStores(b, engine, cached)
	}
	return f
}

// sqlStores wires the verifier on one fresh database of the engine: the
// catalog store for agencies and purposes, a key ring over the certs
// store, and the gateway store for replay. cached puts agencies and
// purposes behind the catalog cache that follows the database's change
// notices, as cmd/gdx does, so that only the replay insert is a round trip.
func (f *authBench) sqlStores(b *testing.B, engine string, cached bool) {
	b.Helper()
	ctx := context.Background()
	db := sqldbtest.Open(b, engine)
	for _, m := range []func(context.Context, *sqldb.DB) error{catalogsql.Migrate, certssql.Migrate, gatewaysql.Migrate} {
		if err := m(ctx, db); err != nil {
			b.Fatal(err)
		}
	}
	cat := catalogsql.New(db)
	if err := demo.Seed(ctx, cat, time.Now()); err != nil {
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
	ring := certs.NewKeyRing(keys, 2*time.Second, nil)
	if err := ring.Refresh(ctx); err != nil {
		b.Fatal(err)
	}
	ringCtx, stop := context.WithCancel(ctx)
	b.Cleanup(stop)
	ring.Start(ringCtx)
	f.agencies, f.verifier.Purposes = cat, cat
	if cached {
		feed := notify.New(db, notify.Options{Counters: []string{catalogsql.ChangeCounter, certssql.ChangeCounter}})
		go feed.Run(ringCtx)
		reads := cache.New(cat, 500*time.Millisecond)
		reads.Follow(feed)
		f.agencies, f.verifier.Purposes = reads, reads
	}
	f.verifier.Keys, f.verifier.Replay = ring, gatewaysql.New(db)
}

// memoryStores answers the same reads from maps (the replay map behind a
// mutex, as concurrent requests would need).
func (f *authBench) memoryStores(b *testing.B) {
	b.Helper()
	pub := certs.PublicJWK(f.key)
	agencies, purposes := map[string]catalog.Agency{}, map[string]catalog.Purpose{}
	for _, a := range demo.Agencies() {
		agencies[a.Code] = a
	}
	for _, p := range demo.Purposes() {
		purposes[p.Code] = p
	}
	var mu sync.Mutex
	seen := map[string]bool{}
	f.agencies = agencyFunc(func(_ context.Context, code string) (catalog.Agency, error) {
		if a, ok := agencies[code]; ok {
			return a, nil
		}
		return catalog.Agency{}, catalog.Errorf(catalog.KindNotFound, "no agency")
	})
	f.verifier.Keys = keyFunc(func(_ context.Context, agency, kid string) (jose.JSONWebKey, error) {
		if agency != demo.DLA || kid != pub.KeyID {
			return jose.JSONWebKey{}, certs.ErrNotFound
		}
		return pub, nil
	})
	f.verifier.Replay = replayFunc(func(_ context.Context, agency, jti string, _ time.Time) (bool, error) {
		mu.Lock()
		defer mu.Unlock()
		fresh := !seen[agency+"\x00"+jti]
		seen[agency+"\x00"+jti] = true
		return fresh, nil
	})
	f.verifier.Purposes = purposeFunc(func(_ context.Context, code string) (catalog.Purpose, error) {
		if p, ok := purposes[code]; ok {
			return p, nil
		}
		return catalog.Purpose{}, catalog.Errorf(catalog.KindNotFound, "no purpose")
	})
}

type agencyFunc func(context.Context, string) (catalog.Agency, error)

func (a agencyFunc) FindAgency(ctx context.Context, code string) (catalog.Agency, error) {
	return a(ctx, code)
}

// mint signs n tokens with fresh jtis, on every CPU, as agency clients
// would before calling.
func (f *authBench) mint(b *testing.B, n int) []string {
	b.Helper()
	tokens := make([]string, n)
	req := authn.TokenRequest{Agency: demo.DLA, Officer: "officer-17", Purpose: "licensing", Audience: audience,
		IAL: "2.3", AAL: "2", TTL: authn.MaxLifetime, Cert: f.cert, Key: f.key}
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	const workers = 4
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				t, err := authn.SignToken(req)
				if err != nil {
					select {
					case errs <- err:
					default:
					}
					return
				}
				tokens[i] = t
			}
		})
	}
	wg.Wait()
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
	return tokens
}

// authenticate is what the gateway's requireAgency and requireToken do
// for one request whose client certificate the TLS layer has verified.
func (f *authBench) authenticate(ctx context.Context, token string) (authn.Caller, error) {
	code, err := certs.AgencyFromCertificate(f.cert)
	if err != nil {
		return authn.Caller{}, err
	}
	if err := certs.CheckClientKey(f.cert); err != nil {
		return authn.Caller{}, err
	}
	agency, err := f.agencies.FindAgency(ctx, code)
	if err != nil {
		return authn.Caller{}, err
	}
	if !agency.Active() {
		return authn.Caller{}, catalog.Errorf(catalog.KindUnauthenticated, "agency suspended")
	}
	return f.verifier.Verify(ctx, token, agency.Code, f.cert)
}
