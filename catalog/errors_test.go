package catalog_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

type dbDown struct{}

func (dbDown) Error() string     { return "connection refused" }
func (dbDown) Unavailable() bool { return true }

func TestErrorData(t *testing.T) {
	limited := catalog.Errorf(catalog.KindRateLimited, "slow down").WithReason("rate_limited").WithRetryAfter(3 * time.Second)
	owners := catalog.Errorf(catalog.KindTimeout, "the registry did not answer").WithReason("upstream_timeout").Wrap(errors.New("i/o timeout"))
	tests := []struct {
		name    string
		err     error
		kind    catalog.Kind
		message string
		reason  string
		retry   time.Duration
		source  catalog.Source
	}{
		{"nil", nil, "", "internal error", "", 0, catalog.SourceExchange},
		{"plain error", errors.New("boom"), catalog.KindInternal, "internal error", "", 0, catalog.SourceExchange},
		{"retry-after through a wrap", fmt.Errorf("take: %w", limited), catalog.KindRateLimited, "slow down", "rate_limited", 3 * time.Second, catalog.SourceExchange},
		{"owner's *Error", catalog.FromOwner(owners), catalog.KindTimeout, "the registry did not answer", "upstream_timeout", 0, catalog.SourceOwner},
		{"owner's wrapped *Error", catalog.FromOwner(fmt.Errorf("fetch: %w", owners)), catalog.KindTimeout, "the registry did not answer", "upstream_timeout", 0, catalog.SourceOwner},
		{"owner's plain error", catalog.FromOwner(errors.New("reset 10.0.0.7")), catalog.KindInternal, "internal error", "", 0, catalog.SourceOwner},
		{"owner's storage error", catalog.FromOwner(dbDown{}), catalog.KindUnavailable, "the exchange's database is unavailable; retry in a few seconds", "database_unavailable", 0, catalog.SourceOwner},
		{"owner's rate limit keeps its wait", catalog.FromOwner(fmt.Errorf("x: %w", limited)), catalog.KindRateLimited, "slow down", "rate_limited", 3 * time.Second, catalog.SourceOwner},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := catalog.ErrorKind(tt.err); got != tt.kind {
				t.Errorf("kind %q, want %q", got, tt.kind)
			}
			if tt.err != nil && catalog.ErrorMessage(tt.err) != tt.message {
				t.Errorf("message %q, want %q", catalog.ErrorMessage(tt.err), tt.message)
			}
			if got := catalog.ErrorReason(tt.err); got != tt.reason {
				t.Errorf("reason %q, want %q", got, tt.reason)
			}
			if got := catalog.ErrorRetryAfter(tt.err); got != tt.retry {
				t.Errorf("retry-after %v, want %v", got, tt.retry)
			}
			if got := catalog.ErrorSource(tt.err); got != tt.source {
				t.Errorf("source %q, want %q", got, tt.source)
			}
		})
	}
}

func TestFromOwnerKeepsTheCauseAndTheOriginal(t *testing.T) {
	cause := errors.New("i/o timeout")
	orig := catalog.Errorf(catalog.KindTimeout, "late").Wrap(cause)
	marked := catalog.FromOwner(orig)
	if !errors.Is(marked, cause) || marked.Error() != orig.Error() {
		t.Errorf("marked = %v, want the text %q and the cause kept", marked, orig.Error())
	}
	if catalog.ErrorSource(orig) != catalog.SourceExchange {
		t.Error("FromOwner changed the error it was given")
	}
	if catalog.FromOwner(nil) != nil {
		t.Error("FromOwner(nil) is not nil")
	}
}
