package certs

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"strings"
	"time"
)

// DefaultValidity is the lifetime of an issued certificate when the caller
// passes a zero validity.
const DefaultValidity = 365 * 24 * time.Hour

// SAN URI prefixes naming the holder of a client certificate.
const (
	AgencyURIPrefix  = "urn:gdx:agency:"
	GatewayURIPrefix = "urn:gdx:gateway:"
)

// Subject organizations of issued certificates.
const (
	agencyOrganization   = "gdx agency"
	gatewayOrganization  = "gdx gateway"
	serverDefaultSubject = "localhost"
)

// defaultServerNames are always in a server certificate, so the gateway can be
// reached on loopback whatever names the operator adds.
var defaultServerNames = []string{"127.0.0.1", "::1", "localhost"}

// Credential is a newly issued certificate with its private key.
type Credential struct {
	// Issued describes the certificate, for Store.RecordIssued.
	Issued Issued
	// CertPEM is the certificate as PEM.
	CertPEM []byte
	// KeyPEM is the private key as PKCS#8 PEM. Keep it secret.
	KeyPEM []byte
}

// Write writes the credential to dir/certName (0644) and dir/keyName (0600);
// see WritePair.
func (c *Credential) Write(dir, certName, keyName string) error {
	return WritePair(dir, certName, keyName, c.CertPEM, c.KeyPEM)
}

// IssueServer issues a TLS server certificate (ExtKeyUsage ServerAuth) with
// SANs 127.0.0.1, ::1, localhost and names; names that parse as IP addresses
// become IP SANs. A zero validity means DefaultValidity.
func (a *Authority) IssueServer(names []string, validity time.Duration) (*Credential, error) {
	dns, ips, err := serverSANs(names)
	if err != nil {
		return nil, fmt.Errorf("issue server certificate: %w", err)
	}
	subject := serverDefaultSubject
	if len(names) > 0 {
		subject = strings.TrimSpace(names[0])
	}
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: subject, Organization: []string{gatewayOrganization}},
		DNSNames:    dns,
		IPAddresses: ips,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	return a.issue(KindServer, tmpl, validity)
}

// IssueAgency issues an agency's mTLS client certificate: ExtKeyUsage
// ClientAuth, subject CN=code, O="gdx agency", SAN URI urn:gdx:agency:<code>.
// The code must pass ValidateAgencyCode. A zero validity means
// DefaultValidity.
func (a *Authority) IssueAgency(code string, validity time.Duration) (*Credential, error) {
	if err := ValidateAgencyCode(code); err != nil {
		return nil, fmt.Errorf("issue agency certificate: %w", err)
	}
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: code, Organization: []string{agencyOrganization}},
		URIs:        []*url.URL{urn(AgencyURIPrefix, code)},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	return a.issue(KindAgency, tmpl, validity)
}

// IssueUpstream issues the client certificate the gateway presents to backing
// agencies: ExtKeyUsage ClientAuth, SAN URI urn:gdx:gateway:<name>. The name
// is 1–64 characters of letters, digits, '.', '_' and '-'. A zero validity
// means DefaultValidity.
func (a *Authority) IssueUpstream(name string, validity time.Duration) (*Credential, error) {
	if err := validateUpstreamName(name); err != nil {
		return nil, fmt.Errorf("issue upstream certificate: %w", err)
	}
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: name, Organization: []string{gatewayOrganization}},
		URIs:        []*url.URL{urn(GatewayURIPrefix, name)},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	return a.issue(KindUpstream, tmpl, validity)
}

// issue completes tmpl with a fresh P-256 key, serial and validity, and signs it.
func (a *Authority) issue(kind string, tmpl *x509.Certificate, validity time.Duration) (*Credential, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("issue %s certificate: generate key: %w", kind, err)
	}
	if err := a.prepare(tmpl, validity); err != nil {
		return nil, fmt.Errorf("issue %s certificate: %w", kind, err)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.cert, key.Public(), a.key)
	if err != nil {
		return nil, fmt.Errorf("issue %s certificate: %w", kind, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("issue %s certificate: parse: %w", kind, err)
	}
	keyPEM, err := encodeKey(key)
	if err != nil {
		return nil, fmt.Errorf("issue %s certificate: %w", kind, err)
	}
	return &Credential{Issued: describe(kind, cert), CertPEM: encodeCert(der), KeyPEM: keyPEM}, nil
}

// prepare sets the serial, validity period and key usage of a leaf template.
// NotAfter never passes the CA's own NotAfter.
func (a *Authority) prepare(tmpl *x509.Certificate, validity time.Duration) error {
	if validity < 0 {
		return fmt.Errorf("validity %s: %w: negative", validity, ErrInvalid)
	}
	if validity == 0 {
		validity = DefaultValidity
	}
	now := time.Now()
	if !now.Before(a.cert.NotAfter) {
		return fmt.Errorf("CA certificate: %w: expired at %s", ErrInvalid, a.cert.NotAfter.Format(time.RFC3339))
	}
	serial, err := newSerial()
	if err != nil {
		return err
	}
	tmpl.SerialNumber = serial
	tmpl.NotBefore = now.Add(-clockSkew)
	tmpl.NotAfter = now.Add(validity)
	if tmpl.NotAfter.After(a.cert.NotAfter) {
		tmpl.NotAfter = a.cert.NotAfter
	}
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	tmpl.BasicConstraintsValid = true
	return nil
}

// newSerial returns a random, non-zero 128-bit serial number.
func newSerial() (*big.Int, error) {
	limit := new(big.Int).Lsh(big.NewInt(1), 128)
	for {
		n, err := rand.Int(rand.Reader, limit)
		if err != nil {
			return nil, fmt.Errorf("generate serial: %w", err)
		}
		if n.Sign() > 0 {
			return n, nil
		}
	}
}

// describe builds the Issued record of a certificate.
func describe(kind string, cert *x509.Certificate) Issued {
	is := Issued{
		Serial:     Serial(cert),
		Kind:       kind,
		Subject:    cert.Subject.CommonName,
		DNSNames:   cert.DNSNames,
		NotBefore:  cert.NotBefore,
		NotAfter:   cert.NotAfter,
		Thumbprint: Thumbprint(cert),
	}
	for _, ip := range cert.IPAddresses {
		is.IPs = append(is.IPs, ip.String())
	}
	if kind == KindAgency {
		is.Agency, _ = AgencyFromCertificate(cert)
	}
	return is
}

// serverSANs splits the default and given names into DNS and IP SANs,
// dropping duplicates.
func serverSANs(names []string) ([]string, []net.IP, error) {
	var dns []string
	var ips []net.IP
	seen := map[string]bool{}
	for _, n := range append(append([]string(nil), defaultServerNames...), names...) {
		n = strings.TrimSpace(n)
		ip := net.ParseIP(n)
		switch {
		case ip != nil && !seen[ip.String()]:
			seen[ip.String()] = true
			ips = append(ips, ip)
		case ip == nil && !validDNSName(n):
			return nil, nil, fmt.Errorf("server name %q: %w: not a DNS name or IP address", n, ErrInvalid)
		case ip == nil && !seen[strings.ToLower(n)]:
			seen[strings.ToLower(n)] = true
			dns = append(dns, strings.ToLower(n))
		}
	}
	return dns, ips, nil
}

// urn builds a SAN URI such as urn:gdx:agency:DLA from its prefix and name.
func urn(prefix, name string) *url.URL {
	return &url.URL{Scheme: "urn", Opaque: strings.TrimPrefix(prefix, "urn:") + name}
}
