package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// Key is an agency's registered public signing key as the admin API shows
// it. Gateways reload keys every 2 seconds (certs.KeyRing), so every
// change here takes effect on every replica within a second.
type Key struct {
	Agency    string          `json:"agency"`
	KeyID     string          `json:"kid"`
	Algorithm string          `json:"alg"`
	Public    jose.JSONWebKey `json:"jwk"`
	AddedAt   time.Time       `json:"added_at"`
	RetireAt  *time.Time      `json:"retire_at,omitempty"`
	RevokedAt *time.Time      `json:"revoked_at,omitempty"`
	// State is current, retiring, retired or revoked.
	State string `json:"state"`
}

func keyOf(k certs.AgencyKey, now time.Time) Key {
	v := Key{Agency: k.Agency, KeyID: k.KeyID, Algorithm: k.Algorithm, Public: k.Public, AddedAt: k.AddedAt,
		RetireAt: k.RetireAt, RevokedAt: k.RevokedAt, State: "current"}
	switch {
	case k.RevokedAt != nil:
		v.State = "revoked"
	case k.RetireAt != nil && !now.Before(*k.RetireAt):
		v.State = "retired"
	case k.RetireAt != nil:
		v.State = "retiring"
	}
	return v
}

// MaxKeyGrace bounds how long a rotated-out key may keep verifying.
const MaxKeyGrace = 30 * 24 * time.Hour

// privateMembers are the JWK members that carry private or symmetric key
// material (RFC 7518 §6.2.2, §6.3.2, §6.4.1).
var privateMembers = []string{"d", "p", "q", "dp", "dq", "qi", "oth", "k"}

// maxJWK bounds an offered JWK; an RSA-4096 public key takes under 1 KiB.
const maxJWK = 16 << 10

// ParsePublicJWK reads a JWK offered for registration and refuses, with a
// message that says why, any that carries private key material. Errors:
// invalid (reason private_key or bad_jwk, which a repeated member or text
// that is not UTF-8 also gets, since two parsers could read the key two
// ways).
func ParsePublicJWK(raw json.RawMessage) (jose.JSONWebKey, error) {
	var members map[string]json.RawMessage
	if err := httpapi.DecodeJSON(bytes.NewReader(raw), maxJWK, &members); err != nil {
		return jose.JSONWebKey{}, catalog.Errorf(catalog.KindInvalid, "jwk must be one JSON object (RFC 7517): %s", catalog.ErrorMessage(err)).WithReason(ReasonBadJWK)
	}
	for _, m := range privateMembers {
		if _, ok := members[m]; ok {
			return jose.JSONWebKey{}, catalog.Errorf(catalog.KindInvalid,
				"the JWK holds private key material (member %q); register only the PUBLIC half: the private key never leaves the agency and must now be treated as exposed", m).
				WithReason(ReasonPrivateKey)
		}
	}
	var jwk jose.JSONWebKey
	if err := json.Unmarshal(raw, &jwk); err != nil {
		return jose.JSONWebKey{}, catalog.Errorf(catalog.KindInvalid, "jwk is not a usable JWK: %v", err).WithReason(ReasonBadJWK)
	}
	return jwk, nil
}

// ListKeys returns the agency's keys (every agency's for "" and the
// central office). Errors: forbidden.
func (s *Service) ListKeys(ctx context.Context, by Caller, agency string) ([]Key, error) {
	if !by.Steward.sees(agency) {
		return nil, catalog.Errorf(catalog.KindForbidden, "%s of %s may not read the keys of %s", by.Steward.Username,
			by.Steward.Agency, agency).WithReason(ReasonScope)
	}
	ks, err := s.keys.ListKeys(ctx, agency)
	if err != nil {
		return nil, err
	}
	out := make([]Key, len(ks))
	for i, k := range ks {
		out[i] = keyOf(k, s.now())
	}
	return out, nil
}

// AddKey registers a public signing key for the agency. Errors:
// forbidden, invalid (private material, weak or unsupported key, unknown
// agency), conflict (the kid exists).
func (s *Service) AddKey(ctx context.Context, by Caller, agency string, raw json.RawMessage) (Key, error) {
	var k certs.AgencyKey
	err := s.change(ctx, by, ActionKeyAdd, "key/"+agency, jwkSummary(raw), func() (err error) {
		k, err = s.newKey(ctx, by, agency, raw)
		if err != nil {
			return err
		}
		return certsErr(s.keys.AddKey(ctx, k))
	})
	if err != nil {
		return Key{}, err
	}
	return keyOf(k, s.now()), nil
}

