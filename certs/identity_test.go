package certs

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"testing"
)

func TestAgencyFromCertificate(t *testing.T) {
	a, _ := newTestCA(t)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	server, err := a.IssueServer(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		cert    func() *x509.Certificate
		want    string
		wantErr error
	}{
		{"issued", func() *x509.Certificate { return parseCred(t, mustIssueAgency(t, a, "DLA")) }, "DLA", nil},
		{"server cert", func() *x509.Certificate { return parseCred(t, server) }, "", ErrInvalid},
		{"nil", func() *x509.Certificate { return nil }, "", ErrInvalid},
		{"CN mismatch", func() *x509.Certificate {
			return signTemplate(t, a, clientTemplate("RD", "urn:gdx:agency:DLA"), key.Public())
		}, "", ErrInvalid},
		{"two URIs", func() *x509.Certificate {
			return signTemplate(t, a, clientTemplate("DLA", "urn:gdx:agency:DLA", "urn:gdx:agency:RD"), key.Public())
		}, "", ErrInvalid},
		{"bad code", func() *x509.Certificate {
			return signTemplate(t, a, clientTemplate("dla", "urn:gdx:agency:dla"), key.Public())
		}, "", ErrInvalid},
		{"gateway URI", func() *x509.Certificate {
			return signTemplate(t, a, clientTemplate("DLA", "urn:gdx:gateway:DLA"), key.Public())
		}, "", ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AgencyFromCertificate(tt.cert())
			if got != tt.want || !errors.Is(err, tt.wantErr) {
				t.Errorf("AgencyFromCertificate = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestThumbprint(t *testing.T) {
	a, _ := newTestCA(t)
	c := mustIssueAgency(t, a, "DLA")
	cert := parseCred(t, c)
	sum := sha256.Sum256(cert.Raw)
	want := base64.RawURLEncoding.EncodeToString(sum[:])
	if got := Thumbprint(cert); got != want || got != Thumbprint(parseCred(t, c)) || got != c.Issued.Thumbprint {
		t.Errorf("Thumbprint = %q, Issued %q, want %q every time", got, c.Issued.Thumbprint, want)
	}
	if other := Thumbprint(parseCred(t, mustIssueAgency(t, a, "DLA"))); other == want {
		t.Errorf("two certificates share thumbprint %q", want)
	}
}

func TestCheckClientKey(t *testing.T) {
	a, _ := newTestCA(t)
	tests := []struct {
		name    string
		key     func() (crypto.Signer, error)
		wantErr error
	}{
		{"RSA 1024", func() (crypto.Signer, error) { return rsa.GenerateKey(rand.Reader, 1024) }, ErrInvalid},
		{"RSA 2048", func() (crypto.Signer, error) { return rsa.GenerateKey(rand.Reader, 2048) }, nil},
		{"P-224", func() (crypto.Signer, error) { return ecdsa.GenerateKey(elliptic.P224(), rand.Reader) }, ErrInvalid},
		{"P-256", func() (crypto.Signer, error) { return ecdsa.GenerateKey(elliptic.P256(), rand.Reader) }, nil},
		{"P-384", func() (crypto.Signer, error) { return ecdsa.GenerateKey(elliptic.P384(), rand.Reader) }, nil},
		{"Ed25519", func() (crypto.Signer, error) { _, k, err := ed25519.GenerateKey(rand.Reader); return k, err }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, err := tt.key()
			if err != nil {
				t.Fatal(err)
			}
			cert := signTemplate(t, a, clientTemplate("DLA", "urn:gdx:agency:DLA"), key.Public())
			if err := CheckClientKey(cert); !errors.Is(err, tt.wantErr) {
				t.Errorf("CheckClientKey = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestNormalizeSerial(t *testing.T) {
	for in, want := range map[string]string{"00AB:CD": "abcd", " 1f ": "1f", "0": "0", "abc": "abc"} {
		if got := normalizeSerial(in); got != want {
			t.Errorf("normalizeSerial(%q) = %q, want %q", in, got, want)
		}
	}
}
