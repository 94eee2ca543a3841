package authn

import (
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/gdx-exchange/gdx/certs"
)

// TokenRequest is what an agency client needs to sign a request JWT.
type TokenRequest struct {
	Agency   string
	Officer  string
	Purpose  string
	Audience string
	IAL      string
	AAL      string
	TTL      time.Duration
	// Cert is the agency's client certificate the token is bound to.
	Cert *x509.Certificate
	// Key is the agency's private signing JWK (with kid and alg).
	Key jose.JSONWebKey
	// Now is the issue time; zero means time.Now.
	Now time.Time
}

// SignToken signs a request JWT for the request, with a random jti and the
// certificate binding; it is what `gdx token` and agency clients use.
func SignToken(r TokenRequest) (string, error) {
	if err := r.validate(); err != nil {
		return "", err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.SignatureAlgorithm(r.Key.Algorithm), Key: r.Key},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", fmt.Errorf("signer: %w", err)
	}
	now := r.Now
	if now.IsZero() {
		now = time.Now()
	}
	claims := map[string]any{
		"iss": r.Agency, "sub": r.Officer, "aud": r.Audience, "iat": now.Unix(), "nbf": now.Unix(),
		"exp": now.Add(r.TTL).Unix(), "jti": newJTI(), "purpose": r.Purpose, "ial": r.IAL, "aal": r.AAL,
		"cnf": map[string]string{"x5t#S256": certs.Thumbprint(r.Cert)},
	}
	return signClaims(signer, claims)
}

func (r TokenRequest) validate() error {
	switch {
	case r.Agency == "" || r.Officer == "" || r.Purpose == "" || r.Audience == "":
		return errors.New("token: agency, officer (sub), purpose and audience are required")
	case r.TTL <= 0 || r.TTL > MaxLifetime:
		return fmt.Errorf("token: ttl %s must be positive and at most %s", r.TTL, MaxLifetime)
	case r.Cert == nil:
		return errors.New("token: the agency's client certificate is required for the cnf binding")
	case !allowedAlgorithm(r.Key.Algorithm) || r.Key.KeyID == "":
		return fmt.Errorf("token: the signing key needs a kid and one of the algorithms ES256, EdDSA, PS256 (has %q)", r.Key.Algorithm)
	}
	return r.validateText()
}

// validateText holds the claims to the verifier's text rule (checkText),
// so that a token this signs is never refused for its text; json.Marshal
// would also silently turn invalid UTF-8 into U+FFFD.
func (r TokenRequest) validateText() error {
	fields := []struct{ name, value string }{{"agency (iss)", r.Agency}, {"officer (sub)", r.Officer},
		{"purpose", r.Purpose}, {"audience", r.Audience}, {"ial", r.IAL}, {"aal", r.AAL}, {"kid", r.Key.KeyID}}
	for _, f := range fields {
		if !utf8.ValidString(f.value) {
			return fmt.Errorf("token: the %s is not valid UTF-8", f.name)
		}
		if err := checkText(f.value); err != nil {
			return fmt.Errorf("token: the %s holds %v", f.name, err)
		}
	}
	return nil
}

func signClaims(signer jose.Signer, claims map[string]any) (string, error) {
	payload, err := jsonMarshal(claims)
	if err != nil {
		return "", err
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("sign: %w", err)
	}
	return jws.CompactSerialize()
}

func newJTI() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
