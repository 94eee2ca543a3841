package certs

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// memSource is a RevocationSource whose list and failure tests can change.
type memSource struct {
	mu      sync.Mutex
	serials []string
	err     error
}

// RevokedSerials returns the current list or the configured error.
func (m *memSource) RevokedSerials(context.Context) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.serials...), m.err
}

// set replaces the list and the error.
func (m *memSource) set(err error, serials ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.serials, m.err = serials, err
}

// fakeClock is a settable clock for staleness tests.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestRevocationChecker(t *testing.T) {
	a, _ := newTestCA(t)
	good := parseCred(t, mustIssueAgency(t, a, "DLA"))
	revoked := parseCred(t, mustIssueAgency(t, a, "RD"))
	src := &memSource{}
	src.set(nil, strings.ToUpper(Serial(revoked)))
	clock := &fakeClock{t: time.Now()}
	tests := []struct {
		name    string
		prepare func(t testing.TB, c *RevocationChecker)
		cert    *x509.Certificate
		want    error
	}{
		{"never loaded", func(testing.TB, *RevocationChecker) {}, good, ErrStale},
		{"good", refresh, good, nil},
		{"revoked", refresh, revoked, ErrRevoked},
		{"fresh at 29s", func(t testing.TB, c *RevocationChecker) { refresh(t, c); clock.t = clock.t.Add(29 * time.Second) }, good, nil},
		{"stale at 31s", func(t testing.TB, c *RevocationChecker) { refresh(t, c); clock.t = clock.t.Add(31 * time.Second) }, good, ErrStale},
		{"failed refresh keeps list", func(t testing.TB, c *RevocationChecker) {
			refresh(t, c)
			src.set(errors.New("db down"))
			if err := c.Refresh(context.Background()); err == nil {
				t.Fatal("Refresh with a failing source succeeded")
			}
			src.set(nil, Serial(revoked))
		}, revoked, ErrRevoked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock.t = time.Now()
			c := NewRevocationChecker(src, 0, nil)
			c.snap.now = clock.now
			tt.prepare(t, c)
			err := c.VerifyConnection(tls.ConnectionState{PeerCertificates: []*x509.Certificate{tt.cert}})
			if !errors.Is(err, tt.want) {
				t.Errorf("VerifyConnection = %v, want %v", err, tt.want)
			}
		})
	}
}

// refresh loads the list once or fails the test.
func refresh(tb testing.TB, c *RevocationChecker) {
	tb.Helper()
	if err := c.Refresh(context.Background()); err != nil {
		tb.Fatalf("Refresh: %v", err)
	}
}

func TestRevocationCheckerEdges(t *testing.T) {
	var nilChecker *RevocationChecker
	if err := nilChecker.Fresh(); !errors.Is(err, ErrStale) {
		t.Errorf("nil checker Fresh = %v, want ErrStale", err)
	}
	c := NewRevocationChecker(&memSource{}, 0, nil)
	if c.IsRevoked("ab") {
		t.Errorf("IsRevoked before any load = true")
	}
	if err := c.VerifyConnection(tls.ConnectionState{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("VerifyConnection without peer certificate = %v, want ErrInvalid", err)
	}
}

func TestRevocationCheckerStart(t *testing.T) {
	src := &memSource{}
	logs := &syncWriter{}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	c := NewRevocationChecker(src, 5*time.Millisecond, logger)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c.Start(ctx)
	waitFor(t, "first load", func() bool { return c.Fresh() == nil })
	src.set(nil, "abc")
	waitFor(t, "revocation picked up", func() bool { return c.IsRevoked("ABC") })
	src.set(errors.New("db down"))
	time.Sleep(30 * time.Millisecond)
	src.set(nil)
	waitFor(t, "revocation lifted", func() bool { return !c.IsRevoked("abc") })
	cancel()
	out := logs.String()
	if strings.Count(out, "refresh failing") != 1 || !strings.Contains(out, "recovered") {
		t.Errorf("want one failure and one recovery line, got logs:\n%s", out)
	}
}

// syncWriter serialises writes from the refresh goroutine and the test.
type syncWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

// String returns everything written so far.
func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// waitFor polls cond for up to five seconds.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}
