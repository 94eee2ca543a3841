package certs

import (
	"crypto"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"net/url"
	"os"
	"testing"
	"time"
)

// newTestCA creates a CA in a temporary directory and returns it with the
// directory.
func newTestCA(tb testing.TB) (*Authority, string) {
	tb.Helper()
	dir := tb.TempDir()
	a, err := Init(dir, InitOptions{Organization: "gdx test"})
	if err != nil {
		tb.Fatalf("Init(%s): %v", dir, err)
	}
	return a, dir
}

// mustIssueAgency issues an agency credential or fails the test.
func mustIssueAgency(tb testing.TB, a *Authority, code string) *Credential {
	tb.Helper()
	c, err := a.IssueAgency(code, time.Hour)
	if err != nil {
		tb.Fatalf("IssueAgency(%q): %v", code, err)
	}
	return c
}

// parseCred parses a credential's certificate.
func parseCred(tb testing.TB, c *Credential) *x509.Certificate {
	tb.Helper()
	pair := keyPair(tb, c)
	return pair.Leaf
}

// keyPair turns a credential into a tls.Certificate.
func keyPair(tb testing.TB, c *Credential) tls.Certificate {
	tb.Helper()
	pair, err := tls.X509KeyPair(c.CertPEM, c.KeyPEM)
	if err != nil {
		tb.Fatalf("X509KeyPair: %v", err)
	}
	return pair
}

// clientTemplate is a client certificate template for hand-made certificates.
func clientTemplate(cn string, uris ...string) *x509.Certificate {
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: cn},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	for _, u := range uris {
		parsed, _ := url.Parse(u)
		tmpl.URIs = append(tmpl.URIs, parsed)
	}
	return tmpl
}

// signTemplate has the CA sign tmpl for pub, so tests can make certificates
// the issuing methods never would (weak keys, wrong SANs).
func signTemplate(tb testing.TB, a *Authority, tmpl *x509.Certificate, pub crypto.PublicKey) *x509.Certificate {
	tb.Helper()
	if err := a.prepare(tmpl, time.Hour); err != nil {
		tb.Fatalf("prepare: %v", err)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.cert, pub, a.key)
	if err != nil {
		tb.Fatalf("CreateCertificate: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatalf("ParseCertificate: %v", err)
	}
	return cert
}

// fileMode returns the permission bits of path.
func fileMode(tb testing.TB, path string) os.FileMode {
	tb.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		tb.Fatalf("stat: %v", err)
	}
	return fi.Mode().Perm()
}

// writeFile writes a test fixture.
func writeFile(tb testing.TB, path string, data []byte) {
	tb.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		tb.Fatalf("write %s: %v", path, err)
	}
}
