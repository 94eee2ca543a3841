package httpapi_test

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// textRenderer is a second format, to show the seam: it sees the mapped
// failure and nothing else.
func textRenderer(got *httpapi.Failure) httpapi.Renderer {
	return func(c *gin.Context, f httpapi.Failure) {
		*got = f
		c.String(f.Status, "%s %s %s", f.Kind, f.Reason, f.Message)
	}
}

func TestRendererSeesTheMappedFailure(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	tests := []struct {
		name    string
		handler func(*gin.Context) error
		want    httpapi.Failure
		body    string
		headers map[string]string
	}{
		{"owner's failure with retry-after", func(*gin.Context) error {
			return catalog.FromOwner(catalog.Errorf(catalog.KindUnavailable, "paused").WithReason("upstream_circuit_open").WithRetryAfter(time.Second))
		}, httpapi.Failure{Status: 503, Kind: catalog.KindUnavailable, Source: catalog.SourceOwner, Message: "paused",
			Reason: "upstream_circuit_open", RetryAfter: time.Second, RequestID: "req-1"},
			"unavailable upstream_circuit_open paused", map[string]string{"GDX-Error-Source": "upstream", "Retry-After": "2"}},
		{"internal error hides its cause", func(*gin.Context) error { return errors.New("pq: password=hunter2") },
			httpapi.Failure{Status: 500, Kind: catalog.KindInternal, Source: catalog.SourceExchange,
				Message: "internal error; quote request id req-1 to the exchange operator", RequestID: "req-1"},
			"internal  internal error; quote request id req-1 to the exchange operator", map[string]string{"GDX-Error-Source": "gateway"}},
		{"a panic is answered in the route's format", func(*gin.Context) error { panic("boom") },
			httpapi.Failure{Status: 500, Kind: catalog.KindInternal, Source: catalog.SourceExchange,
				Message: "internal error; quote request id req-1 to the exchange operator", RequestID: "req-1"},
			"internal  internal error; quote request id req-1 to the exchange operator", nil},
		{"401 carries its challenge", func(*gin.Context) error {
			return catalog.Errorf(catalog.KindUnauthenticated, "log in").WithReason("no_session")
		}, httpapi.Failure{Status: 401, Kind: catalog.KindUnauthenticated, Source: catalog.SourceExchange, Message: "log in",
			Reason: "no_session", RequestID: "req-1"}, "unauthenticated no_session log in",
			map[string]string{"WWW-Authenticate": `Bearer realm="gdx", error="invalid_token", error_description="no_session"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got httpapi.Failure
			e := httpapi.NewEngine(log, 1<<10)
			e.GET("/x", httpapi.HandlerFor(log, textRenderer(&got), tt.handler))
			req := httptest.NewRequest(http.MethodGet, "/x", nil)
			req.Header.Set(httpapi.HeaderRequestID, "req-1")
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code != tt.want.Status || rec.Body.String() != tt.body {
				t.Errorf("answer %d %q, want %d %q", rec.Code, rec.Body.String(), tt.want.Status, tt.body)
			}
			if got.Status != tt.want.Status || got.Kind != tt.want.Kind || got.Source != tt.want.Source || got.Message != tt.want.Message ||
				got.Reason != tt.want.Reason || got.RetryAfter != tt.want.RetryAfter || got.RequestID != tt.want.RequestID {
				t.Errorf("failure = %+v\nwant      %+v", got, tt.want)
			}
			for name, want := range tt.headers {
				if v := rec.Header().Get(name); v != want {
					t.Errorf("%s = %q, want %q", name, v, want)
				}
			}
		})
	}
}

func TestStatusOfEveryKind(t *testing.T) {
	kinds := map[catalog.Kind]int{
		catalog.KindInvalid: 400, catalog.KindNotFound: 404, catalog.KindConflict: 409, catalog.KindUnauthenticated: 401,
		catalog.KindForbidden: 403, catalog.KindRateLimited: 429, catalog.KindTooLarge: 413, catalog.KindUnavailable: 503,
		catalog.KindUpstream: 502, catalog.KindTimeout: 504, catalog.KindInternal: 500,
	}
	for kind, want := range kinds {
		if got := httpapi.Status(catalog.Errorf(kind, "x")); got != want {
			t.Errorf("%s: status %d, want %d", kind, got, want)
		}
	}
	if got := httpapi.Status(nil); got != 200 {
		t.Errorf("nil: status %d", got)
	}
}

func TestRetryAfterIsNeverEarly(t *testing.T) {
	for _, tt := range []struct {
		wait time.Duration
		want int
	}{{time.Millisecond, 1}, {400 * time.Millisecond, 1}, {600 * time.Millisecond, 2}, {59 * time.Second, 60}} {
		rec := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(rec)
		httpapi.WriteProblem(c, slog.New(slog.NewTextHandler(io.Discard, nil)),
			catalog.Errorf(catalog.KindRateLimited, "wait").WithRetryAfter(tt.wait))
		if got := rec.Header().Get("Retry-After"); got != strconv.Itoa(tt.want) {
			t.Errorf("wait %v: Retry-After %q, want %d", tt.wait, got, tt.want)
		}
	}
}

// fieldErrors is a format's own error type: invalid input by field.
type fieldErrors struct {
	fields map[string]string
	err    error
}

func (e fieldErrors) Error() string { return "fields: " + e.err.Error() }
func (e fieldErrors) Unwrap() error { return e.err }

func TestRendererReadsItsFormatsDetails(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	render := func(c *gin.Context, f httpapi.Failure) {
		var fe fieldErrors
		if f.As(&fe) && f.Kind == catalog.KindInvalid {
			c.JSON(http.StatusConflict, gin.H{"fields": fe.fields, "message": f.Message})
			return
		}
		c.JSON(f.Status, gin.H{"message": f.Message})
	}
	e := httpapi.NewEngine(log, 1<<10)
	e.GET("/x", httpapi.HandlerFor(log, render, func(*gin.Context) error {
		return fmt.Errorf("decode: %w", fieldErrors{map[string]string{"rows": "Invalid integer"},
			catalog.Errorf(catalog.KindInvalid, "invalid input").WithReason("bad_query")})
	}))
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x", nil))
	if rec.Code != http.StatusConflict || rec.Body.String() != `{"fields":{"rows":"Invalid integer"},"message":"invalid input"}` {
		t.Errorf("answer %d %s", rec.Code, rec.Body.String())
	}
	if (httpapi.Failure{}).As(new(fieldErrors)) {
		t.Error("a Failure without an error found one")
	}
}
