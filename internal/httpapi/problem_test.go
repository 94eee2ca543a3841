package httpapi_test

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/goldentest"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// decided is an error carrying a policy decision, as the gateway's denial
// does.
type decided struct{ err error }

func (d decided) Error() string { return d.err.Error() }
func (d decided) Unwrap() error { return d.err }
func (d decided) DecisionInfo() ([]string, string, string) {
	return []string{"ial_too_low", "field_not_granted:religion"}, "dec-1", "v7"
}

// failures holds one error of every kind, and every way an error changes
// the answer: its source, a retry-after, a decision, a hidden cause.
func failures() []struct {
	name string
	err  error
} {
	return []struct {
		name string
		err  error
	}{
		{"invalid", catalog.Errorf(catalog.KindInvalid, "dataset %s has no field %q", "dopa.person", "x<y>&z").WithReason("unknown_field")},
		{"not found", catalog.Errorf(catalog.KindNotFound, "no dataset \"nope\" in the catalog").WithReason("dataset_unknown")},
		{"conflict", catalog.Errorf(catalog.KindConflict, "grant g-1 is active now").WithReason("grant_status_changed")},
		{"unauthenticated", catalog.Errorf(catalog.KindUnauthenticated, "request token refused: expired").WithReason("token_expired")},
		{"unauthenticated without reason", catalog.Errorf(catalog.KindUnauthenticated, "log in first")},
		{"forbidden", catalog.Errorf(catalog.KindForbidden, "top secret data is never exchanged").WithReason("top_secret")},
		{"denied by policy", decided{catalog.Errorf(catalog.KindForbidden, "the policy does not allow this lookup; see reasons").WithReason("ial_too_low")}},
		{"rate limited", catalog.Errorf(catalog.KindRateLimited, "rate limit reached").WithReason("rate_limited").WithRetryAfter(2400 * time.Millisecond)},
		{"rate limited without retry-after", catalog.Errorf(catalog.KindRateLimited, "a batch is larger than the burst").WithReason("batch_over_burst")},
		{"too large", catalog.Errorf(catalog.KindTooLarge, "the body exceeds 1024 bytes").WithReason("body_too_large")},
		{"unavailable", catalog.Errorf(catalog.KindUnavailable, "the audit trail cannot be written").WithReason("audit_unavailable").Wrap(errors.New("disk full"))},
		{"unavailable storage", fmt.Errorf("list grants: %w", storageDown{})},
		{"owner unreachable", catalog.FromOwner(catalog.Errorf(catalog.KindUpstream, "the civil registry could not be reached").WithReason("upstream_unreachable"))},
		{"owner timeout", catalog.FromOwner(catalog.Errorf(catalog.KindTimeout, "the civil registry did not answer in time").WithReason("upstream_timeout"))},
		{"owner not found", catalog.FromOwner(catalog.Errorf(catalog.KindNotFound, "the civil registry has no such record").WithReason("record_not_found"))},
		{"owner plain error", catalog.FromOwner(errors.New("connection reset by peer 10.0.0.7"))},
		{"internal", catalog.Errorf(catalog.KindInternal, "secret cause").Wrap(errors.New("pq: password=hunter2"))},
		{"plain error", errors.New("nil map write at 0xc000")},
	}
}

type storageDown struct{}

func (storageDown) Error() string     { return "dial tcp: connection refused" }
func (storageDown) Unavailable() bool { return true }

// answer serves err through the problem writer and returns what the
// caller sees: status, the headers errors set, and the body.
func answer(t *testing.T, h func(*gin.Context) error) string {
	t.Helper()
	e := httpapi.NewEngine(slog.New(slog.NewTextHandler(io.Discard, nil)), 1<<10)
	e.GET("/x", httpapi.Handler(slog.New(slog.NewTextHandler(io.Discard, nil)), h))
	req := httptest.NewRequest(http.MethodGet, "/x", nil)
	req.Header.Set(httpapi.HeaderRequestID, "req-1")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	var b strings.Builder
	fmt.Fprintf(&b, "%d\n", rec.Code)
	var names []string
	for name := range rec.Header() {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(&b, "%s: %s\n", name, rec.Header().Get(name))
	}
	b.WriteString(rec.Body.String())
	return b.String()
}

// TestProblemBodies pins the problem+json answer to every kind of error:
// status, headers and body, byte for byte.
func TestProblemBodies(t *testing.T) {
	var all strings.Builder
	for _, tt := range failures() {
		fmt.Fprintf(&all, "=== %s\n%s", tt.name, answer(t, func(*gin.Context) error { return tt.err }))
	}
	goldentest.Check(t, "problems.golden", all.String())
	for _, leak := range []string{"hunter2", "0xc000", "10.0.0.7", "secret cause", "connection refused"} {
		if strings.Contains(all.String(), leak) {
			t.Errorf("a cause leaked into an answer: %q", leak)
		}
	}
}
