package certs

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"

	jose "github.com/go-jose/go-jose/v4"
)

// Signing key parameters.
const (
	// DefaultSigningAlg is the algorithm NewSigningKey uses when none is given.
	DefaultSigningAlg = string(jose.ES256)
	// signingUse is the JWK "use" of request-signing keys (RFC 7517 §4.2).
	signingUse = "sig"
	// rsaSigningBits is the modulus size of new PS256 keys.
	rsaSigningBits = 3072
)

// SigningAlgs are the request-signing algorithms the exchange accepts, FAPI
// 2.0's set.
var SigningAlgs = []string{string(jose.ES256), string(jose.EdDSA), string(jose.PS256)}

// NewSigningKey generates a private signing JWK for alg: "ES256" (P-256, the
// default when alg is empty), "EdDSA" (Ed25519) or "PS256" (RSA 3072). The JWK
// carries KeyID, Algorithm and Use "sig". An empty kid becomes the key's RFC
// 7638 SHA-256 thumbprint, base64url. Another alg gives ErrInvalid.
func NewSigningKey(alg, kid string) (jose.JSONWebKey, error) {
	if alg == "" {
		alg = DefaultSigningAlg
	}
	key, err := generateSigningKey(alg)
	if err != nil {
		return jose.JSONWebKey{}, err
	}
	jwk := jose.JSONWebKey{Key: key, KeyID: kid, Algorithm: alg, Use: signingUse}
	if kid == "" {
		sum, err := jwk.Thumbprint(crypto.SHA256)
		if err != nil {
			return jose.JSONWebKey{}, fmt.Errorf("signing key thumbprint: %w", err)
		}
		jwk.KeyID = base64.RawURLEncoding.EncodeToString(sum)
	}
	return jwk, nil
}

// generateSigningKey makes a private key for alg.
func generateSigningKey(alg string) (any, error) {
	var key any
	var err error
	switch jose.SignatureAlgorithm(alg) {
	case jose.ES256:
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case jose.EdDSA:
		_, key, err = ed25519.GenerateKey(rand.Reader)
	case jose.PS256:
		key, err = rsa.GenerateKey(rand.Reader, rsaSigningBits)
	default:
		return nil, fmt.Errorf("signing alg %q: %w: want one of %q", alg, ErrInvalid, SigningAlgs)
	}
	if err != nil {
		return nil, fmt.Errorf("generate %s key: %w", alg, err)
	}
	return key, nil
}

// WriteJWK writes a private signing JWK as JSON to path with mode 0600,
// atomically, creating the directory (0700) if needed. It refuses keys that
// ReadJWK would refuse.
func WriteJWK(path string, jwk jose.JSONWebKey) error {
	if err := checkSigningKey(jwk); err != nil {
		return fmt.Errorf("write signing key %s: %w", path, err)
	}
	data, err := json.MarshalIndent(jwk, "", "  ")
	if err != nil {
		return fmt.Errorf("write signing key %s: %w", path, err)
	}
	return writeFileAtomic(path, append(data, '\n'), 0o600)
}

// ReadJWK reads a private signing JWK written by WriteJWK. A missing file
// gives ErrNotFound, bad JSON ErrCorrupt, and a public-only key, an
// unsupported alg or a key that does not fit its alg ErrInvalid; each error
// names the file.
func ReadJWK(path string) (jose.JSONWebKey, error) {
	data, err := readFile(path, "signing key")
	if err != nil {
		return jose.JSONWebKey{}, err
	}
	var jwk jose.JSONWebKey
	if err := json.Unmarshal(data, &jwk); err != nil {
		return jose.JSONWebKey{}, fmt.Errorf("signing key %s: %w: %w", path, ErrCorrupt, err)
	}
	if err := checkSigningKey(jwk); err != nil {
		return jose.JSONWebKey{}, fmt.Errorf("signing key %s: %w", path, err)
	}
	return jwk, nil
}

// PublicJWK returns the public half of jwk, keeping KeyID, Algorithm and Use:
// the form an agency registers at the exchange.
func PublicJWK(jwk jose.JSONWebKey) jose.JSONWebKey {
	return jwk.Public()
}

// checkSigningKey accepts a private key whose type fits its alg.
func checkSigningKey(jwk jose.JSONWebKey) error {
	if jwk.Key == nil || !jwk.Valid() {
		return fmt.Errorf("key: %w: empty or malformed", ErrInvalid)
	}
	if jwk.IsPublic() {
		return fmt.Errorf("key: %w: public-only, the private key is needed", ErrInvalid)
	}
	if jwk.Use != "" && jwk.Use != signingUse {
		return fmt.Errorf("use %q: %w: want %q", jwk.Use, ErrInvalid, signingUse)
	}
	if !keyFitsAlg(jwk.Key, jwk.Algorithm) {
		return fmt.Errorf("alg %q: %w: unsupported or does not fit the %T key; want one of %q",
			jwk.Algorithm, ErrInvalid, jwk.Key, SigningAlgs)
	}
	return nil
}

// keyFitsAlg reports whether key is a private key of the kind alg signs with.
func keyFitsAlg(key any, alg string) bool {
	switch jose.SignatureAlgorithm(alg) {
	case jose.ES256:
		k, ok := key.(*ecdsa.PrivateKey)
		return ok && k.Curve == elliptic.P256()
	case jose.EdDSA:
		_, ok := key.(ed25519.PrivateKey)
		return ok
	case jose.PS256:
		k, ok := key.(*rsa.PrivateKey)
		return ok && k.N.BitLen() >= MinRSABits
	}
	return false
}
