package certs

import (
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// PEM block types this package reads and writes.
const (
	pemCertificate = "CERTIFICATE"
	pemPKCS8       = "PRIVATE KEY"
	pemSEC1        = "EC PRIVATE KEY"
	pemPKCS1       = "RSA PRIVATE KEY"
)

// WritePair writes certPEM to dir/certName (mode 0644) and keyPEM to
// dir/keyName (mode 0600), creating dir with mode 0700 if needed. Each file
// is written to a temporary file and renamed, so a reader never sees a
// half-written file.
func WritePair(dir, certName, keyName string, certPEM, keyPEM []byte) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create directory %s: %w", dir, err)
	}
	if err := writeFileAtomic(filepath.Join(dir, certName), certPEM, 0o644); err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, keyName), keyPEM, 0o600)
}

// LoadKeyPair reads a PEM certificate (optionally followed by its chain) and
// its PEM private key. Errors name the file: ErrNotFound for a missing file,
// ErrCorrupt for bad PEM or DER, ErrInvalid for a key that does not match.
func LoadKeyPair(certFile, keyFile string) (tls.Certificate, error) {
	certPEM, cert, err := readCertFile(certFile, "certificate")
	if err != nil {
		return tls.Certificate{}, err
	}
	keyPEM, key, err := readKeyFile(keyFile, "private key")
	if err != nil {
		return tls.Certificate{}, err
	}
	if err := matchKey(cert, key, certFile, keyFile); err != nil {
		return tls.Certificate{}, err
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("key pair %s, %s: %w: %w", certFile, keyFile, ErrCorrupt, err)
	}
	return pair, nil
}

// readFile reads path; a missing file is ErrNotFound naming what it is.
func readFile(path, what string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s %s: %w", what, path, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", what, path, err)
	}
	return data, nil
}

// decodePEM returns the first PEM block of data, which must have one of types.
func decodePEM(path, what string, data []byte, types ...string) (*pem.Block, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("%s %s: %w: no PEM block", what, path, ErrCorrupt)
	}
	if !slices.Contains(types, block.Type) {
		return nil, fmt.Errorf("%s %s: %w: PEM block is %q, want %q", what, path, ErrCorrupt, block.Type, types)
	}
	return block, nil
}

// readCertFile reads and parses the first certificate of a PEM file.
func readCertFile(path, what string) ([]byte, *x509.Certificate, error) {
	data, err := readFile(path, what)
	if err != nil {
		return nil, nil, err
	}
	block, err := decodePEM(path, what, data, pemCertificate)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: %w: %w", what, path, ErrCorrupt, err)
	}
	return data, cert, nil
}

// readKeyFile reads and parses a PEM private key (PKCS#8, SEC 1 or PKCS#1).
func readKeyFile(path, what string) ([]byte, crypto.Signer, error) {
	data, err := readFile(path, what)
	if err != nil {
		return nil, nil, err
	}
	block, err := decodePEM(path, what, data, pemPKCS8, pemSEC1, pemPKCS1)
	if err != nil {
		return nil, nil, err
	}
	key, err := parseKey(block)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: %w: %w", what, path, ErrCorrupt, err)
	}
	return data, key, nil
}

// parseKey decodes a private key block into a signer.
func parseKey(block *pem.Block) (crypto.Signer, error) {
	var key any
	var err error
	switch block.Type {
	case pemSEC1:
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case pemPKCS1:
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	default:
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	}
	if err != nil {
		return nil, err
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("key type %T cannot sign", key)
	}
	return signer, nil
}

// encodeKey returns key as a PKCS#8 PEM block.
func encodeKey(key crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encode private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemPKCS8, Bytes: der}), nil
}

// encodeCert returns DER bytes as a CERTIFICATE PEM block.
func encodeCert(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: pemCertificate, Bytes: der})
}

// matchKey checks that key is the private half of cert's public key.
func matchKey(cert *x509.Certificate, key crypto.Signer, certFile, keyFile string) error {
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(cert.PublicKey) {
		return fmt.Errorf("private key %s: %w: does not match certificate %s", keyFile, ErrInvalid, certFile)
	}
	return nil
}
