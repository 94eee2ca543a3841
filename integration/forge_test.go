package integration

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// forger crafts what an attacker (or a careless client) would send, from
// an agency's real demo credentials.
type forger struct {
	agency   string
	cert     *x509.Certificate
	key      jose.JSONWebKey // private signing key
	audience string
}

func newForger(t *testing.T, d *runningDemo, code string) *forger {
	t.Helper()
	dir := filepath.Join(d.Dir, d.Info.Agencies[code])
	var key jose.JSONWebKey
	if err := json.Unmarshal(readFile(t, dir, "signing.jwk"), &key); err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(pemBlock(t, readFile(t, dir, "client.crt")))
	if err != nil {
		t.Fatal(err)
	}
	return &forger{agency: code, cert: cert, key: key, audience: d.audience()}
}

func (f *forger) thumbprint() string {
	sum := sha256.Sum256(f.cert.Raw)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// claims are valid claims for the agency, to be spoiled by a case.
func (f *forger) claims() map[string]any {
	now := time.Now()
	return map[string]any{"iss": f.agency, "sub": "officer-1", "aud": f.audience, "iat": now.Unix(),
		"nbf": now.Unix(), "exp": now.Add(2 * time.Minute).Unix(), "jti": fmt.Sprint("jti-", now.UnixNano()),
		"purpose": "licensing", "ial": "2.3", "aal": "2", "cnf": map[string]string{"x5t#S256": f.thumbprint()}}
}

func (f *forger) header() string {
	return fmt.Sprintf(`{"alg":"ES256","kid":%q,"typ":"JWT"}`, f.key.KeyID)
}

// sign signs header and payload texts exactly as given, ES256.
func (f *forger) sign(t *testing.T, headerJSON, payloadJSON string) string {
	t.Helper()
	return signES256(t, f.key.Key.(*ecdsa.PrivateKey), headerJSON, payloadJSON)
}

// token signs valid claims after edit.
func (f *forger) token(t *testing.T, edit func(map[string]any)) string {
	t.Helper()
	c := f.claims()
	if edit != nil {
		edit(c)
	}
	return f.sign(t, f.header(), mustJSON(t, c))
}

func signES256(t *testing.T, key *ecdsa.PrivateKey, headerJSON, payloadJSON string) string {
	t.Helper()
	input := b64(headerJSON) + "." + b64(payloadJSON)
	h := sha256.Sum256([]byte(input))
	r, s, err := ecdsa.Sign(rand.Reader, key, h[:])
	if err != nil {
		t.Fatal(err)
	}
	sig := append(r.FillBytes(make([]byte, 32)), s.FillBytes(make([]byte, 32))...)
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func hmacToken(secret []byte, headerJSON, payloadJSON string) string {
	input := b64(headerJSON) + "." + b64(payloadJSON)
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(input))
	return input + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// caSigned issues a client certificate for the agency with the demo CA's
// own key, with the given validity and key: what the exchange would never
// issue (expired, weak key) but an attacker holding such a cert might try.
func caSigned(t *testing.T, dir, code string, notBefore, notAfter time.Time, key any, pub any) tls.Certificate {
	t.Helper()
	caCert, err := x509.ParseCertificate(pemBlock(t, readFile(t, dir, "ca.crt")))
	if err != nil {
		t.Fatal(err)
	}
	caKey, err := x509.ParsePKCS8PrivateKey(pemBlock(t, readFile(t, dir, "ca.key")))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse("urn:gdx:agency:" + code)
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	tmpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: code, Organization: []string{"gdx agency"}},
		NotBefore: notBefore, NotAfter: notAfter, URIs: []*url.URL{u},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, pub, caKey)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func expiredCert(t *testing.T, dir, code string) tls.Certificate {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	return caSigned(t, dir, code, time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour), key, &key.PublicKey)
}

func weakRSACert(t *testing.T, dir, code string) tls.Certificate {
	key, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	return caSigned(t, dir, code, time.Now().Add(-time.Hour), time.Now().Add(time.Hour), key, &key.PublicKey)
}

// loadPair loads a certificate and key from PEM files.
func loadPair(t *testing.T, dir string) tls.Certificate {
	t.Helper()
	c, err := tls.LoadX509KeyPair(filepath.Join(dir, "client.crt"), filepath.Join(dir, "client.key"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// leafOf parses a key pair's leaf certificate.
func leafOf(t *testing.T, c tls.Certificate) *x509.Certificate {
	t.Helper()
	leaf, err := x509.ParseCertificate(c.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	return leaf
}

// readJWK reads a credential directory's private signing key.
func readJWK(t *testing.T, dir string) jose.JSONWebKey {
	t.Helper()
	var key jose.JSONWebKey
	if err := json.Unmarshal(readFile(t, dir, "signing.jwk"), &key); err != nil {
		t.Fatal(err)
	}
	return key
}
