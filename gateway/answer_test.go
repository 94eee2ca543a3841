package gateway

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/connectors"
	"github.com/gdx-exchange/gdx/gateway/authn"
	"github.com/gdx-exchange/gdx/internal/goldentest"
	"github.com/gdx-exchange/gdx/policies"
)

// The agency API's answers are pinned byte for byte in testdata/, served
// by the real routes, middleware, handlers, pipeline and demo policy. The
// TLS layer is replaced by the request's TLS state carrying a generated
// certificate, the request JWT's verifier by one that accepts a purpose
// code as the token, and the owner, audit and rate limiter by fakes that
// fail for the agencies named after the failure.

const (
	agencyGone      = "GONE"    // suspended
	agencyLimited   = "LIMITED" // its bucket is always empty
	agencyNoAudit   = "NOAUDIT" // its lookups cannot be audited
	agencySilent    = "SILENT"  // the policy refuses it without a reason
	unitRevoked     = "revoked" // certificate OU: revoked
	unitStaleList   = "stale"   // certificate OU: the revocation list is stale
	answerRequestID = "req-1"
)

type answerAgencies struct{}

func (answerAgencies) FindAgency(_ context.Context, code string) (catalog.Agency, error) {
	for _, a := range demo.Agencies() {
		if a.Code == code {
			return a, nil
		}
	}
	switch code {
	case agencyGone:
		return catalog.Agency{Code: code, Status: catalog.AgencySuspended}, nil
	case agencyLimited, agencyNoAudit, agencySilent:
		return catalog.Agency{Code: code, Status: catalog.AgencyActive}, nil
	}
	return catalog.Agency{}, catalog.Errorf(catalog.KindNotFound, "no agency %s", code)
}

type answerRevocation struct{}

func (answerRevocation) Check(c *x509.Certificate) error {
	switch strings.Join(c.Subject.OrganizationalUnit, "") {
	case unitRevoked:
		return fmt.Errorf("certificate %s: %w", certs.Serial(c), certs.ErrRevoked)
	case unitStaleList:
		return certs.ErrStale
	}
	return nil
}

// answerTokens takes the token for the purpose code it names.
type answerTokens struct{}

func (answerTokens) Verify(_ context.Context, token, agency string, _ *x509.Certificate) (authn.Caller, error) {
	for _, p := range demo.Purposes() {
		if p.Code == token {
			return authn.Caller{Agency: agency, Officer: "o-1", Purpose: p, IAL: "2.3", AAL: "2"}, nil
		}
	}
	return authn.Caller{}, catalog.Errorf(catalog.KindUnauthenticated, "request token refused").WithReason(authn.ReasonSignatureInvalid)
}

type answerOwner struct{}

func (answerOwner) Fetch(_ context.Context, d catalog.Dataset, key string) (connectors.Record, error) {
	switch key {
	case demo.PersonKey(1), demo.PersonKey(2):
		return connectors.Record{"citizen_id": key, "first_name_th": "สมชาย", "religion": "พุทธ", "birth_date": "1980-02-29"}, nil
	case demo.HouseKey(1):
		return connectors.Record{"house_id": key, "address": map[string]any{"province": "ปทุมธานี"},
			"members": []any{map[string]any{"citizen_id": demo.PersonKey(1)}}}, nil
	case demo.PersonKey(4):
		return nil, catalog.Errorf(catalog.KindTimeout, "the civil registry did not answer in time").WithReason(connectors.ReasonTimeout)
	}
	return nil, catalog.Errorf(catalog.KindNotFound, "the civil registry has no such record").WithReason(connectors.ReasonNotFound)
}

type answerAudit struct{}

func (answerAudit) Append(_ context.Context, e audit.Event) (audit.Event, error) {
	if e.Agency == agencyNoAudit {
		return audit.Event{}, catalog.Errorf(catalog.KindUnavailable, "disk full")
	}
	e.ID = "ev-1"
	return e, nil
}

type answerHasher struct{}

func (answerHasher) HashKey(kind, _ string) string { return "hash-of-" + kind }

type answerLimiter struct{}

func (answerLimiter) Take(_ context.Context, key string, _ catalog.RateLimit, _ int, _ time.Time) (time.Duration, error) {
	if key == "agency:"+agencyLimited {
		return 1500 * time.Millisecond, nil
	}
	return 0, nil
}

// answerDecider is the demo policy, but for agencySilent.
type answerDecider struct{ *policies.Engine }

func (d answerDecider) Decide(ctx context.Context, in policies.Input) (policies.Decision, error) {
	if in.Agency.Code == agencySilent {
		return policies.Decision{ID: "d-silent", PolicyVersion: "test"}, nil
	}
	return d.Engine.Decide(ctx, in)
}

// answerBodyLimit is the listener's body limit in these tests.
const answerBodyLimit = 4 << 10

// answerRoutes is the agency API as gateway.New builds it.
func answerRoutes(t testing.TB) http.Handler {
	t.Helper()
	return answerServer(t).routes(answerBodyLimit)
}

