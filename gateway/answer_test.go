package gateway

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/connectors"
	"github.com/gdx-exchange/gdx/gateway/authn"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/policies"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// The agency API's answers are pinned byte for byte in testdata/: a
// single lookup, a batch, and refusals, served by the real handlers,
// pipeline and demo policy. Authentication is replaced by a middleware
// that sets its result, and the owner by a function.

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
	e.ID = "ev-1"
	return e, nil
}

type answerHasher struct{}

func (answerHasher) HashKey(kind, _ string) string { return "hash-of-" + kind }

type answerLimiter struct{}

func (answerLimiter) Take(context.Context, string, catalog.RateLimit, int, time.Time) (time.Duration, error) {
	return 0, nil
}

// answerEngine serves the lookup routes as agency code (header
// X-Test-Agency, DLA by default) with purpose licensing.
func answerEngine(t *testing.T) *gin.Engine {
	t.Helper()
	decider := policies.NewEngine()
	if _, err := decider.Load(context.Background(), "test", policies.DemoSet()); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	p := &Pipeline{Catalog: answerCatalog{}, Decider: decider, Fetcher: answerOwner{}, Audit: answerAudit{},
		Hasher: answerHasher{}, Limiter: answerLimiter{}, UpstreamTimeout: time.Second,
		Now: func() time.Time { return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) }}
	s := &apiServer{deps: Deps{Pipeline: p}, log: log}
	e := httpapi.NewEngine(log, 1<<20)
	e.Use(func(c *gin.Context) {
		code := c.GetHeader("X-Test-Agency")
		if code == "" {
			code = "DLA"
		}
		for _, a := range demo.Agencies() {
			if a.Code == code {
				c.Set(ctxAgency+".record", a)
			}
		}
		c.Set(ctxCaller, authn.Caller{Agency: code, Officer: "o-1", IAL: "2.3", AAL: "2",
			Purpose: catalog.Purpose{Code: "licensing", Basis: catalog.BasisPublicTask}})
	})
	e.GET("/v1/datasets/:dataset/records/:key", httpapi.Handler(log, s.handleLookup))
	e.POST("/v1/datasets/:dataset/:action", httpapi.Handler(log, s.handleDatasetAction))
	return e
}

var decisionID = regexp.MustCompile(`"decision_id":"[^"]+"`)

func TestAnswersAreStable(t *testing.T) {
	batch := func(keys ...string) string {
		return fmt.Sprintf(`{"keys":["%s"],"fields":["citizen_id","first_name_th","religion"]}`, strings.Join(keys, `","`))
	}
	tests := []struct {
		name, agency, method, path, body string
	}{
		{"lookup", "", http.MethodGet, "/v1/datasets/dopa.person/records/" + demo.PersonKey(1), ""},
		{"lookup of some fields", "", http.MethodGet, "/v1/datasets/dopa.person/records/" + demo.PersonKey(1) + "?fields=first_name_th,religion", ""},
		{"lookup with masks", "", http.MethodGet, "/v1/datasets/dopa.house/records/" + demo.HouseKey(1), ""},
		{"lookup denied", "NOGRANT", http.MethodGet, "/v1/datasets/dopa.person/records/" + demo.PersonKey(1), ""},
		{"lookup of a malformed key", "", http.MethodGet, "/v1/datasets/dopa.person/records/12345", ""},
		{"lookup of a missing record", "", http.MethodGet, "/v1/datasets/dopa.person/records/" + demo.PersonKey(3), ""},
		{"batch", "", http.MethodPost, "/v1/datasets/dopa.person/records:batch",
			batch(demo.PersonKey(1), demo.PersonKey(2), "12345", demo.PersonKey(3), demo.PersonKey(4))},
		{"batch of no keys", "", http.MethodPost, "/v1/datasets/dopa.person/records:batch", `{"keys":[]}`},
	}
	var all strings.Builder
	e := answerEngine(t)
	for _, tt := range tests {
		req := httptest.NewRequest(tt.method, tt.path, bytes.NewBufferString(tt.body))
		req.Header.Set(httpapi.HeaderRequestID, "req-1")
		if tt.agency != "" {
			req.Header.Set("X-Test-Agency", tt.agency)
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		body := decisionID.ReplaceAllString(rec.Body.String(), `"decision_id":"<decision>"`)
		fmt.Fprintf(&all, "=== %s\n%s %s\n%d %s (error source %q)\n%s\n", tt.name, tt.method, tt.path, rec.Code, rec.Header().Get("Content-Type"),
			rec.Header().Get(httpapi.HeaderErrorSource), strings.TrimSpace(body))
	}
	golden(t, "answers.golden", all.String())
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from what is answered now (go test -update rewrites it after review):\n--- got\n%s", path, got)
	}
}
