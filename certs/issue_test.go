package certs

import (
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestIssueAgency(t *testing.T) {
	a, _ := newTestCA(t)
	c := mustIssueAgency(t, a, "DLA")
	cert := parseCred(t, c)
	if len(cert.URIs) != 1 || cert.URIs[0].String() != "urn:gdx:agency:DLA" {
		t.Errorf("URIs = %v, want [urn:gdx:agency:DLA]", cert.URIs)
	}
	if cert.Subject.CommonName != "DLA" || !slices.Equal(cert.Subject.Organization, []string{"gdx agency"}) {
		t.Errorf("subject = %v", cert.Subject)
	}
	opts := x509.VerifyOptions{Roots: a.Pool(), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	if _, err := cert.Verify(opts); err != nil {
		t.Errorf("Verify as client: %v", err)
	}
	opts.KeyUsages = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	if _, err := cert.Verify(opts); err == nil {
		t.Errorf("agency certificate verifies as a server certificate")
	}
	want := Issued{Serial: Serial(cert), Kind: KindAgency, Subject: "DLA", Agency: "DLA",
		NotBefore: cert.NotBefore, NotAfter: cert.NotAfter, Thumbprint: Thumbprint(cert)}
	if got := c.Issued; !issuedEqual(got, want) {
		t.Errorf("Issued = %+v, want %+v", got, want)
	}
}

func TestIssueAgencyInvalidCode(t *testing.T) {
	a, _ := newTestCA(t)
	for _, code := range []string{"", "D", "dla", "DL A", "TOOLONGAGENCYCODE", "DLA_1", "ดลา"} {
		t.Run(code, func(t *testing.T) {
			_, err := a.IssueAgency(code, time.Hour)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "agency code") {
				t.Errorf("IssueAgency(%q) = %v, want ErrInvalid naming the agency code", code, err)
			}
		})
	}
	for _, code := range []string{"RD", "DOPA", "NOGRANT", "A-1", "ABCDEFGHIJKLMNOP"} {
		if err := ValidateAgencyCode(code); err != nil {
			t.Errorf("ValidateAgencyCode(%q) = %v", code, err)
		}
	}
}

func TestIssueServer(t *testing.T) {
	a, _ := newTestCA(t)
	c, err := a.IssueServer([]string{"gdx.example", "10.1.2.3", "LOCALHOST", "::1"}, 0)
	if err != nil {
		t.Fatalf("IssueServer: %v", err)
	}
	cert := parseCred(t, c)
	if want := []string{"localhost", "gdx.example"}; !slices.Equal(cert.DNSNames, want) {
		t.Errorf("DNSNames = %v, want %v", cert.DNSNames, want)
	}
	if want := []string{"127.0.0.1", "::1", "10.1.2.3"}; !slices.Equal(c.Issued.IPs, want) {
		t.Errorf("IPs = %v, want %v", c.Issued.IPs, want)
	}
	for _, host := range []string{"127.0.0.1", "::1", "localhost", "gdx.example", "10.1.2.3"} {
		opts := x509.VerifyOptions{Roots: a.Pool(), DNSName: host}
		if _, err := cert.Verify(opts); err != nil {
			t.Errorf("Verify for %s: %v", host, err)
		}
	}
	if d := cert.NotAfter.Sub(cert.NotBefore); d < DefaultValidity {
		t.Errorf("default validity = %v, want at least %v", d, DefaultValidity)
	}
	if _, err := a.IssueServer([]string{"bad name/x"}, 0); !errors.Is(err, ErrInvalid) {
		t.Errorf("IssueServer(bad name) = %v, want ErrInvalid", err)
	}
}

func TestIssueUpstream(t *testing.T) {
	a, _ := newTestCA(t)
	c, err := a.IssueUpstream("gateway-1", time.Hour)
	if err != nil {
		t.Fatalf("IssueUpstream: %v", err)
	}
	cert := parseCred(t, c)
	if len(cert.URIs) != 1 || cert.URIs[0].String() != "urn:gdx:gateway:gateway-1" {
		t.Errorf("URIs = %v", cert.URIs)
	}
	if c.Issued.Kind != KindUpstream || c.Issued.Agency != "" {
		t.Errorf("Issued = %+v", c.Issued)
	}
	if _, err := a.IssueUpstream("bad name", time.Hour); !errors.Is(err, ErrInvalid) {
		t.Errorf("IssueUpstream(bad name) = %v, want ErrInvalid", err)
	}
}

func TestIssueSerialsAndValidity(t *testing.T) {
	a, _ := newTestCA(t)
	hex := regexp.MustCompile(`^[0-9a-f]{1,32}$`)
	seen := map[string]bool{}
	for range 20 {
		s := mustIssueAgency(t, a, "DLA").Issued.Serial
		if !hex.MatchString(s) || seen[s] {
			t.Fatalf("serial %q is not fresh lowercase hex of at most 128 bits", s)
		}
		seen[s] = true
	}
	c, err := a.IssueAgency("DLA", 100*365*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Issued.NotAfter.Equal(a.Certificate().NotAfter) {
		t.Errorf("NotAfter = %v, want capped at the CA's %v", c.Issued.NotAfter, a.Certificate().NotAfter)
	}
	if _, err := a.IssueAgency("DLA", -time.Hour); !errors.Is(err, ErrInvalid) {
		t.Errorf("negative validity = %v, want ErrInvalid", err)
	}
}

func TestWritePairAndLoadKeyPair(t *testing.T) {
	a, _ := newTestCA(t)
	c := mustIssueAgency(t, a, "DOPA")
	dir := filepath.Join(t.TempDir(), "agencies", "DOPA")
	if err := c.Write(dir, "client.crt", "client.key"); err != nil {
		t.Fatalf("Write: %v", err)
	}
	modes := map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "client.crt"): 0o644, filepath.Join(dir, "client.key"): 0o600}
	for path, want := range modes {
		if got := fileMode(t, path); got != want {
			t.Errorf("%s mode = %o, want %o", path, got, want)
		}
	}
	pair, err := LoadKeyPair(filepath.Join(dir, "client.crt"), filepath.Join(dir, "client.key"))
	if err != nil {
		t.Fatalf("LoadKeyPair: %v", err)
	}
	if Serial(pair.Leaf) != c.Issued.Serial {
		t.Errorf("loaded serial %s, want %s", Serial(pair.Leaf), c.Issued.Serial)
	}
}

