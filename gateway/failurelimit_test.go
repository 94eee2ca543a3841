package gateway

import (
	"testing"
	"time"
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
