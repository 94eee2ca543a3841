package certs

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// File names of the exchange CA inside its directory.
const (
	CACertFile = "ca.crt"
	CAKeyFile  = "ca.key"
)

// CA defaults.
const (
	// CACommonName is the subject common name of the exchange CA.
	CACommonName = "gdx exchange CA"
	// DefaultCAOrganization is the CA's subject organization when
	// InitOptions.Organization is empty.
	DefaultCAOrganization = "gdx"
	// DefaultCAValidity is the CA's lifetime when InitOptions.Validity is zero.
	DefaultCAValidity = 10 * 365 * 24 * time.Hour
)

// clockSkew backdates NotBefore so that peers with slow clocks accept new
// certificates at once.
const clockSkew = 5 * time.Minute

// InitOptions tune Init. The zero value gives the defaults.
type InitOptions struct {
	// Organization is the CA subject's O; default DefaultCAOrganization.
	Organization string
	// Validity is the CA's lifetime; default DefaultCAValidity.
	Validity time.Duration
}

// Authority is the exchange CA: its certificate and signing key. It issues
// every certificate the exchange trusts. It is safe for concurrent use.
type Authority struct {
	cert    *x509.Certificate
	certPEM []byte
	key     crypto.Signer
}

// Init creates a new ECDSA P-256 exchange CA and writes dir/ca.crt (0644) and
// dir/ca.key (0600, PKCS#8 PEM), creating dir (0700) if needed. It refuses,
// with an error wrapping ErrExists, when dir/ca.key already exists.
func Init(dir string, opts InitOptions) (*Authority, error) {
	keyPath := filepath.Join(dir, CAKeyFile)
	if _, err := os.Lstat(keyPath); err == nil {
		return nil, fmt.Errorf("init CA: %s: %w", keyPath, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("init CA: %w", err)
	}
	a, err := newAuthority(opts)
	if err != nil {
		return nil, fmt.Errorf("init CA: %w", err)
	}
	keyPEM, err := encodeKey(a.key)
	if err != nil {
		return nil, fmt.Errorf("init CA: %w", err)
	}
	// NOTE: the certificate goes first, so a crash between the two writes
	// leaves no ca.key and a rerun of Init can finish the job.
	if err := writeFileAtomic(filepath.Join(dir, CACertFile), a.certPEM, 0o644); err != nil {
		return nil, fmt.Errorf("init CA: %w", err)
	}
	if err := writeFileNew(keyPath, keyPEM, 0o600); err != nil {
		return nil, fmt.Errorf("init CA: %w", err)
	}
	return a, nil
}

// Load reads the CA that Init wrote to dir. A missing file gives ErrNotFound,
// bad PEM or DER gives ErrCorrupt, and a key that does not match the
// certificate or a certificate that is not a CA gives ErrInvalid; each error
// names the file.
func Load(dir string) (*Authority, error) {
	certPath := filepath.Join(dir, CACertFile)
	keyPath := filepath.Join(dir, CAKeyFile)
	certPEM, cert, err := readCertFile(certPath, "CA certificate")
	if err != nil {
		return nil, loadError(err)
	}
	_, key, err := readKeyFile(keyPath, "CA key")
	if err != nil {
		return nil, loadError(err)
	}
	if err := checkCA(cert, certPath); err != nil {
		return nil, loadError(err)
	}
	if err := matchKey(cert, key, certPath, keyPath); err != nil {
		return nil, loadError(err)
	}
	return &Authority{cert: cert, certPEM: certPEM, key: key}, nil
}

// loadError adds the hint for a CA that was never created.
func loadError(err error) error {
	if errors.Is(err, ErrNotFound) {
		return fmt.Errorf("load CA: %w; run `gdx certs init` first", err)
	}
	return fmt.Errorf("load CA: %w", err)
}

// checkCA refuses a certificate that may not sign certificates.
func checkCA(cert *x509.Certificate, path string) error {
	if !cert.BasicConstraintsValid || !cert.IsCA || cert.KeyUsage&x509.KeyUsageCertSign == 0 {
		return fmt.Errorf("CA certificate %s: %w: not a CA certificate", path, ErrInvalid)
	}
	return nil
}

// newAuthority generates a key and a self-signed CA certificate in memory.
func newAuthority(opts InitOptions) (*Authority, error) {
	if opts.Organization == "" {
		opts.Organization = DefaultCAOrganization
	}
	if opts.Validity <= 0 {
		opts.Validity = DefaultCAValidity
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate CA key: %w", err)
	}
	serial, err := newSerial()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: CACommonName, Organization: []string{opts.Organization}},
		NotBefore:             now.Add(-clockSkew),
		NotAfter:              now.Add(opts.Validity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("create CA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("parse CA certificate: %w", err)
	}
	return &Authority{cert: cert, certPEM: encodeCert(der), key: key}, nil
}

// Certificate returns the CA certificate. Callers must not modify it.
func (a *Authority) Certificate() *x509.Certificate { return a.cert }

// CertPEM returns the CA certificate as PEM, as written to ca.crt.
func (a *Authority) CertPEM() []byte { return append([]byte(nil), a.certPEM...) }

// Pool returns a new certificate pool holding only the CA certificate, for
// tls.Config.ClientCAs and RootCAs.
func (a *Authority) Pool() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(a.cert)
	return pool
}

// LoadCAPool reads the exchange CA certificate alone, for processes that
// verify certificates but must not hold the CA key (the gateway).
func LoadCAPool(path string) (*x509.CertPool, error) {
	_, cert, err := readCertFile(path, "CA certificate")
	if err != nil {
		return nil, loadError(err)
	}
	if err := checkCA(cert, path); err != nil {
		return nil, loadError(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return pool, nil
}