// answerServer is the agency API server of answerRoutes.
func answerServer(t testing.TB) *apiServer {
	t.Helper()
	engine := policies.NewEngine()
	if _, err := engine.Load(context.Background(), "test", policies.DemoSet()); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	p := &Pipeline{Catalog: answerCatalog{}, Decider: answerDecider{engine}, Fetcher: answerOwner{}, Audit: answerAudit{},
		Hasher: answerHasher{}, Limiter: answerLimiter{}, UpstreamTimeout: time.Second, DefaultLimit: catalog.RateLimit{PerMinute: 120, Burst: 20},
		Now: func() time.Time { return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) }}
	s := &apiServer{deps: Deps{Agencies: answerAgencies{}, Revocation: answerRevocation{}, Tokens: answerTokens{},
		Pipeline: p, Audit: answerAudit{}, Ready: func(context.Context) error { return nil }, Logger: log},
		log: log, failures: newFailureLimiter()}
	return s
}

type answerCatalog struct{}

func (answerCatalog) FindDataset(_ context.Context, id string) (catalog.Dataset, error) {
	for _, d := range demo.Datasets() {
		if d.ID == id {
			return d, nil
		}
	}
	return catalog.Dataset{}, catalog.Errorf(catalog.KindNotFound, "no dataset")
}

func (answerCatalog) ListGrants(_ context.Context, f catalog.GrantFilter) ([]catalog.Grant, error) {
	var out []catalog.Grant
	for _, g := range demo.Grants(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		if f.Match(g) {
			out = append(out, g)
		}
	}
	return out, nil
}

// clientCert is a self-signed client certificate naming agency code;
// edit changes the template (its subject, validity, SANs) and weak makes
// its key RSA 1024.
func clientCert(t testing.TB, code string, weak bool, edit func(*x509.Certificate)) *x509.Certificate {
	t.Helper()
	u, _ := url.Parse(certs.AgencyURIPrefix + code)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: code},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), URIs: []*url.URL{u},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	if edit != nil {
		edit(tmpl)
	}
	var key crypto.Signer
	var err error
	if weak {
		key, err = rsa.GenerateKey(rand.Reader, 1024)
	} else {
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// apiCall is one request to the agency API.
type apiCall struct {
	name         string
	method, path string
	body         string
	agency       string            // the certificate's agency; DLA if empty
	cert         *x509.Certificate // instead of agency's
	noCert       bool
	token        string // the purpose; licensing if empty
	header       http.Header
}

// do serves c and returns the answer as the golden files keep it.
func (c apiCall) do(t *testing.T, h http.Handler) (*httptest.ResponseRecorder, string) {
	t.Helper()
	req := httptest.NewRequest(c.method, c.path, bytes.NewBufferString(c.body))
	for name, values := range c.header {
		req.Header[name] = values
	}
	req.Header.Set("X-Request-ID", answerRequestID)
	if c.token != "-" {
		req.Header.Set("Authorization", "Bearer "+cmp(c.token, "licensing"))
	}
	if !c.noCert {
		cert := c.cert
		if cert == nil {
			cert = clientCert(t, cmp(c.agency, "DLA"), false, nil)
		}
		req.TLS = &tls.ConnectionState{HandshakeComplete: true, PeerCertificates: []*x509.Certificate{cert}}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body := decisionID.ReplaceAllString(strings.TrimSpace(rec.Body.String()), `"decision_id":"<decision>"`)
	path := c.path
	if len(path) > 120 {
		path = path[:120] + "…"
	}
	var extra string
	if ra := rec.Header().Get("Retry-After"); ra != "" {
		extra = " Retry-After: " + ra
	}
	return rec, fmt.Sprintf("=== %s\n%s %s\n%d %s (error source %q)%s\n%s\n", c.name, c.method, path, rec.Code,
		rec.Header().Get("Content-Type"), rec.Header().Get("GDX-Error-Source"), extra, body)
}

func cmp(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

var decisionID = regexp.MustCompile(`"decision_id":"[^"]+"`)

func TestAnswersAreStable(t *testing.T) {
	batch := func(keys ...string) string {
		return fmt.Sprintf(`{"keys":["%s"],"fields":["citizen_id","first_name_th","religion"]}`, strings.Join(keys, `","`))
	}
	calls := []apiCall{
		{name: "lookup", method: http.MethodGet, path: "/v1/datasets/dopa.person/records/" + demo.PersonKey(1)},
		{name: "lookup of some fields", method: http.MethodGet, path: "/v1/datasets/dopa.person/records/" + demo.PersonKey(1) + "?fields=first_name_th,religion"},
		{name: "lookup with masks", method: http.MethodGet, path: "/v1/datasets/dopa.house/records/" + demo.HouseKey(1)},
		{name: "lookup denied", agency: "NOGRANT", method: http.MethodGet, path: "/v1/datasets/dopa.person/records/" + demo.PersonKey(1)},
		{name: "lookup of a malformed key", method: http.MethodGet, path: "/v1/datasets/dopa.person/records/12345"},
		{name: "lookup of a missing record", method: http.MethodGet, path: "/v1/datasets/dopa.person/records/" + demo.PersonKey(3)},
		{name: "batch", method: http.MethodPost, path: "/v1/datasets/dopa.person/records:batch",
			body: batch(demo.PersonKey(1), demo.PersonKey(2), "12345", demo.PersonKey(3), demo.PersonKey(4))},
		{name: "batch of no keys", method: http.MethodPost, path: "/v1/datasets/dopa.person/records:batch", body: `{"keys":[]}`},
	}
	var all strings.Builder
	h := answerRoutes(t)
	for _, c := range calls {
		_, got := c.do(t, h)
		all.WriteString(got)
	}
	goldentest.Check(t, "answers.golden", all.String())
}
