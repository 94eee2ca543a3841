package authn_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/gateway/authn"
)

const audience = "urn:gdx:gateway:test"

// fixture is one agency's credentials and a verifier that knows them. The
// key, purpose and replay stores are in-memory function fakes: this is a
// unit test of the checks; the integration battery runs them against the
// real stores through real TLS.
type fixture struct {
	cert     *x509.Certificate
	other    *x509.Certificate
	key      jose.JSONWebKey
	otherKey jose.JSONWebKey
	seen     map[string]bool
	verifier *authn.Verifier
	now      time.Time
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ca, err := certs.Init(t.TempDir(), certs.InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{seen: map[string]bool{}, now: time.Now()}
	f.cert = issue(t, ca, "DLA")
	f.other = issue(t, ca, "RD")
	f.key = mustKey(t, "ES256", "dla-1")
	f.otherKey = mustKey(t, "ES256", "rd-1")
	keys := map[string]jose.JSONWebKey{"DLA/dla-1": certs.PublicJWK(f.key), "RD/rd-1": certs.PublicJWK(f.otherKey)}
	f.verifier = &authn.Verifier{
		Audience: audience,
		Keys: keyFunc(func(_ context.Context, agency, kid string) (jose.JSONWebKey, error) {
			k, ok := keys[agency+"/"+kid]
			if !ok {
				return k, certs.ErrNotFound
			}
			return k, nil
		}),
		Replay: replayFunc(func(_ context.Context, agency, jti string, _ time.Time) (bool, error) {
			fresh := !f.seen[agency+"/"+jti]
			f.seen[agency+"/"+jti] = true
			return fresh, nil
		}),
		Purposes: purposeFunc(func(_ context.Context, code string) (catalog.Purpose, error) {
			if code != "licensing" {
				return catalog.Purpose{}, catalog.Errorf(catalog.KindNotFound, "no purpose")
			}
			return catalog.Purpose{Code: code, Basis: catalog.BasisPublicTask}, nil
		}),
		Now: func() time.Time { return f.now },
	}
	return f
}

type keyFunc func(context.Context, string, string) (jose.JSONWebKey, error)

func (k keyFunc) AgencyKey(ctx context.Context, a, kid string) (jose.JSONWebKey, error) {
	return k(ctx, a, kid)
}

type replayFunc func(context.Context, string, string, time.Time) (bool, error)

func (r replayFunc) Remember(ctx context.Context, a, j string, u time.Time) (bool, error) {
	return r(ctx, a, j, u)
}

type purposeFunc func(context.Context, string) (catalog.Purpose, error)

func (p purposeFunc) FindPurpose(ctx context.Context, c string) (catalog.Purpose, error) {
	return p(ctx, c)
}

func issue(t testing.TB, ca *certs.Authority, code string) *x509.Certificate {
	t.Helper()
	cred, err := ca.IssueAgency(code, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	pair, err := certsPair(cred)
	if err != nil {
		t.Fatal(err)
	}
	return pair
}

func certsPair(cred *certs.Credential) (*x509.Certificate, error) {
	b, _ := pemDecode(cred.CertPEM)
	return x509.ParseCertificate(b)
}

func mustKey(t testing.TB, alg, kid string) jose.JSONWebKey {
	t.Helper()
	k, err := certs.NewSigningKey(alg, kid)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// claims returns the claims of a valid token for the fixture.
func (f *fixture) claims() map[string]any {
	return map[string]any{
		"iss": "DLA", "sub": "officer-17", "aud": audience, "iat": f.now.Unix(), "nbf": f.now.Unix(),
		"exp": f.now.Add(2 * time.Minute).Unix(), "jti": fmt.Sprint(time.Now().UnixNano()), "purpose": "licensing",
		"ial": "2.3", "aal": "2", "cnf": map[string]string{"x5t#S256": certs.Thumbprint(f.cert)},
	}
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func jsonText(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// signRaw signs header and payload texts exactly as given, so tests can
// craft what a library would refuse to produce.
func signRaw(t testing.TB, key jose.JSONWebKey, headerJSON, payloadJSON string) string {
	t.Helper()
	input := b64(headerJSON) + "." + b64(payloadJSON)
	var sig []byte
	switch k := key.Key.(type) {
	case *ecdsa.PrivateKey:
		h := sha256.Sum256([]byte(input))
		r, s, err := ecdsa.Sign(rand.Reader, k, h[:])
		if err != nil {
			t.Fatal(err)
		}
		sig = append(r.FillBytes(make([]byte, 32)), s.FillBytes(make([]byte, 32))...)
	case crypto.Signer:
		t.Fatalf("signRaw: unsupported key %T", k)
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func hs256(secret []byte, headerJSON, payloadJSON string) string {
	input := b64(headerJSON) + "." + b64(payloadJSON)
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(input))
	return input + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (f *fixture) header(kid string) string {
	return fmt.Sprintf(`{"alg":"ES256","kid":%q,"typ":"JWT"}`, kid)
}

func (f *fixture) token(t testing.TB, edit func(map[string]any)) string {
	t.Helper()
	c := f.claims()
	if edit != nil {
		edit(c)
	}
	return signRaw(t, f.key, f.header("dla-1"), jsonText(t, c))
}

func TestVerifyAcceptsAValidToken(t *testing.T) {
	f := newFixture(t)
	tok, err := authn.SignToken(authn.TokenRequest{Agency: "DLA", Officer: "officer-17", Purpose: "licensing",
		Audience: audience, IAL: "2.3", AAL: "2", TTL: 2 * time.Minute, Cert: f.cert, Key: f.key, Now: f.now})
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.verifier.Verify(context.Background(), tok, "DLA", f.cert)
	if err != nil {
		t.Fatal(err)
	}
	if c.Agency != "DLA" || c.Officer != "officer-17" || c.Purpose.Code != "licensing" || c.IAL != "2.3" || c.AAL != "2" || c.KeyID != "dla-1" {
		t.Fatalf("caller = %+v", c)
	}
	if c.CertThumbprint != certs.Thumbprint(f.cert) {
		t.Fatalf("caller's certificate thumbprint %q, want certs.Thumbprint's %q", c.CertThumbprint, certs.Thumbprint(f.cert))
	}
	_, err = f.verifier.Verify(context.Background(), tok, "DLA", f.cert)
	if catalog.ErrorReason(err) != authn.ReasonJTIReplayed {
		t.Fatalf("replay: %v", err)
	}
}

func TestVerifyRefuses(t *testing.T) {
	f := newFixture(t)
	pub := jsonText(t, certs.PublicJWK(f.key))
	tests := []struct {
		name   string
		token  func(t *testing.T) string
		cert   *x509.Certificate
		reason string
	}{
		{"no token", func(*testing.T) string { return "" }, nil, authn.ReasonTokenMissing},
		{"garbage", func(*testing.T) string { return "not-a-token" }, nil, authn.ReasonTokenMalformed},
		{"JWE five parts", func(*testing.T) string { return "a.b.c.d.e" }, nil, authn.ReasonTokenMalformed},
		{"too large", func(*testing.T) string { return strings.Repeat("a", authn.MaxTokenBytes+1) }, nil, authn.ReasonTokenTooLarge},
		{"alg none", func(t *testing.T) string {
			return b64(`{"alg":"none","kid":"dla-1"}`) + "." + b64(jsonText(t, f.claims())) + "."
		}, nil, authn.ReasonAlgNotAllowed},
		{"HS256 with the public key as secret", func(t *testing.T) string {
			return hs256([]byte(pub), `{"alg":"HS256","kid":"dla-1"}`, jsonText(t, f.claims()))
		}, nil, authn.ReasonAlgNotAllowed},
		{"RS256", func(t *testing.T) string {
			return b64(`{"alg":"RS256","kid":"dla-1"}`) + "." + b64(jsonText(t, f.claims())) + ".c2ln"
		}, nil, authn.ReasonAlgNotAllowed},
		{"signed by another agency's key", func(t *testing.T) string {
			return signRaw(t, f.otherKey, f.header("dla-1"), jsonText(t, f.claims()))
		}, nil, authn.ReasonSignatureInvalid},
		{"another agency's kid", func(t *testing.T) string {
			return signRaw(t, f.otherKey, f.header("rd-1"), jsonText(t, f.claims()))
		}, nil, authn.ReasonKidUnknown},
		{"unknown kid", func(t *testing.T) string { return signRaw(t, f.key, f.header("nope"), jsonText(t, f.claims())) }, nil, authn.ReasonKidUnknown},
		{"kid with a path", func(t *testing.T) string {
			return signRaw(t, f.key, f.header("../../etc/passwd"), jsonText(t, f.claims()))
		}, nil, authn.ReasonKidUnknown},
		{"kid with SQL", func(t *testing.T) string {
			return signRaw(t, f.key, f.header("x' OR '1'='1"), jsonText(t, f.claims()))
		}, nil, authn.ReasonKidUnknown},
		{"jku", func(t *testing.T) string {
			return signRaw(t, f.key, `{"alg":"ES256","kid":"dla-1","jku":"https://evil.example/jwks"}`, jsonText(t, f.claims()))
		}, nil, authn.ReasonKeyReference},
		{"embedded jwk", func(t *testing.T) string {
			return signRaw(t, f.key, `{"alg":"ES256","kid":"dla-1","jwk":`+pub+`}`, jsonText(t, f.claims()))
		}, nil, authn.ReasonKeyReference},
		{"x5u", func(t *testing.T) string {
			return signRaw(t, f.key, `{"alg":"ES256","kid":"dla-1","x5u":"https://evil.example/c.pem"}`, jsonText(t, f.claims()))
		}, nil, authn.ReasonKeyReference},
		{"x5c", func(t *testing.T) string {
			return signRaw(t, f.key, `{"alg":"ES256","kid":"dla-1","x5c":["MIIB"]}`, jsonText(t, f.claims()))
		}, nil, authn.ReasonKeyReference},
		{"crit", func(t *testing.T) string {
			return signRaw(t, f.key, `{"alg":"ES256","kid":"dla-1","crit":["exp"],"exp":1}`, jsonText(t, f.claims()))
		}, nil, authn.ReasonCritUnsupported},
		{"duplicate alg in header", func(t *testing.T) string {
			return signRaw(t, f.key, `{"alg":"ES256","kid":"dla-1","alg":"ES256"}`, jsonText(t, f.claims()))
		}, nil, authn.ReasonDuplicateMember},
		{"duplicate sub", func(t *testing.T) string {
			c := jsonText(t, f.claims())
			return signRaw(t, f.key, f.header("dla-1"), strings.Replace(c, `"sub":`, `"sub":"admin","sub":`, 1))
		}, nil, authn.ReasonDuplicateMember},
		{"duplicate aud", func(t *testing.T) string {
			c := jsonText(t, f.claims())
			return signRaw(t, f.key, f.header("dla-1"), strings.Replace(c, `"aud":`, `"aud":"elsewhere","aud":`, 1))
		}, nil, authn.ReasonDuplicateMember},
		{"sub differing only in case", func(t *testing.T) string {
			c := jsonText(t, f.claims())
			return signRaw(t, f.key, f.header("dla-1"), c[:len(c)-1]+`,"SUB":"admin"}`)
		}, nil, authn.ReasonDuplicateMember},
		{"Sub instead of sub", func(t *testing.T) string {
			return signRaw(t, f.key, f.header("dla-1"), strings.Replace(jsonText(t, f.claims()), `"sub":`, `"Sub":`, 1))
		}, nil, authn.ReasonClaimsMalformed},
		{"long s in sub, which encoding/json folds to s", func(t *testing.T) string {
			return signRaw(t, f.key, f.header("dla-1"), strings.Replace(jsonText(t, f.claims()), `"sub":`, `"\u017fub":`, 1))
		}, nil, authn.ReasonClaimsMalformed},
		{"JKU in capitals", func(t *testing.T) string {
			return signRaw(t, f.key, `{"alg":"ES256","kid":"dla-1","JKU":"https://evil.example/jwks"}`, jsonText(t, f.claims()))
		}, nil, authn.ReasonHeaderMalformed},
		{"sub with bytes that are not UTF-8", func(t *testing.T) string {
			return signRaw(t, f.key, f.header("dla-1"), strings.Replace(jsonText(t, f.claims()), "officer-17", "officer-\xff17", 1))
		}, nil, authn.ReasonTokenNotUTF8},
		{"sub with a lone surrogate escape", func(t *testing.T) string {
			return signRaw(t, f.key, f.header("dla-1"), strings.Replace(jsonText(t, f.claims()), "officer-17", `officer-\ud800`, 1))
		}, nil, authn.ReasonTokenNotUTF8},
		{"header not UTF-8", func(t *testing.T) string {
			return signRaw(t, f.key, "{\"alg\":\"ES256\",\"kid\":\"dla-1\",\"typ\":\"JWT\xc3\"}", jsonText(t, f.claims()))
		}, nil, authn.ReasonTokenNotUTF8},
		{"sub with CR LF", func(t *testing.T) string {
			return f.token(t, func(c map[string]any) { c["sub"] = "officer-17\r\nofficer-1" })
		}, nil, authn.ReasonTextInvalid},
		{"sub with NUL", func(t *testing.T) string { return f.token(t, func(c map[string]any) { c["sub"] = "officer-17\x00" }) }, nil, authn.ReasonTextInvalid},
		{"sub with a C1 control", func(t *testing.T) string { return f.token(t, func(c map[string]any) { c["sub"] = "officer-\u008517" }) }, nil, authn.ReasonTextInvalid},
		{"sub with a bidirectional override", func(t *testing.T) string {
			return f.token(t, func(c map[string]any) { c["sub"] = "officer-\u202e71" })
		}, nil, authn.ReasonTextInvalid},
		{"sub with a zero-width space", func(t *testing.T) string { return f.token(t, func(c map[string]any) { c["sub"] = "officer\u200b-17" }) }, nil, authn.ReasonTextInvalid},
		{"sub with U+FFFD", func(t *testing.T) string { return f.token(t, func(c map[string]any) { c["sub"] = "officer-\ufffd" }) }, nil, authn.ReasonTextInvalid},
		{"jti with a line separator", func(t *testing.T) string { return f.token(t, func(c map[string]any) { c["jti"] = "a\u2028b" }) }, nil, authn.ReasonTextInvalid},
		{"aud list with a NUL", func(t *testing.T) string {
			return f.token(t, func(c map[string]any) { c["aud"] = []string{audience, "x\x00"} })
		}, nil, authn.ReasonTextInvalid},
		{"unknown claim with a LF", func(t *testing.T) string { return f.token(t, func(c map[string]any) { c["note"] = "a\nb" }) }, nil, authn.ReasonTextInvalid},
		{"kid with a CR", func(t *testing.T) string { return signRaw(t, f.key, f.header("dla-1\r"), jsonText(t, f.claims())) }, nil, authn.ReasonTextInvalid},
		{"tampered payload", func(t *testing.T) string {
			parts := strings.Split(f.token(t, nil), ".")
			return parts[0] + "." + b64(strings.Replace(jsonText(t, f.claims()), "officer-17", "officer-99", 1)) + "." + parts[2]
		}, nil, authn.ReasonSignatureInvalid},
		{"iss of another agency", func(t *testing.T) string { return f.token(t, func(c map[string]any) { c["iss"] = "RD" }) }, nil, authn.ReasonIssuerMismatch},
		{"wrong aud", func(t *testing.T) string { return f.token(t, func(c map[string]any) { c["aud"] = "urn:other" }) }, nil, authn.ReasonAudienceMismatch},
		{"expired", func(t *testing.T) string {
			return f.token(t, func(c map[string]any) {
				c["iat"], c["exp"] = f.now.Add(-10*time.Minute).Unix(), f.now.Add(-6*time.Minute).Unix()
			})
		}, nil, authn.ReasonExpired},
		{"nbf in the future", func(t *testing.T) string {
			return f.token(t, func(c map[string]any) { c["nbf"] = f.now.Add(3 * time.Minute).Unix() })
		}, nil, authn.ReasonNotYetValid},
		{"iat in the future", func(t *testing.T) string {
			return f.token(t, func(c map[string]any) {
				c["iat"], c["nbf"], c["exp"] = f.now.Add(2*time.Minute).Unix(), nil, f.now.Add(3*time.Minute).Unix()
			})
		}, nil, authn.ReasonIssuedInFuture},
		{"lifetime of an hour", func(t *testing.T) string {
			return f.token(t, func(c map[string]any) { c["exp"] = f.now.Add(time.Hour).Unix() })
		}, nil, authn.ReasonLifetimeTooLong},
		{"missing exp", func(t *testing.T) string { return f.token(t, func(c map[string]any) { delete(c, "exp") }) }, nil, authn.ReasonClaimsMalformed},
		{"missing jti", func(t *testing.T) string { return f.token(t, func(c map[string]any) { delete(c, "jti") }) }, nil, authn.ReasonJTIMissing},
		{"missing sub", func(t *testing.T) string { return f.token(t, func(c map[string]any) { delete(c, "sub") }) }, nil, authn.ReasonSubjectMissing},
		{"unknown purpose", func(t *testing.T) string { return f.token(t, func(c map[string]any) { c["purpose"] = "curiosity" }) }, nil, authn.ReasonPurposeUnknown},
		{"invalid ial", func(t *testing.T) string { return f.token(t, func(c map[string]any) { c["ial"] = "2.4" }) }, nil, authn.ReasonIALInvalid},
		{"numeric ial", func(t *testing.T) string { return f.token(t, func(c map[string]any) { c["ial"] = 3 }) }, nil, authn.ReasonClaimsMalformed},
		{"invalid aal", func(t *testing.T) string { return f.token(t, func(c map[string]any) { c["aal"] = "4" }) }, nil, authn.ReasonAALInvalid},
		{"missing cnf", func(t *testing.T) string { return f.token(t, func(c map[string]any) { delete(c, "cnf") }) }, nil, authn.ReasonBindingMissing},
		{"cnf of another certificate", func(t *testing.T) string {
			return f.token(t, func(c map[string]any) { c["cnf"] = map[string]string{"x5t#S256": certs.Thumbprint(f.other)} })
		}, nil, authn.ReasonBindingMismatch},
		{"valid token presented with another certificate", func(t *testing.T) string { return f.token(t, nil) }, f.other, authn.ReasonBindingMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cert := tt.cert
			if cert == nil {
				cert = f.cert
			}
			_, err := f.verifier.Verify(context.Background(), tt.token(t), "DLA", cert)
			if !catalog.IsKind(err, catalog.KindUnauthenticated) || catalog.ErrorReason(err) != tt.reason {
				t.Fatalf("err = %v (reason %q), want reason %q", err, catalog.ErrorReason(err), tt.reason)
			}
		})
	}
}

func TestVerifyAcceptsPrintableUnicode(t *testing.T) {
	f := newFixture(t)
	for _, sub := range []string{"เจ้าหน้าที่-17", "officer 17", "agent/ü-😀"} {
		c, err := f.verifier.Verify(context.Background(), f.token(t, func(c map[string]any) { c["sub"] = sub }), "DLA", f.cert)
		if err != nil || c.Officer != sub {
			t.Errorf("sub %q: officer %q, %v", sub, c.Officer, err)
		}
	}
}

func TestSignTokenRefusesWhatTheVerifierWould(t *testing.T) {
	f := newFixture(t)
	for _, sub := range []string{"officer-17\r\nofficer-1", "officer\x00", "officer-\xff", "officer-\u202e71"} {
		_, err := authn.SignToken(authn.TokenRequest{Agency: "DLA", Officer: sub, Purpose: "licensing",
			Audience: audience, IAL: "2.3", AAL: "2", TTL: time.Minute, Cert: f.cert, Key: f.key, Now: f.now})
		if err == nil || !strings.Contains(err.Error(), "officer (sub)") {
			t.Errorf("SignToken with sub %q: %v; want a refusal naming the officer", sub, err)
		}
	}
}

func TestKeyAlgorithmMustMatchRegistration(t *testing.T) {
	f := newFixture(t)
	ed := mustKey(t, "EdDSA", "dla-1") // same kid, other algorithm
	tok, err := authn.SignToken(authn.TokenRequest{Agency: "DLA", Officer: "o", Purpose: "licensing",
		Audience: audience, IAL: "2.3", AAL: "2", TTL: time.Minute, Cert: f.cert, Key: ed, Now: f.now})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.verifier.Verify(context.Background(), tok, "DLA", f.cert)
	if catalog.ErrorReason(err) != authn.ReasonAlgKeyMismatch {
		t.Fatalf("err = %v", err)
	}
}

// TestVerifyRefusesNullHeaderMembers: a header member that is refused by
// its presence is refused with a null value too.
func TestVerifyRefusesNullHeaderMembers(t *testing.T) {
	f := newFixture(t)
	for _, tt := range []struct{ member, reason string }{
		{"crit", authn.ReasonCritUnsupported}, {"jku", authn.ReasonKeyReference}, {"x5t#S256", authn.ReasonKeyReference},
		{"jwk", authn.ReasonKeyReference}, {"enc", authn.ReasonTokenMalformed},
	} {
		tok := signRaw(t, f.key, `{"alg":"ES256","kid":"dla-1","`+tt.member+`":null}`, jsonText(t, f.claims()))
		if _, err := f.verifier.Verify(context.Background(), tok, "DLA", f.cert); catalog.ErrorReason(err) != tt.reason {
			t.Errorf("%s: null: %v, want %s", tt.member, err, tt.reason)
		}
	}
}
