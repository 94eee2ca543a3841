package certs

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"strings"
)

// Key strength minimums for client certificates.
const (
	// MinRSABits is the smallest RSA modulus accepted.
	MinRSABits = 2048
	// MinECDSABits is the smallest ECDSA curve size accepted (P-256).
	MinECDSABits = 256
)

// Agency code length bounds; see ValidateAgencyCode.
const (
	minAgencyCode = 2
	maxAgencyCode = 16
	maxUpstream   = 64
)

// ValidateAgencyCode reports, with an error wrapping ErrInvalid, whether code
// is not 2–16 characters of A–Z, 0–9 and '-'.
func ValidateAgencyCode(code string) error {
	if len(code) < minAgencyCode || len(code) > maxAgencyCode || !onlyChars(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") {
		return fmt.Errorf("agency code %q: %w: must be %d–%d characters of A–Z, 0–9 and '-'",
			code, ErrInvalid, minAgencyCode, maxAgencyCode)
	}
	return nil
}

// validateUpstreamName checks the name in a urn:gdx:gateway: SAN URI.
func validateUpstreamName(name string) error {
	const allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"
	if name == "" || len(name) > maxUpstream || !onlyChars(name, allowed) {
		return fmt.Errorf("upstream name %q: %w: must be 1–%d characters of letters, digits, '.', '_' and '-'",
			name, ErrInvalid, maxUpstream)
	}
	return nil
}

// validDNSName accepts host names and leading-wildcard names such as
// *.gdx.example, without judging whether they resolve.
func validDNSName(name string) bool {
	name = strings.TrimPrefix(name, "*.")
	if name == "" || len(name) > 253 {
		return false
	}
	for _, label := range strings.Split(name, ".") {
		if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return false
		}
		if !onlyChars(strings.ToLower(label), "abcdefghijklmnopqrstuvwxyz0123456789-") {
			return false
		}
	}
	return true
}

// onlyChars reports whether every byte of s is in allowed.
func onlyChars(s, allowed string) bool {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(allowed, rune(s[i])) {
			return false
		}
	}
	return true
}

// AgencyFromCertificate returns the agency code a client certificate names.
// The certificate must carry exactly one urn:gdx:agency:<CODE> SAN URI, the
// code must be valid and the subject CN must equal it; otherwise the error
// wraps ErrInvalid. It does not verify the chain.
func AgencyFromCertificate(cert *x509.Certificate) (string, error) {
	if cert == nil {
		return "", fmt.Errorf("agency certificate: %w: none", ErrInvalid)
	}
	var codes []string
	for _, u := range cert.URIs {
		if s := u.String(); strings.HasPrefix(s, AgencyURIPrefix) {
			codes = append(codes, strings.TrimPrefix(s, AgencyURIPrefix))
		}
	}
	switch {
	case len(codes) == 0:
		return "", fmt.Errorf("certificate %s SAN: %w: no %s URI", Serial(cert), ErrInvalid, AgencyURIPrefix)
	case len(codes) > 1:
		return "", fmt.Errorf("certificate %s SAN: %w: %d agency URIs, want one", Serial(cert), ErrInvalid, len(codes))
	}
	if err := ValidateAgencyCode(codes[0]); err != nil {
		return "", fmt.Errorf("certificate %s SAN: %w", Serial(cert), err)
	}
	if cn := cert.Subject.CommonName; cn != codes[0] {
		return "", fmt.Errorf("certificate %s subject CN %q: %w: does not match SAN URI code %q",
			Serial(cert), cn, ErrInvalid, codes[0])
	}
	return codes[0], nil
}

// Thumbprint returns the RFC 8705 §3.1 x5t#S256 value of cert: the SHA-256
// of its DER encoding, base64url without padding.
func Thumbprint(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// Serial returns cert's serial number in lowercase hex without leading
// zeros, the form used in Issued, Store and RevocationSource.
func Serial(cert *x509.Certificate) string {
	if cert == nil || cert.SerialNumber == nil {
		return ""
	}
	return cert.SerialNumber.Text(16)
}

// normalizeSerial puts a serial written by hand (upper case, leading zeros,
// colons) into the form Serial returns.
func normalizeSerial(s string) string {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), ":", ""))
	if t := strings.TrimLeft(s, "0"); t != "" {
		return t
	}
	return s
}

// CheckClientKey refuses, with an error wrapping ErrInvalid, a certificate
// whose public key is RSA below MinRSABits, ECDSA on a curve below P-256, or
// of another type than RSA, ECDSA and Ed25519.
func CheckClientKey(cert *x509.Certificate) error {
	if cert == nil {
		return fmt.Errorf("client certificate: %w: none", ErrInvalid)
	}
	switch pub := cert.PublicKey.(type) {
	case *rsa.PublicKey:
		if bits := pub.N.BitLen(); bits < MinRSABits {
			return weakKey(cert, fmt.Sprintf("RSA %d bits, need at least %d", bits, MinRSABits))
		}
	case *ecdsa.PublicKey:
		if pub.Curve == nil || pub.Curve.Params().BitSize < MinECDSABits {
			return weakKey(cert, "ECDSA curve below P-256")
		}
	case ed25519.PublicKey:
	default:
		return weakKey(cert, fmt.Sprintf("unsupported key type %T", pub))
	}
	return nil
}

// weakKey builds CheckClientKey's error.
func weakKey(cert *x509.Certificate, why string) error {
	return fmt.Errorf("client certificate %s (%q) key: %w: %s", Serial(cert), cert.Subject.CommonName, ErrInvalid, why)
}
