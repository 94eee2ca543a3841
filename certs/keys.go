package certs

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"fmt"
	"log/slog"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// DefaultKeyGrace is how long a rotated-out signing key keeps verifying, so
// that tokens signed just before a rotation still pass.
const DefaultKeyGrace = 24 * time.Hour

// AgencyKey is the public half of an agency's request-signing key as the
// exchange registered it. An agency may hold several at once, told apart by
// kid, so that keys can rotate without downtime.
type AgencyKey struct {
	Agency    string
	KeyID     string
	Algorithm string
	// Public is the public JWK; private material is refused at
	// registration and never stored.
	Public  jose.JSONWebKey
	AddedAt time.Time
	// RetireAt ends the key's use after a rotation's grace; nil while the
	// key is current.
	RetireAt *time.Time
	// RevokedAt ends the key's use at once; nil unless revoked.
	RevokedAt *time.Time
}

// UsableAt reports whether the key verifies tokens at t.
func (k AgencyKey) UsableAt(t time.Time) bool {
	return k.RevokedAt == nil && (k.RetireAt == nil || t.Before(*k.RetireAt))
}

// NewAgencyKey checks a public JWK offered for registration and returns the
// record to store: it must be a public signing key of an allowed algorithm
// (SigningAlgs) with a kid, fit its algorithm and be strong enough.
func NewAgencyKey(agency string, jwk jose.JSONWebKey, now time.Time) (AgencyKey, error) {
	if err := ValidateAgencyCode(agency); err != nil {
		return AgencyKey{}, err
	}
	if !jwk.IsPublic() {
		return AgencyKey{}, fmt.Errorf("agency key: %w: the JWK holds private material; register only the public half", ErrInvalid)
	}
	if jwk.KeyID == "" || len(jwk.KeyID) > 128 {
		return AgencyKey{}, fmt.Errorf("agency key: %w: kid must be 1-128 characters", ErrInvalid)
	}
	if err := checkJWK(jwk, "agency key"); err != nil {
		return AgencyKey{}, err
	}
	return AgencyKey{Agency: agency, KeyID: jwk.KeyID, Algorithm: jwk.Algorithm, Public: jwk, AddedAt: now.UTC()}, nil
}

// KeyStore keeps agencies' registered public signing keys.
type KeyStore interface {
	// AddKey registers a key. Errors: ErrExists if the agency has the kid.
	AddKey(ctx context.Context, k AgencyKey) error
	// RetireKey ends the key's use at the given time. Errors: ErrNotFound.
	RetireKey(ctx context.Context, agency, kid string, at time.Time) error
	// RevokeKey ends the key's use at once. Errors: ErrNotFound,
	// ErrRevoked if it already is.
	RevokeKey(ctx context.Context, agency, kid string, at time.Time) error
	// ListKeys returns the agency's keys, or every key for "", ordered by
	// agency then time added.
	ListKeys(ctx context.Context, agency string) ([]AgencyKey, error)
}

// KeyRing serves the registered keys to the request verifier from an
// in-memory copy reloaded every couple of seconds and, with Follow, on
// every announced change, so a registration, rotation or revocation takes
// effect on every replica without a restart: within the refresh interval
// alone, within a second when following a feed. Like the revocation list
// it fails closed when stale.
type KeyRing struct {
	snap *snapshot[map[string]AgencyKey]
}

// NewKeyRing returns a ring reading from store; refresh ≤ 0 means
// DefaultRevocationRefresh. Call Start or Refresh before use.
func NewKeyRing(store KeyStore, refresh time.Duration, logger *slog.Logger) *KeyRing {
	load := func(ctx context.Context) (map[string]AgencyKey, error) {
		keys, err := store.ListKeys(ctx, "")
		if err != nil {
			return nil, err
		}
		m := make(map[string]AgencyKey, len(keys))
		for _, k := range keys {
			m[k.Agency+"\x00"+k.KeyID] = k
		}
		return m, nil
	}
	return &KeyRing{snap: newSnapshot("agency key ring", load, refresh, logger)}
}

// Start reloads in the background until ctx ends.
func (r *KeyRing) Start(ctx context.Context) { r.snap.start(ctx) }

// Follow reloads the ring whenever ch announces a change of one of
// tables (the certs store's agency key table): before the write returns
// in the process that made it, and within the feed's delivery time on
// every other replica. Call it before Start.
func (r *KeyRing) Follow(ch Changes, tables ...string) { r.snap.follow(ch, tables) }

// Refresh reloads now.
func (r *KeyRing) Refresh(ctx context.Context) error { return r.snap.reload(ctx) }

// AgencyKey returns the agency's key with the kid if it is usable now.
// Errors: ErrNotFound (unknown, retired or revoked), ErrStale.
func (r *KeyRing) AgencyKey(_ context.Context, agency, kid string) (jose.JSONWebKey, error) {
	if err := r.snap.fresh(); err != nil {
		return jose.JSONWebKey{}, err
	}
	k, ok := r.snap.get().value[agency+"\x00"+kid]
	if !ok || !k.UsableAt(r.snap.now()) {
		return jose.JSONWebKey{}, fmt.Errorf("agency %s key %q: %w", agency, kid, ErrNotFound)
	}
	return k.Public, nil
}

// checkJWK accepts a public signing key whose type fits its alg.
func checkJWK(jwk jose.JSONWebKey, what string) error {
	if jwk.Key == nil || !jwk.Valid() {
		return fmt.Errorf("%s: %w: empty or malformed JWK", what, ErrInvalid)
	}
	if jwk.Use != "" && jwk.Use != signingUse {
		return fmt.Errorf("%s: use %q: %w: want %q", what, jwk.Use, ErrInvalid, signingUse)
	}
	if !publicKeyFitsAlg(jwk.Key, jwk.Algorithm) {
		return fmt.Errorf("%s: alg %q: %w: unsupported, too weak, or does not fit the %T key; want one of %q",
			what, jwk.Algorithm, ErrInvalid, jwk.Key, SigningAlgs)
	}
	return nil
}

// publicKeyFitsAlg reports whether key is a public key of the kind alg
// verifies with, at the strength the exchange requires.
func publicKeyFitsAlg(key any, alg string) bool {
	switch jose.SignatureAlgorithm(alg) {
	case jose.ES256:
		k, ok := key.(*ecdsa.PublicKey)
		return ok && k.Curve == elliptic.P256()
	case jose.EdDSA:
		_, ok := key.(ed25519.PublicKey)
		return ok
	case jose.PS256:
		k, ok := key.(*rsa.PublicKey)
		return ok && k.N.BitLen() >= MinRSABits
	}
	return false
}
