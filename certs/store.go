package certs

import (
	"context"
	"time"
)

// Kinds of issued certificate, as recorded in Issued.Kind.
const (
	KindServer   = "server"   // the gateway's TLS server certificate
	KindAgency   = "agency"   // an agency's mTLS client certificate
	KindUpstream = "upstream" // the gateway's client certificate to backing agencies
)

// Issued records one certificate the exchange CA issued. Stores keep it for
// listing and revocation; it holds no key material.
type Issued struct {
	// Serial is the certificate serial number in lowercase hex, no leading
	// zeros (see Serial).
	Serial string
	// Kind is KindServer, KindAgency or KindUpstream.
	Kind string
	// Subject is the subject common name.
	Subject string
	// Agency is the agency code for KindAgency, else empty.
	Agency string
	// DNSNames and IPs are the DNS and IP address SANs (IPs in text form).
	DNSNames []string
	IPs      []string
	// NotBefore and NotAfter bound the validity period.
	NotBefore time.Time
	NotAfter  time.Time
	// Thumbprint is the RFC 8705 §3.1 x5t#S256 value (see Thumbprint).
	Thumbprint string
	// RevokedAt is when the certificate was revoked; nil if it is not.
	RevokedAt *time.Time
	// RevocationReason is the operator's reason for the revocation.
	RevocationReason string
}

// RevocationSource lists revoked certificate serials (lowercase hex).
type RevocationSource interface {
	// RevokedSerials returns the serials of every revoked certificate, in
	// any order. Errors are the backend's (database unavailable and so on).
	RevokedSerials(ctx context.Context) ([]string, error)
}

// Store keeps the record of issued certificates and their revocations. Its
// backends live in subpackages and must pass certs/certstest.Run. A Store is a
// RevocationSource.
type Store interface {
	// RecordIssued stores a newly issued certificate. It returns an error
	// wrapping ErrExists if the serial is already recorded. RevokedAt and
	// RevocationReason of c are ignored.
	RecordIssued(ctx context.Context, c Issued) error

	// ListIssued returns every recorded certificate, revoked ones included,
	// ordered by NotBefore and then Serial.
	ListIssued(ctx context.Context) ([]Issued, error)

	// Revoke marks the certificate with the given serial revoked at at, for
	// reason. It returns an error wrapping ErrNotFound for an unknown serial
	// and one wrapping ErrRevoked if it is already revoked.
	Revoke(ctx context.Context, serial, reason string, at time.Time) error

	// RevokedSerials returns the serials of all revoked certificates.
	RevokedSerials(ctx context.Context) ([]string, error)
}