func TestLoadKeyPairErrors(t *testing.T) {
	a, _ := newTestCA(t)
	c, other := mustIssueAgency(t, a, "DLA"), mustIssueAgency(t, a, "RD")
	tests := []struct {
		name            string
		certPEM, keyPEM []byte
		want            error
		file            string
	}{
		{"corrupt cert", []byte("junk"), c.KeyPEM, ErrCorrupt, "c.crt"},
		{"corrupt key", c.CertPEM, []byte("junk"), ErrCorrupt, "c.key"},
		{"key is a cert", c.CertPEM, c.CertPEM, ErrCorrupt, "c.key"},
		{"mismatch", c.CertPEM, other.KeyPEM, ErrInvalid, "c.key"},
		{"missing cert", nil, c.KeyPEM, ErrNotFound, "c.crt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.certPEM != nil {
				writeFile(t, filepath.Join(dir, "c.crt"), tt.certPEM)
			}
			writeFile(t, filepath.Join(dir, "c.key"), tt.keyPEM)
			_, err := LoadKeyPair(filepath.Join(dir, "c.crt"), filepath.Join(dir, "c.key"))
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.file) {
				t.Errorf("LoadKeyPair = %v, want %v naming %s", err, tt.want, tt.file)
			}
		})
	}
}

// issuedEqual compares records, treating nil and empty lists alike.
func issuedEqual(a, b Issued) bool {
	return a.Serial == b.Serial && a.Kind == b.Kind && a.Subject == b.Subject && a.Agency == b.Agency &&
		slices.Equal(a.DNSNames, b.DNSNames) && slices.Equal(a.IPs, b.IPs) &&
		a.NotBefore.Equal(b.NotBefore) && a.NotAfter.Equal(b.NotAfter) && a.Thumbprint == b.Thumbprint
}
