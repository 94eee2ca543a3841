package authn

import (
	"context"
	"crypto/x509"
	"errors"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/certs"
)

// Limits on what a token may be.
const (
	// MaxTokenBytes bounds the compact token.
	MaxTokenBytes = 8 << 10
	// MaxHeaderBytes bounds the decoded protected header.
	MaxHeaderBytes = 1 << 10
	// MaxLifetime bounds exp − iat (DESIGN.md: at most 5 minutes).
	MaxLifetime = 5 * time.Minute
	// ClockSkew is the leeway on exp, nbf and iat.
	ClockSkew = 60 * time.Second
)

// Algorithms are the signature algorithms accepted, pinned to FAPI 2.0's.
// none, every HMAC and RS256 are refused.
var Algorithms = []jose.SignatureAlgorithm{jose.ES256, jose.EdDSA, jose.PS256}

// KeyResolver finds an agency's registered public signing keys.
type KeyResolver interface {
	// AgencyKey returns the agency's usable public key with the kid.
	// Errors: wrapping certs.ErrNotFound (unknown, retired past grace, or
	// revoked kid); anything else means the keys cannot be read.
	AgencyKey(ctx context.Context, agency, kid string) (jose.JSONWebKey, error)
}

// ReplayStore remembers token ids so that each is used once, across
// restarts and replicas.
type ReplayStore interface {
	// Remember records the agency's jti until it expires and reports
	// whether it was new.
	Remember(ctx context.Context, agency, jti string, until time.Time) (fresh bool, err error)
}

// PurposeFinder looks up registered purposes.
type PurposeFinder interface {
	// FindPurpose returns the purpose. Errors: not found.
	FindPurpose(ctx context.Context, code string) (catalog.Purpose, error)
}

// Verifier checks request JWTs for one gateway audience.
type Verifier struct {
	Audience string
	Keys     KeyResolver
	Replay   ReplayStore
	Purposes PurposeFinder
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// Caller is what a verified request JWT establishes.
type Caller struct {
	Agency  string
	Officer string
	Purpose catalog.Purpose
	IAL     catalog.IAL
	AAL     catalog.AAL
	JTI     string
	KeyID   string
	Issued  time.Time
	Expires time.Time
	// Token is the compact JWS itself, kept by the audit as evidence.
	Token string
	// CertThumbprint is the client certificate's certs.Thumbprint: the
	// token's cnf.x5t#S256, which Verify found equal to it.
	CertThumbprint string
}

// Verify checks token for the agency that the client certificate cert
// names. Checks run cheapest first, in the order of the reason codes, and
// the durable single-use check runs last so that a forged token costs the
// exchange no database write. Every failure is KindUnauthenticated with
// the failed check as its reason; an unavailable store is KindUnavailable.
func (v *Verifier) Verify(ctx context.Context, token, agency string, cert *x509.Certificate) (Caller, error) {
	tok, err := parseCompact(token)
	defer tok.release()
	if err != nil {
		return Caller{}, err
	}
	key, err := v.resolveKey(ctx, agency, tok.header)
	if err != nil {
		return Caller{}, err
	}
	payload, ok := tok.verify(key)
	if !ok {
		return Caller{}, fail(ReasonSignatureInvalid, "the signature does not verify with the agency's registered key")
	}
	c, err := parseClaims(payload)
	if err != nil {
		return Caller{}, err
	}
	caller, err := v.checkClaims(ctx, c, agency, cert, v.now())
	if err != nil {
		return Caller{}, err
	}
	caller.KeyID, caller.Token = tok.header.KeyID, token
	return caller, v.checkFresh(ctx, caller)
}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

// resolveKey finds the registered key the header names and checks that
// the header's algorithm is the one registered with it.
func (v *Verifier) resolveKey(ctx context.Context, agency string, hdr header) (jose.JSONWebKey, error) {
	key, err := v.Keys.AgencyKey(ctx, agency, hdr.KeyID)
	if errors.Is(err, certs.ErrNotFound) {
		return key, fail(ReasonKidUnknown, "the kid is not a registered signing key of the agency")
	} else if err != nil {
		return key, catalog.Errorf(catalog.KindUnavailable, "agency keys cannot be read").WithReason(ReasonAgencyUnavailable).Wrap(err)
	}
	if key.Algorithm != hdr.Algorithm {
		return key, fail(ReasonAlgKeyMismatch, "the alg differs from the algorithm registered with the key")
	}
	return key, nil
}

func (v *Verifier) checkFresh(ctx context.Context, c Caller) error {
	fresh, err := v.Replay.Remember(ctx, c.Agency, c.JTI, c.Expires.Add(ClockSkew))
	if err != nil {
		return catalog.Errorf(catalog.KindUnavailable, "the replay store does not answer").Wrap(err)
	}
	if !fresh {
		return fail(ReasonJTIReplayed, "the jti was already used")
	}
	return nil
}
