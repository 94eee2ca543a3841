package certs

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log/slog"
	"time"
)

// Revocation timing.
const (
	// DefaultRevocationRefresh is how often a started RevocationChecker
	// reloads the list when NewRevocationChecker gets a zero interval, so a
	// revocation takes effect within a few seconds without a restart.
	DefaultRevocationRefresh = 2 * time.Second
	// MaxRevocationAge is how old the last successful load may be before the
	// checker refuses every client (fail closed).
	MaxRevocationAge = 30 * time.Second
	// refreshTimeout bounds one load, so a hung source cannot stall the loop.
	refreshTimeout = 10 * time.Second
)

// RevocationChecker keeps an in-memory copy of the revoked serials, reloaded
// in the background, and checks peers against it during TLS handshakes. Reads
// are lock-free. It fails closed: until a load succeeds, or once the last
// success is older than MaxRevocationAge, every check fails with ErrStale.
type RevocationChecker struct {
	snap *snapshot[map[string]struct{}]
}

// NewRevocationChecker returns a checker reading from src. A refresh of zero
// or less means DefaultRevocationRefresh; a nil logger discards. Call Start
// (or Refresh) before the checker accepts anyone.
func NewRevocationChecker(src RevocationSource, refresh time.Duration, logger *slog.Logger) *RevocationChecker {
	load := func(ctx context.Context) (map[string]struct{}, error) {
		serials, err := src.RevokedSerials(ctx)
		if err != nil {
			return nil, err
		}
		set := make(map[string]struct{}, len(serials))
		for _, s := range serials {
			set[normalizeSerial(s)] = struct{}{}
		}
		return set, nil
	}
	return &RevocationChecker{snap: newSnapshot("revocation list", load, refresh, logger)}
}

// Start loads the list at once and then every refresh interval, in a
// goroutine that ends when ctx is done. Failed loads are logged and retried;
// the previous list stays in use until it is older than MaxRevocationAge.
// Call Start once.
func (c *RevocationChecker) Start(ctx context.Context) { c.snap.start(ctx) }

// Follow reloads the list whenever ch announces a change of one of
// tables (the certs store's issued-certificate table): before the
// revocation returns in the process that made it, and within the feed's
// delivery time on every other replica. Call it before Start.
func (c *RevocationChecker) Follow(ch Changes, tables ...string) { c.snap.follow(ch, tables) }

// Refresh loads the revoked serials from the source now and swaps them in.
// On error the previous list stays.
func (c *RevocationChecker) Refresh(ctx context.Context) error { return c.snap.reload(ctx) }

// IsRevoked reports whether serial (hex, any case) is in the last loaded
// list. It says nothing about freshness: before any load it returns false.
// Use Check or VerifyConnection to decide whether to trust a peer.
func (c *RevocationChecker) IsRevoked(serial string) bool {
	cur := c.snap.get()
	if cur == nil {
		return false
	}
	_, ok := cur.value[normalizeSerial(serial)]
	return ok
}

// Fresh returns an error wrapping ErrStale if the list has never loaded or
// its last successful load is older than MaxRevocationAge; a nil checker is
// never fresh. Health checks can report it.
func (c *RevocationChecker) Fresh() error {
	if c == nil {
		return fmt.Errorf("%w: no revocation checker configured", ErrStale)
	}
	return c.snap.fresh()
}

// Check refuses cert if the list is stale (ErrStale) or cert's serial is
// revoked (ErrRevoked).
func (c *RevocationChecker) Check(cert *x509.Certificate) error {
	if err := c.Fresh(); err != nil {
		return fmt.Errorf("certificate %s: %w", Serial(cert), err)
	}
	if c.IsRevoked(Serial(cert)) {
		return fmt.Errorf("certificate %s (%q): %w", Serial(cert), cert.Subject.CommonName, ErrRevoked)
	}
	return nil
}

// VerifyConnection checks the peer's leaf certificate with Check; it fits
// tls.Config.VerifyConnection and runs on resumed sessions too. A peer with
// no certificate is refused with ErrInvalid.
func (c *RevocationChecker) VerifyConnection(cs tls.ConnectionState) error {
	if len(cs.PeerCertificates) == 0 {
		return fmt.Errorf("peer certificate: %w: none presented", ErrInvalid)
	}
	return c.Check(cs.PeerCertificates[0])
}