// jwkSummary picks the public naming members of an offered JWK for the
// audit detail; it never copies key material.
func jwkSummary(raw json.RawMessage) map[string]string {
	var m struct {
		KeyID     string `json:"kid"`
		Algorithm string `json:"alg"`
		KeyType   string `json:"kty"`
	}
	_ = json.Unmarshal(raw, &m) // a malformed JWK is refused later, with its reason
	return map[string]string{"kid": truncate(m.KeyID, 128), "alg": truncate(m.Algorithm, 16), "kty": truncate(m.KeyType, 16)}
}

// newKey checks the caller's scope and the offered JWK.
func (s *Service) newKey(ctx context.Context, by Caller, agency string, raw json.RawMessage) (certs.AgencyKey, error) {
	if err := by.Steward.may("register keys", agency, changers...); err != nil {
		return certs.AgencyKey{}, err
	}
	if _, err := s.catalog.FindAgency(ctx, agency); err != nil {
		return certs.AgencyKey{}, err
	}
	jwk, err := ParsePublicJWK(raw)
	if err != nil {
		return certs.AgencyKey{}, err
	}
	k, err := certs.NewAgencyKey(agency, jwk, s.now())
	return k, certsErr(err)
}

// Rotation is the outcome of a key rotation: the new current key and the
// old one, retiring after the grace.
type Rotation struct {
	New Key `json:"new"`
	Old Key `json:"old"`
}

// RotateKey registers a new key and retires the old one after grace, so
// that tokens signed with either verify during the change-over. Errors:
// forbidden, invalid, not found (old kid), conflict (old key not current,
// or the new kid exists).
func (s *Service) RotateKey(ctx context.Context, by Caller, agency, oldKID string, raw json.RawMessage, grace time.Duration) (Rotation, error) {
	var r Rotation
	detail := map[string]any{"old": oldKID, "grace": grace.String(), "new": jwkSummary(raw)}
	err := s.change(ctx, by, ActionKeyRotate, "key/"+agency+"/"+oldKID, detail, func() error {
		k, err := s.newKey(ctx, by, agency, raw)
		if err != nil {
			return err
		}
		if r.Old, err = s.currentKey(ctx, agency, oldKID); err != nil {
			return err
		}
		if err := certsErr(s.keys.AddKey(ctx, k)); err != nil {
			return err
		}
		r.New = keyOf(k, s.now())
		retire := s.now().Add(grace)
		r.Old.RetireAt, r.Old.State = &retire, "retiring"
		return certsErr(s.keys.RetireKey(ctx, agency, oldKID, retire))
	})
	return r, err
}

// currentKey returns the agency's key if it is current: neither revoked
// nor already retiring, whose retirement a second rotation must not move.
func (s *Service) currentKey(ctx context.Context, agency, kid string) (Key, error) {
	ks, err := s.keys.ListKeys(ctx, agency)
	if err != nil {
		return Key{}, err
	}
	i := slices.IndexFunc(ks, func(k certs.AgencyKey) bool { return k.KeyID == kid })
	switch {
	case i < 0:
		return Key{}, catalog.Errorf(catalog.KindNotFound, "agency %s has no key %q", agency, kid)
	}
	k := keyOf(ks[i], s.now())
	if k.State != "current" {
		return Key{}, catalog.Errorf(catalog.KindConflict, "key %q of %s is %s; only a current key can be rotated out (register a new key instead)",
			kid, agency, k.State).WithReason(ReasonKeyNotCurrent)
	}
	return k, nil
}

// RevokeKey ends a key's use at once (within the key ring's reload).
// Errors: forbidden, not found, conflict (already revoked).
func (s *Service) RevokeKey(ctx context.Context, by Caller, agency, kid string) error {
	return s.change(ctx, by, ActionKeyRevoke, "key/"+agency+"/"+kid, nil, func() error {
		if err := by.Steward.may("revoke keys", agency, changers...); err != nil {
			return err
		}
		return certsErr(s.keys.RevokeKey(ctx, agency, kid, s.now()))
	})
}

// certsErr gives a certs sentinel error its catalog kind and a reason,
// keeping the message, which names the key and never holds key material.
func certsErr(err error) error {
	kinds := []struct {
		sentinel error
		kind     catalog.Kind
		reason   string
	}{{certs.ErrInvalid, catalog.KindInvalid, ReasonBadJWK}, {certs.ErrExists, catalog.KindConflict, ReasonKeyExists},
		{certs.ErrNotFound, catalog.KindNotFound, ReasonNoKey}, {certs.ErrRevoked, catalog.KindConflict, ReasonKeyRevoked}}
	for _, k := range kinds {
		if errors.Is(err, k.sentinel) {
			return catalog.Errorf(k.kind, "%v", err).WithReason(k.reason).Wrap(err)
		}
	}
	return err
}
