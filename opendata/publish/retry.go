package publish

import (
	"context"
	"math/rand/v2"
	"time"
)

// Retry is a bounded exponential backoff with full jitter: before attempt
// n+1 the client sleeps a random time in [0, min(Max, Base·2ⁿ)). Only 5xx
// answers and network errors are retried; a 4xx is CKAN's final word.
type Retry struct {
	// Attempts is the most tries per call, the first included
	// (default 4; 1 disables retries).
	Attempts int
	// Base is the first backoff ceiling (default 250 ms).
	Base time.Duration
	// Max caps every backoff (default 5 s).
	Max time.Duration
	// Sleep waits d or until ctx ends (default a timer); tests replace
	// it to run without waiting.
	Sleep func(ctx context.Context, d time.Duration) error
}

func (r Retry) withDefaults() Retry {
	r.Attempts = orDefault(r.Attempts, 4)
	r.Base = orDefault(r.Base, 250*time.Millisecond)
	r.Max = orDefault(r.Max, 5*time.Second)
	if r.Sleep == nil {
		r.Sleep = sleep
	}
	return r
}

// do runs f until it succeeds, fails for good, or the attempts run out;
// it returns f's last error without the retryable mark.
func (r Retry) do(ctx context.Context, f func() error) error {
	var err error
	for n := 0; n < r.Attempts; n++ {
		if n > 0 {
			if serr := r.Sleep(ctx, r.backoff(n-1)); serr != nil {
				return unmark(err)
			}
		}
		err = f()
		if err == nil || !isRetryable(err) || ctx.Err() != nil {
			return unmark(err)
		}
	}
	return unmark(err)
}

func (r Retry) backoff(n int) time.Duration {
	ceiling := r.Max
	if n < 30 && r.Base<<n < r.Max {
		ceiling = r.Base << n
	}
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retryableError marks an attempt's failure as worth retrying.
type retryableError struct{ err error }

func (e *retryableError) Error() string { return e.err.Error() }
func (e *retryableError) Unwrap() error { return e.err }

func retryable(err error) error {
	if err == nil {
		return nil
	}
	return &retryableError{err}
}

func unmark(err error) error {
	if r, ok := err.(*retryableError); ok {
		return r.err
	}
	return err
}
