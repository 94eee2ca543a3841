package certstest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/certs"
)

// RunKeys checks the certs.KeyStore contract against stores made by open,
// which must return a new, empty store for each call.
func RunKeys(t *testing.T, open func(tb testing.TB) certs.KeyStore) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	key := func(t *testing.T, agency, kid, alg string) certs.AgencyKey {
		t.Helper()
		priv, err := certs.NewSigningKey(alg, kid)
		if err != nil {
			t.Fatal(err)
		}
		k, err := certs.NewAgencyKey(agency, certs.PublicJWK(priv), now)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	t.Run("AddListRoundTrip", func(t *testing.T) {
		s := open(t)
		for _, k := range []certs.AgencyKey{key(t, "DLA", "dla-1", "ES256"), key(t, "DLA", "dla-2", "EdDSA"), key(t, "RD", "rd-1", "PS256")} {
			if err := s.AddKey(ctx, k); err != nil {
				t.Fatal(err)
			}
		}
		dla, err := s.ListKeys(ctx, "DLA")
		if err != nil || len(dla) != 2 || dla[0].Algorithm != "ES256" || !dla[0].Public.IsPublic() || !dla[0].AddedAt.Equal(now) {
			t.Fatalf("ListKeys(DLA) = %+v, %v", dla, err)
		}
		all, err := s.ListKeys(ctx, "")
		if err != nil || len(all) != 3 || all[2].Agency != "RD" {
			t.Fatalf("ListKeys() = %d keys, %v", len(all), err)
		}
	})
	t.Run("DuplicateKid", func(t *testing.T) {
		s := open(t)
		k := key(t, "DLA", "dla-1", "ES256")
		if err := s.AddKey(ctx, k); err != nil {
			t.Fatal(err)
		}
		if err := s.AddKey(ctx, k); !errors.Is(err, certs.ErrExists) {
			t.Fatalf("second AddKey = %v, want ErrExists", err)
		}
	})
	t.Run("RetireAndRevoke", func(t *testing.T) {
		s := open(t)
		if err := s.AddKey(ctx, key(t, "DLA", "dla-1", "ES256")); err != nil {
			t.Fatal(err)
		}
		if err := s.RetireKey(ctx, "DLA", "nope", now); !errors.Is(err, certs.ErrNotFound) {
			t.Fatalf("RetireKey unknown = %v", err)
		}
		if err := s.RetireKey(ctx, "DLA", "dla-1", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeKey(ctx, "DLA", "dla-1", now); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeKey(ctx, "DLA", "dla-1", now); !errors.Is(err, certs.ErrRevoked) {
			t.Fatalf("second RevokeKey = %v, want ErrRevoked", err)
		}
		if err := s.RevokeKey(ctx, "RD", "dla-1", now); !errors.Is(err, certs.ErrNotFound) {
			t.Fatalf("RevokeKey of another agency = %v, want ErrNotFound", err)
		}
		keys, _ := s.ListKeys(ctx, "DLA")
		if len(keys) != 1 || keys[0].RetireAt == nil || keys[0].RevokedAt == nil || keys[0].UsableAt(now.Add(-time.Minute)) {
			t.Fatalf("after retire and revoke: %+v", keys)
		}
	})
}
