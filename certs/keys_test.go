package certs

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

func TestNewAgencyKey(t *testing.T) {
	priv, err := NewSigningKey("ES256", "k1")
	if err != nil {
		t.Fatal(err)
	}
	pub := PublicJWK(priv)
	rsaPriv, _ := NewSigningKey("PS256", "k2")
	withAlg := func(k jose.JSONWebKey, alg string) jose.JSONWebKey { k.Algorithm = alg; return k }
	noKid := pub
	noKid.KeyID = ""
	tests := []struct {
		name    string
		agency  string
		jwk     jose.JSONWebKey
		wantErr bool
	}{
		{"public ES256", "DLA", pub, false},
		{"public PS256", "DLA", PublicJWK(rsaPriv), false},
		{"private key refused", "DLA", priv, true},
		{"HS256 claimed", "DLA", withAlg(pub, "HS256"), true},
		{"RS256 claimed", "DLA", withAlg(PublicJWK(rsaPriv), "RS256"), true},
		{"alg does not fit key", "DLA", withAlg(pub, "EdDSA"), true},
		{"no kid", "DLA", noKid, true},
		{"bad agency", "dla", pub, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewAgencyKey(tt.agency, tt.jwk, time.Now())
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
		})
	}
}

// memKeys is an in-memory KeyStore for the ring's unit test; the SQL
// store runs the conformance suite.
type memKeys struct{ keys []AgencyKey }

func (m *memKeys) AddKey(_ context.Context, k AgencyKey) error {
	m.keys = append(m.keys, k)
	return nil
}
func (m *memKeys) RetireKey(context.Context, string, string, time.Time) error { return nil }
func (m *memKeys) RevokeKey(_ context.Context, agency, kid string, at time.Time) error {
	for i := range m.keys {
		if m.keys[i].Agency == agency && m.keys[i].KeyID == kid {
			m.keys[i].RevokedAt = &at
		}
	}
	return nil
}
func (m *memKeys) ListKeys(context.Context, string) ([]AgencyKey, error) {
	b, _ := json.Marshal(m.keys) // copy, as a database would
	var out []AgencyKey
	return out, json.Unmarshal(b, &out)
}

func TestKeyRing(t *testing.T) {
	ctx := context.Background()
	priv, _ := NewSigningKey("ES256", "k1")
	k, _ := NewAgencyKey("DLA", PublicJWK(priv), time.Now())
	store := &memKeys{}
	store.AddKey(ctx, k)
	ring := NewKeyRing(store, 0, nil)
	if _, err := ring.AgencyKey(ctx, "DLA", "k1"); !errors.Is(err, ErrStale) {
		t.Fatalf("before the first load = %v, want ErrStale", err)
	}
	if err := ring.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := ring.AgencyKey(ctx, "DLA", "k1"); err != nil || got.KeyID != "k1" {
		t.Fatalf("AgencyKey = %v, %v", got.KeyID, err)
	}
	if _, err := ring.AgencyKey(ctx, "RD", "k1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another agency's kid = %v, want ErrNotFound", err)
	}
	store.RevokeKey(ctx, "DLA", "k1", time.Now())
	ring.Refresh(ctx)
	if _, err := ring.AgencyKey(ctx, "DLA", "k1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("revoked key = %v, want ErrNotFound", err)
	}
}
