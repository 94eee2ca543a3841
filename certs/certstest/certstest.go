// Package certstest is the conformance suite every certs.Store backend runs
// unchanged: certstest.Run(t, open). It imports only certs and the standard
// library.
package certstest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/certs"
)

// Run checks the certs.Store contract against stores made by open, which
// must return a new, empty store for each call and clean it up through
// tb.Cleanup.
func Run(t *testing.T, open func(tb testing.TB) certs.Store) {
	t.Helper()
	ca := newAuthority(t)
	tests := []struct {
		name string
		run  func(t *testing.T, s certs.Store, ca *certs.Authority)
	}{
		{"RecordAndList", testRecordAndList},
		{"RecordDuplicate", testRecordDuplicate},
		{"RevokeUnknown", testRevokeUnknown},
		{"RevokeTwice", testRevokeTwice},
		{"RevokedSerials", testRevokedSerials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, open(t), ca) })
	}
}

// newAuthority makes a throwaway CA to issue realistic records.
func newAuthority(tb testing.TB) *certs.Authority {
	tb.Helper()
	ca, err := certs.Init(tb.TempDir(), certs.InitOptions{})
	if err != nil {
		tb.Fatalf("init CA: %v", err)
	}
	return ca
}

// record issues one certificate of each kind and records them all.
func record(tb testing.TB, s certs.Store, ca *certs.Authority) []certs.Issued {
	tb.Helper()
	var out []certs.Issued
	for _, issue := range []func() (*certs.Credential, error){
		func() (*certs.Credential, error) {
			return ca.IssueServer([]string{"gdx.example", "10.0.0.1"}, time.Hour)
		},
		func() (*certs.Credential, error) { return ca.IssueAgency("DLA", time.Hour) },
		func() (*certs.Credential, error) { return ca.IssueUpstream("gateway-1", time.Hour) },
	} {
		c, err := issue()
		if err != nil {
			tb.Fatalf("issue: %v", err)
		}
		if err := s.RecordIssued(context.Background(), c.Issued); err != nil {
			tb.Fatalf("RecordIssued(%s): %v", c.Issued.Serial, err)
		}
		out = append(out, c.Issued)
	}
	return out
}

func testRecordAndList(t *testing.T, s certs.Store, ca *certs.Authority) {
	want := record(t, s, ca)
	got, err := s.ListIssued(context.Background())
	if err != nil {
		t.Fatalf("ListIssued: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("ListIssued returned %d records, want %d", len(got), len(want))
	}
	if !slices.IsSortedFunc(got, compareIssued) {
		t.Errorf("ListIssued not ordered by NotBefore, Serial")
	}
	for _, w := range want {
		i := slices.IndexFunc(got, func(g certs.Issued) bool { return g.Serial == w.Serial })
		if i < 0 {
			t.Errorf("serial %s missing from ListIssued", w.Serial)
			continue
		}
		if diff := diffIssued(got[i], w); diff != "" {
			t.Errorf("serial %s: %s", w.Serial, diff)
		}
	}
}

func testRecordDuplicate(t *testing.T, s certs.Store, ca *certs.Authority) {
	is := record(t, s, ca)[0]
	if err := s.RecordIssued(context.Background(), is); !errors.Is(err, certs.ErrExists) {
		t.Errorf("second RecordIssued(%s) = %v, want ErrExists", is.Serial, err)
	}
}

func testRevokeUnknown(t *testing.T, s certs.Store, _ *certs.Authority) {
	err := s.Revoke(context.Background(), "abc123", "test", time.Now())
	if !errors.Is(err, certs.ErrNotFound) {
		t.Errorf("Revoke(unknown) = %v, want ErrNotFound", err)
	}
}

func testRevokeTwice(t *testing.T, s certs.Store, ca *certs.Authority) {
	ctx := context.Background()
	is := record(t, s, ca)[1]
	at := time.Now().UTC().Truncate(time.Second)
	if err := s.Revoke(ctx, is.Serial, "key compromise", at); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	if err := s.Revoke(ctx, is.Serial, "again", at); !errors.Is(err, certs.ErrRevoked) {
		t.Errorf("second Revoke = %v, want ErrRevoked", err)
	}
	got, err := s.ListIssued(ctx)
	if err != nil {
		t.Fatalf("ListIssued: %v", err)
	}
	i := slices.IndexFunc(got, func(g certs.Issued) bool { return g.Serial == is.Serial })
	switch {
	case i < 0:
		t.Fatalf("serial %s missing after Revoke", is.Serial)
	case got[i].RevokedAt == nil || !got[i].RevokedAt.Equal(at):
		t.Errorf("RevokedAt = %v, want %v", got[i].RevokedAt, at)
	case got[i].RevocationReason != "key compromise":
		t.Errorf("RevocationReason = %q, want %q", got[i].RevocationReason, "key compromise")
	}
}

func testRevokedSerials(t *testing.T, s certs.Store, ca *certs.Authority) {
	ctx := context.Background()
	issued := record(t, s, ca)
	if got, err := s.RevokedSerials(ctx); err != nil || len(got) != 0 {
		t.Fatalf("RevokedSerials before any revocation = %v, %v; want none", got, err)
	}
	for _, is := range issued[:2] {
		if err := s.Revoke(ctx, is.Serial, "test", time.Now()); err != nil {
			t.Fatalf("Revoke(%s): %v", is.Serial, err)
		}
	}
	got, err := s.RevokedSerials(ctx)
	if err != nil {
		t.Fatalf("RevokedSerials: %v", err)
	}
	want := []string{issued[0].Serial, issued[1].Serial}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("RevokedSerials = %v, want %v", got, want)
	}
}
