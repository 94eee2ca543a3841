package authn

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/gdx-exchange/gdx/certs"
)

// plainKeys are a signing key of each pinned algorithm, and the public
// keys the fuzz verifies with: each algorithm's own, and keys that do not
// fit it (another curve, another type), which must fail alike.
func plainKeys(t testing.TB) (signing []jose.JSONWebKey, public []jose.JSONWebKey) {
	t.Helper()
	for _, alg := range []string{"ES256", "EdDSA", "PS256"} {
		k, err := certs.NewSigningKey(alg, "k-"+alg)
		if err != nil {
			t.Fatal(err)
		}
		signing, public = append(signing, k), append(public, certs.PublicJWK(k))
	}
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	public = append(public,
		jose.JSONWebKey{Key: &p384.PublicKey, Algorithm: "ES256", KeyID: "p384"},
		jose.JSONWebKey{Key: public[1].Key, Algorithm: "ES256", KeyID: "ed-as-es"},
		jose.JSONWebKey{Key: public[0].Key, Algorithm: "PS256", KeyID: "es-as-ps"},
		jose.JSONWebKey{Key: []byte("a shared secret of thirty-two b!"), Algorithm: "ES256", KeyID: "hmac"})
	return signing, public
}

func signFor(t testing.TB, key jose.JSONWebKey, now time.Time) string {
	t.Helper()
	ca, err := certs.Init(t.TempDir(), certs.InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cred, err := ca.IssueAgency("DLA", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(cred.CertPEM)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := SignToken(TokenRequest{Agency: "DLA", Officer: "officer-17", Purpose: "licensing", Audience: "aud",
		IAL: "2.3", AAL: "2", TTL: time.Minute, Cert: cert, Key: key, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// goJOSE is the verification before the plain path: go-jose's parse and
// verify of the whole token.
func goJOSE(token string, key jose.JSONWebKey) ([]byte, error) {
	jws, err := jose.ParseSignedCompact(token, Algorithms)
	if err != nil {
		return nil, err
	}
	return jws.Verify(key)
}

// FuzzPlainMatchesGoJOSE holds the plain path (signature.go) to go-jose:
// for any token whose header passes the checks, and each key, the two
// accept the same tokens with the same payload, and a token the plain
// path cannot parse go-jose cannot either.
func FuzzPlainMatchesGoJOSE(f *testing.F) {
	signing, public := plainKeys(f)
	now := time.Now()
	for _, k := range signing {
		tok := signFor(f, k, now)
		f.Add(tok, uint8(0))
		// A last character with stray low bits: go-jose verifies the
		// re-encoding, so the token still verifies.
		f.Add(withStrayBit(tok), uint8(1))
		parts := strings.Split(tok, ".")
		f.Add(parts[0]+"."+parts[1]+"x."+parts[2], uint8(2))
		f.Add(base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"ES256","kid":"k","x":1e400}`))+"."+parts[1]+"."+parts[2], uint8(3))
		f.Add(base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"ES256","kid":"k","b64":false}`))+"."+parts[1]+"."+parts[2], uint8(4))
		f.Add(base64.RawURLEncoding.EncodeToString([]byte(` { "kid" : "k" , "alg" : "ES256" } `))+"."+parts[1]+"."+parts[2], uint8(5))
	}
	f.Fuzz(func(t *testing.T, token string, which uint8) {
		c, err := parseCompact(token)
		defer c.release()
		if err != nil {
			if c.plain && strings.Contains(err.Error(), "cannot be parsed") {
				if _, jerr := jose.ParseSignedCompact(token, Algorithms); jerr == nil {
					t.Fatalf("go-jose parses %q, the plain path refuses it: %v", token, err)
				}
			}
			return
		}
		for i := range public {
			key := public[(int(which)+i)%len(public)]
			got, ok := c.verify(key)
			want, werr := goJOSE(token, key)
			if ok != (werr == nil) || ok && !bytes.Equal(got, want) {
				t.Fatalf("key %s: plain %v %q, go-jose %v %q (plain header: %v)", key.KeyID, ok, got, werr, want, c.plain)
			}
		}
	})
}

func TestPlainHeader(t *testing.T) {
	for _, tt := range []struct {
		json string
		want bool
	}{
		{`{"alg":"ES256","kid":"k","typ":"JWT"}`, true},
		{` { "kid" : "k\"x" ,"alg":"ES256" } `, true},
		{`{"alg":"ES256"}`, true},
		{`{}`, true},
		{`{"alg":"ES256","kid":"k","b64":false}`, false},
		{`{"alg":"ES256","kid":"k","cty":"JWT"}`, false},
		{`{"alg":"ES256","kid":"k","typ":null}`, false},
		{`{"alg":"ES256","kid":7}`, false},
		{`{"\u0061lg":"ES256","kid":"k"}`, false},
		{`{"alg":"ES256","kid":"k","x":{"alg":"y"}}`, false},
		{`{"alg":"ES256","kid":"k"`, false},
		{`["alg"]`, false},
	} {
		if _, got := plainHeader([]byte(tt.json)); got != tt.want {
			t.Errorf("plainHeader(%s) = %v, want %v", tt.json, got, tt.want)
		}
	}
}

// TestECDSADERIsCryptoECDSA holds ecdsaDER to the encoding crypto/ecdsa's
// Verify gives r and s: a signature verifies through one exactly when it
// does through the other, for halves with leading zeros, high bits and
// zero.
func TestECDSADERIsCryptoECDSA(t *testing.T) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sum := [32]byte{1, 2, 3}
	r, s, err := ecdsa.Sign(rand.Reader, priv, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	good := append(r.FillBytes(make([]byte, 32)), s.FillBytes(make([]byte, 32))...)
	cases := [][]byte{good, make([]byte, 64), append(make([]byte, 32), good[32:]...)}
	for i := range 40 {
		b := bytes.Clone(good)
		b[i%64] ^= byte(1 << (i % 8))
		cases = append(cases, b)
	}
	high := bytes.Repeat([]byte{0xff}, 64)
	lead := append(append([]byte{0, 0, 0x7f}, good[3:32]...), good[32:]...)
	cases = append(cases, high, lead)
	for _, c := range cases {
		want := ecdsa.Verify(&priv.PublicKey, sum[:], new(big.Int).SetBytes(c[:32]), new(big.Int).SetBytes(c[32:]))
		var der [72]byte
		sig, ok := ecdsaDER(der[:0], c[:32], c[32:])
		if got := ok && ecdsa.VerifyASN1(&priv.PublicKey, sum[:], sig); got != want {
			t.Errorf("%x: ecdsaDER verifies %v, ecdsa.Verify %v", c, got, want)
		}
	}
}

// TestPooledPartsDoNotOutliveVerify: a caller keeps nothing of the
// token's scratch buffer, which the next token's parts overwrite.
func TestPooledPartsDoNotOutliveVerify(t *testing.T) {
	signing, _ := plainKeys(t)
	now := time.Now()
	first := signFor(t, signing[0], now)
	c, err := parseCompact(first)
	if err != nil {
		t.Fatal(err)
	}
	payload, ok := c.verify(certs.PublicJWK(signing[0]))
	if !ok {
		t.Fatal("the first token does not verify")
	}
	cl, err := parseClaims(payload)
	if err != nil {
		t.Fatal(err)
	}
	id, aud := strings.Clone(cl.ID), bytes.Clone(cl.Audience)
	c.release()
	for range 4 { // the pool may hand the buffer to any of them
		d, err := parseCompact(strings.Repeat("A", 600) + "." + strings.Repeat("B", 900) + ".CC")
		if err == nil {
			t.Fatal("garbage parsed")
		}
		d.release()
	}
	if cl.Subject != "officer-17" || cl.Issuer != "DLA" || cl.ID != id || !bytes.Equal(cl.Audience, aud) {
		t.Fatalf("claims changed after the buffer was reused: %+v", cl)
	}
}

// TestPlainPathVerifies: each algorithm's token, and one whose last
// character has stray bits, verify on the plain path, not go-jose's.
func TestPlainPathVerifies(t *testing.T) {
	signing, _ := plainKeys(t)
	for _, k := range signing {
		tok := signFor(t, k, time.Now())
		stray := withStrayBit(tok)
		for _, s := range []string{tok, stray} {
			c, err := parseCompact(s)
			if err != nil {
				c.release()
				t.Fatalf("%s: %v", k.Algorithm, err)
			}
			ok, handled := c.verifyPlain(certs.PublicJWK(k))
			if !c.plain || !handled || !ok {
				t.Errorf("%s %q: plain %v, handled %v, verified %v", k.Algorithm, s, c.plain, handled, ok)
			}
			c.release()
		}
	}
}

// withStrayBit sets the lowest bit of the token's last base64url
// character, which a 64-byte signature leaves unused; a signature without
// unused bits (PS256's 384 bytes) is left as it is.
func withStrayBit(tok string) string {
	if sig := tok[strings.LastIndexByte(tok, '.')+1:]; len(sig)%4 == 0 {
		return tok
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	i := strings.IndexByte(alphabet, tok[len(tok)-1])
	return tok[:len(tok)-1] + string(alphabet[i|1])
}

// FuzzPlainHeaderIsEncodingJSON holds the header read from a plain
// header's unescaped values to what encoding/json decodes from it.
func FuzzPlainHeaderIsEncodingJSON(f *testing.F) {
	for _, s := range []string{`{"alg":"ES256","kid":"k","typ":"JWT"}`, ` { "kid" : "k-1" ,"alg":"EdDSA" } `, `{"alg":"PS256"}`,
		`{"alg":"ES\u0032\u0035\u0036","kid":"k"}`, `{"alg":"ES256","kid":"เจ้า"}`, `{"typ":"","kid":"","alg":""}`, `{}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if checkTokenJSON(data, "header", headerNames, ReasonHeaderMalformed) != nil {
			return
		}
		m, plain := plainHeader(data)
		if !plain || m.escaped {
			return
		}
		var want header
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatalf("encoding/json refuses the plain header %s: %v", data, err)
		}
		if got := m.header(); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: plain %+v, encoding/json %+v", data, got, want)
		}
	})
}
