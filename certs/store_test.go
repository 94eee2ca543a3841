package certs_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/certs/certstest"
)

// memStore is an in-memory certs.Store for tests only; real backends live in
// certs subpackages.
type memStore struct {
	mu     sync.Mutex
	issued map[string]certs.Issued
}

// RecordIssued stores c unless its serial is taken.
func (m *memStore) RecordIssued(_ context.Context, c certs.Issued) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.issued[c.Serial]; ok {
		return fmt.Errorf("record certificate %s: %w", c.Serial, certs.ErrExists)
	}
	c.RevokedAt, c.RevocationReason = nil, ""
	m.issued[c.Serial] = c
	return nil
}

// ListIssued returns all records ordered by NotBefore, then Serial.
func (m *memStore) ListIssued(context.Context) ([]certs.Issued, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]certs.Issued, 0, len(m.issued))
	for _, c := range m.issued {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b certs.Issued) int {
		return cmp.Or(a.NotBefore.Compare(b.NotBefore), cmp.Compare(a.Serial, b.Serial))
	})
	return out, nil
}

// Revoke marks a known, unrevoked serial revoked.
func (m *memStore) Revoke(_ context.Context, serial, reason string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.issued[serial]
	switch {
	case !ok:
		return fmt.Errorf("revoke certificate %s: %w", serial, certs.ErrNotFound)
	case c.RevokedAt != nil:
		return fmt.Errorf("revoke certificate %s: %w already", serial, certs.ErrRevoked)
	}
	c.RevokedAt, c.RevocationReason = &at, reason
	m.issued[serial] = c
	return nil
}

// RevokedSerials lists the revoked serials.
func (m *memStore) RevokedSerials(context.Context) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for s, c := range m.issued {
		if c.RevokedAt != nil {
			out = append(out, s)
		}
	}
	return out, nil
}

func TestMemStoreConformance(t *testing.T) {
	certstest.Run(t, func(testing.TB) certs.Store {
		return &memStore{issued: map[string]certs.Issued{}}
	})
}

func TestStoreFeedsChecker(t *testing.T) {
	ctx := context.Background()
	ca, err := certs.Init(t.TempDir(), certs.InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	store := &memStore{issued: map[string]certs.Issued{}}
	cred, err := ca.IssueAgency("DBD", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.RecordIssued(ctx, cred.Issued); err != nil {
		t.Fatal(err)
	}
	if err := store.Revoke(ctx, cred.Issued.Serial, "left the exchange", time.Now()); err != nil {
		t.Fatal(err)
	}
	checker := certs.NewRevocationChecker(store, 0, nil)
	if err := checker.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if !checker.IsRevoked(cred.Issued.Serial) {
		t.Errorf("serial %s revoked in the store but not in the checker", cred.Issued.Serial)
	}
}
