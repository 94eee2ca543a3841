package gateway

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
)

func TestFailureLimiterSummarisesFloods(t *testing.T) {
	l := newFailureLimiter()
	now := time.Now()
	allowed := 0
	for range 100 {
		if l.allow("10.0.0.9:4242", "token_missing", now) {
			allowed++
		}
	}
	if allowed != failureBurst {
		t.Fatalf("%d of a flood audited one by one, want the burst of %d", allowed, failureBurst)
	}
	if !l.allow("10.0.0.10:1", "token_missing", now) {
		t.Fatal("another address was limited by the first one's flood")
	}
	if got := l.drain(now)[[2]string{"10.0.0.9", "token_missing"}]; got != 100-failureBurst {
		t.Fatalf("summary counts %d, want %d", got, 100-failureBurst)
	}
	if !l.allow("10.0.0.9:4243", "token_missing", now.Add(time.Second)) {
		t.Fatal("the bucket did not refill")
	}
}

func TestFailureSummaryEvent(t *testing.T) {
	var got []audit.Event
	s := &apiServer{failures: newFailureLimiter(), log: slog.New(slog.DiscardHandler),
		deps: Deps{Audit: appendFunc(func(_ context.Context, e audit.Event) (audit.Event, error) {
			if err := e.Validate(); err != nil {
				t.Errorf("summary event is invalid: %v", err)
			}
			got = append(got, e)
			return e, nil
		})}}
	now := time.Now()
	for range failureBurst + 9 {
		s.failures.allow("203.0.113.9:5000", "token_missing", now)
	}
	s.flushFailures(now)
	if len(got) != 1 {
		t.Fatalf("%d summary events, want 1", len(got))
	}
	e := got[0]
	if e.Kind != audit.KindAuthFailure || e.Decision != audit.DecisionDeny || e.ClientAddr != "203.0.113.9" ||
		e.Check != "token_missing" || e.Count != 9 || e.Occurrences() != 9 {
		t.Errorf("summary = %+v, want an auth failure of token_missing from 203.0.113.9 with Count 9", e)
	}
	for _, r := range e.Reasons {
		if strings.HasPrefix(r, "count:") {
			t.Errorf("summary reasons %q still carry the count", e.Reasons)
		}
	}
	s.flushFailures(now)
	if len(got) != 1 {
		t.Errorf("a second flush with nothing suppressed wrote %d more events", len(got)-1)
	}
}

// appendFunc is an AuditLog that calls the function.
type appendFunc func(context.Context, audit.Event) (audit.Event, error)

func (f appendFunc) Append(ctx context.Context, e audit.Event) (audit.Event, error) { return f(ctx, e) }
