package certs

import (
	"crypto"
	"encoding/base64"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
)

func TestSigningKeyRoundTrip(t *testing.T) {
	for _, alg := range []string{"", "ES256", "EdDSA", "PS256"} {
		t.Run(alg, func(t *testing.T) {
			jwk, err := NewSigningKey(alg, "")
			if err != nil {
				t.Fatalf("NewSigningKey: %v", err)
			}
			wantAlg := alg
			if alg == "" {
				wantAlg = DefaultSigningAlg
			}
			sum, _ := jwk.Thumbprint(crypto.SHA256)
			if jwk.KeyID != base64.RawURLEncoding.EncodeToString(sum) || jwk.Algorithm != wantAlg || jwk.Use != "sig" || jwk.IsPublic() {
				t.Errorf("JWK kid=%q alg=%q use=%q public=%v", jwk.KeyID, jwk.Algorithm, jwk.Use, jwk.IsPublic())
			}
			path := filepath.Join(t.TempDir(), "agency", "signing.jwk")
			if err := WriteJWK(path, jwk); err != nil {
				t.Fatalf("WriteJWK: %v", err)
			}
			if mode := fileMode(t, path); mode != 0o600 {
				t.Errorf("mode = %o, want 600", mode)
			}
			got, err := ReadJWK(path)
			if err != nil {
				t.Fatalf("ReadJWK: %v", err)
			}
			if got.KeyID != jwk.KeyID || got.Algorithm != jwk.Algorithm {
				t.Errorf("read kid=%q alg=%q, want %q %q", got.KeyID, got.Algorithm, jwk.KeyID, jwk.Algorithm)
			}
			signAndVerify(t, got, PublicJWK(jwk))
		})
	}
}

// signAndVerify signs a payload with priv and checks it with pub.
func signAndVerify(tb testing.TB, priv, pub jose.JSONWebKey) {
	tb.Helper()
	if !pub.IsPublic() || pub.KeyID != priv.KeyID || pub.Algorithm != priv.Algorithm || pub.Use != "sig" {
		tb.Fatalf("public JWK kid=%q alg=%q use=%q public=%v", pub.KeyID, pub.Algorithm, pub.Use, pub.IsPublic())
	}
	alg := jose.SignatureAlgorithm(priv.Algorithm)
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: priv}, nil)
	if err != nil {
		tb.Fatalf("NewSigner: %v", err)
	}
	jws, err := signer.Sign([]byte("payload"))
	if err != nil {
		tb.Fatalf("Sign: %v", err)
	}
	compact, _ := jws.CompactSerialize()
	parsed, err := jose.ParseSigned(compact, []jose.SignatureAlgorithm{alg})
	if err != nil {
		tb.Fatalf("ParseSigned: %v", err)
	}
	if _, err := parsed.Verify(pub); err != nil {
		tb.Fatalf("Verify: %v", err)
	}
}

func TestNewSigningKeyKIDAndAlg(t *testing.T) {
	jwk, err := NewSigningKey("EdDSA", "dla-2025")
	if err != nil || jwk.KeyID != "dla-2025" {
		t.Errorf("NewSigningKey(kid) = %q, %v", jwk.KeyID, err)
	}
	for _, alg := range []string{"RS256", "HS256", "none", "ES384"} {
		if _, err := NewSigningKey(alg, ""); !errors.Is(err, ErrInvalid) {
			t.Errorf("NewSigningKey(%q) = %v, want ErrInvalid", alg, err)
		}
	}
}

func TestReadJWKErrors(t *testing.T) {
	es, _ := NewSigningKey("ES256", "k")
	ps, _ := NewSigningKey("PS256", "k")
	tests := []struct {
		name    string
		content func() []byte
		want    error
		say     string
	}{
		{"missing", nil, ErrNotFound, "signing.jwk"},
		{"corrupt JSON", func() []byte { return []byte("{not json") }, ErrCorrupt, "signing.jwk"},
		{"public only", func() []byte { return mustJSON(t, PublicJWK(es)) }, ErrInvalid, "public-only"},
		{"RS256", func() []byte { ps.Algorithm = "RS256"; return mustJSON(t, ps) }, ErrInvalid, `alg "RS256"`},
		{"alg does not fit key", func() []byte { es.Algorithm = "EdDSA"; return mustJSON(t, es) }, ErrInvalid, `alg "EdDSA"`},
		{"encryption use", func() []byte { es.Algorithm, es.Use = "ES256", "enc"; return mustJSON(t, es) }, ErrInvalid, `use "enc"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "signing.jwk")
			if tt.content != nil {
				writeFile(t, path, tt.content())
			}
			_, err := ReadJWK(path)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.say) {
				t.Errorf("ReadJWK = %v, want %v saying %q", err, tt.want, tt.say)
			}
		})
	}
}

func TestWriteJWKRefusesPublic(t *testing.T) {
	jwk, _ := NewSigningKey("", "")
	err := WriteJWK(filepath.Join(t.TempDir(), "k.jwk"), PublicJWK(jwk))
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("WriteJWK(public) = %v, want ErrInvalid", err)
	}
}

// mustJSON marshals v or fails the test.
func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		tb.Fatalf("marshal: %v", err)
	}
	return data
}
