package certs

import "errors"

// Sentinel errors. Every error this package returns wraps at most one of them
// and names the file, field or serial it concerns; test with errors.Is.
var (
	// ErrExists reports that a file or record that must be new already exists.
	ErrExists = errors.New("already exists")

	// ErrNotFound reports a missing file, certificate or record.
	ErrNotFound = errors.New("not found")

	// ErrCorrupt reports a file that cannot be decoded: bad PEM, DER or JSON.
	ErrCorrupt = errors.New("corrupt")

	// ErrRevoked reports a revoked certificate, or a second revocation of one.
	ErrRevoked = errors.New("revoked")

	// ErrInvalid reports a value that decodes but is not acceptable: a bad
	// agency code, a weak key, a key that does not match its certificate.
	ErrInvalid = errors.New("invalid")

	// ErrStale reports that the revocation list has never been loaded or was
	// last loaded longer ago than MaxRevocationAge, so no client is trusted.
	ErrStale = errors.New("revocation list is stale")
)
