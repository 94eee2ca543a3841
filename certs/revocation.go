package certs

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log/slog"
	"sync/atomic"
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
	src     RevocationSource
	refresh time.Duration
	logger  *slog.Logger
	now     func() time.Time // replaced in tests
	set     atomic.Pointer[revocationSet]
	failing atomic.Bool // the last load failed; logs only on changes
}

// revocationSet is one loaded list; it is never modified after Store.
type revocationSet struct {
	serials  map[string]struct{}
	loadedAt time.Time
}

// NewRevocationChecker returns a checker reading from src. A refresh of zero
// or less means DefaultRevocationRefresh; a nil logger discards. Call Start
// (or Refresh) before the checker accepts anyone.
func NewRevocationChecker(src RevocationSource, refresh time.Duration, logger *slog.Logger) *RevocationChecker {
	if refresh <= 0 {
		refresh = DefaultRevocationRefresh
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &RevocationChecker{src: src, refresh: refresh, logger: logger, now: time.Now}
}

// Start loads the list at once and then every refresh interval, in a
// goroutine that ends when ctx is done. Failed loads are logged and retried;
// the previous list stays in use until it is older than MaxRevocationAge.
// Call Start once.
func (c *RevocationChecker) Start(ctx context.Context) {
	go c.loop(ctx)
}

// loop is Start's goroutine.
func (c *RevocationChecker) loop(ctx context.Context) {
	t := time.NewTicker(c.refresh)
	defer t.Stop()
	for {
		c.refreshAndLog(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// refreshAndLog runs one load and logs when loading starts or stops failing.
func (c *RevocationChecker) refreshAndLog(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, refreshTimeout)
	defer cancel()
	err := c.Refresh(ctx)
	switch {
	case err != nil && ctx.Err() == context.Canceled:
		return
	case err != nil && !c.failing.Swap(true):
		c.logger.Warn("revocation list refresh failing; clients are refused once it is stale",
			"err", err, "max_age", MaxRevocationAge)
	case err == nil && c.failing.Swap(false):
		c.logger.Info("revocation list refresh recovered")
	}
}

// Refresh loads the revoked serials from the source now and swaps them in.
// On error the previous list stays.
func (c *RevocationChecker) Refresh(ctx context.Context) error {
	serials, err := c.src.RevokedSerials(ctx)
	if err != nil {
		return fmt.Errorf("refresh revocation list: %w", err)
	}
	set := make(map[string]struct{}, len(serials))
	for _, s := range serials {
		set[normalizeSerial(s)] = struct{}{}
	}
	c.set.Store(&revocationSet{serials: set, loadedAt: c.now()})
	return nil
}

// IsRevoked reports whether serial (hex, any case) is in the last loaded
// list. It says nothing about freshness: before any load it returns false.
// Use Check or VerifyConnection to decide whether to trust a peer.
func (c *RevocationChecker) IsRevoked(serial string) bool {
	set := c.set.Load()
	if set == nil {
		return false
	}
	_, ok := set.serials[normalizeSerial(serial)]
	return ok
}

// Fresh returns an error wrapping ErrStale if the list has never loaded or
// its last successful load is older than MaxRevocationAge; a nil checker is
// never fresh. Health checks can report it.
func (c *RevocationChecker) Fresh() error {
	if c == nil {
		return fmt.Errorf("%w: no revocation checker configured", ErrStale)
	}
	set := c.set.Load()
	if set == nil {
		return fmt.Errorf("%w: never loaded", ErrStale)
	}
	if age := c.now().Sub(set.loadedAt); age > MaxRevocationAge {
		return fmt.Errorf("%w: last loaded %s ago, limit %s", ErrStale, age.Round(time.Second), MaxRevocationAge)
	}
	return nil
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
