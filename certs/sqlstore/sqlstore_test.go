package sqlstore_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/certs/certstest"
	"github.com/gdx-exchange/gdx/certs/sqlstore"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// openStore returns a store on a fresh, migrated database of the engine.
func openStore(t testing.TB, engine string) *sqlstore.Store {
	t.Helper()
	db := sqldbtest.Open(t, engine)
	if err := sqlstore.Migrate(context.Background(), db); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return sqlstore.New(db)
}

func TestConformance(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		certstest.Run(t, func(tb testing.TB) certs.Store { return openStore(tb, engine) })
	})
}

func TestMigrate(t *testing.T) { sqldbtest.RunSchema(t, sqlstore.Schema) }

// issued is a record with every field set, revocation fields included
// (RecordIssued must ignore those).
func issued(serial string) certs.Issued {
	at := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	return certs.Issued{
		Serial: serial, Kind: certs.KindAgency, Subject: "DLA", Agency: "DLA",
		DNSNames: []string{"dla.example"}, IPs: []string{"10.0.0.1", "::1"},
		NotBefore: at, NotAfter: at.AddDate(1, 0, 0), Thumbprint: "x5t-" + serial,
		RevokedAt: &at, RevocationReason: "ignored",
	}
}

func TestRecordIssued(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := openStore(t, engine)
		tests := []struct {
			name string
			c    certs.Issued
			want error
		}{
			{"new serial is stored", issued("1a2b"), nil},
			{"no SANs is stored", certs.Issued{Serial: "3c", Kind: certs.KindUpstream, Subject: "gw"}, nil},
			{"same serial exists", issued("1a2b"), certs.ErrExists},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if err := s.RecordIssued(ctx, tt.c); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
					t.Fatalf("RecordIssued = %v, want %v", err, tt.want)
				}
			})
		}
		t.Run("revocation fields of a new record are ignored", func(t *testing.T) {
			all, err := s.ListIssued(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range all {
				if c.RevokedAt != nil || c.RevocationReason != "" {
					t.Errorf("serial %s recorded as revoked: %v %q", c.Serial, c.RevokedAt, c.RevocationReason)
				}
			}
		})
	})
}

// TestConcurrentRevoke revokes one certificate from many goroutines: one
// wins, every other one gets ErrRevoked.
func TestConcurrentRevoke(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := openStore(t, engine)
		if err := s.RecordIssued(ctx, issued("ff01")); err != nil {
			t.Fatal(err)
		}
		errs := make([]error, 12)
		var wg sync.WaitGroup
		at := time.Date(2025, 6, 1, 8, 0, 0, 123456789, time.UTC)
		for i := range errs {
			wg.Go(func() { errs[i] = s.Revoke(ctx, "ff01", "key compromise", at) })
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, certs.ErrRevoked):
				t.Errorf("Revoke = %v, want nil or ErrRevoked", err)
			}
		}
		if won != 1 {
			t.Errorf("%d revocations succeeded, want 1", won)
		}
		all, err := s.ListIssued(ctx)
		if err != nil || len(all) != 1 {
			t.Fatalf("ListIssued = %v, %v", all, err)
		}
		if got := all[0].RevokedAt; got == nil || !got.Equal(at.Truncate(time.Microsecond)) {
			t.Errorf("RevokedAt = %v, want %v (to the microsecond)", got, at)
		}
	})
}

func TestKeyStoreConformance(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		certstest.RunKeys(t, func(tb testing.TB) certs.KeyStore { return openStore(tb, engine) })
	})
}
