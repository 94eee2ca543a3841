package connectors

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"time"
)

// Upstream names: the agencies' services that connectors call.
const (
	CivilRegistry    = "civil-registry"
	JuristicRegistry = "juristic-registry"
)

// Defaults of Upstream.
const (
	DefaultTimeout        = 5 * time.Second
	DefaultAttemptTimeout = 2 * time.Second
	DefaultMaxAttempts    = 3
	DefaultBackoff        = 50 * time.Millisecond
	DefaultMaxBackoff     = time.Second
	DefaultMaxBodyBytes   = 1 << 20
	DefaultMaxIdleConns   = 64
)

// Config configures a Registry.
type Config struct {
	// Upstreams maps an upstream name (CivilRegistry, JuristicRegistry) to
	// its settings. A connector whose upstream is missing is unavailable.
	Upstreams map[string]Upstream
}

// Upstream configures the client of one backing agency's service. Zero
// fields take the defaults.
type Upstream struct {
	// BaseURL is the service's https URL, with any path prefix.
	BaseURL string
	// TLS is the client configuration: the gateway's upstream certificate
	// and the roots that the service's certificate must chain to.
	TLS *tls.Config
	// Timeout bounds a whole Fetch, retries included; default 5s. The
	// caller's deadline, if sooner, wins.
	Timeout time.Duration
	// AttemptTimeout bounds one HTTP attempt; default 2s.
	AttemptTimeout time.Duration
	// MaxAttempts bounds the attempts of an idempotent call; default 3, and
	// 1 disables retries.
	MaxAttempts int
	// Backoff is the base of the jittered exponential backoff between
	// attempts (default 50ms), MaxBackoff its cap (default 1s).
	Backoff, MaxBackoff time.Duration
	// MaxBodyBytes bounds an answer's body; default 1 MiB.
	MaxBodyBytes int64
	// MaxIdleConns is the number of keep-alive connections kept; default 64.
	MaxIdleConns int
	// Breaker tunes the upstream's circuit breaker.
	Breaker BreakerConfig
}

// withDefaults fills in zero fields.
func (u Upstream) withDefaults() Upstream {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&u.Timeout, DefaultTimeout)
	def(&u.AttemptTimeout, DefaultAttemptTimeout)
	def(&u.Backoff, DefaultBackoff)
	def(&u.MaxBackoff, DefaultMaxBackoff)
	if u.MaxAttempts <= 0 {
		u.MaxAttempts = DefaultMaxAttempts
	}
	if u.MaxBodyBytes <= 0 {
		u.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if u.MaxIdleConns <= 0 {
		u.MaxIdleConns = DefaultMaxIdleConns
	}
	u.Breaker = u.Breaker.withDefaults()
	return u
}

// Validate reports the first problem with an upstream's settings.
func (u Upstream) Validate() error {
	base, err := url.Parse(u.BaseURL)
	switch {
	case err != nil:
		return fmt.Errorf("base URL %q: %w", u.BaseURL, err)
	case base.Scheme != "https" || base.Host == "":
		return fmt.Errorf("base URL %q: want https://host[:port][/prefix]", u.BaseURL)
	case base.RawQuery != "" || base.Fragment != "" || base.User != nil:
		return fmt.Errorf("base URL %q: no query, fragment or user info allowed", u.BaseURL)
	case u.TLS == nil:
		return errors.New("no TLS client configuration")
	case len(u.TLS.Certificates) == 0 && u.TLS.GetClientCertificate == nil:
		return errors.New("TLS client configuration has no client certificate")
	case u.MaxAttempts > 10:
		return fmt.Errorf("max attempts %d: at most 10", u.MaxAttempts)
	}
	return nil
}

// Validate reports every problem with the configuration, one line each.
func (c Config) Validate() error {
	var errs []error
	for name, u := range c.Upstreams {
		if name != CivilRegistry && name != JuristicRegistry {
			errs = append(errs, fmt.Errorf("upstream %q: unknown; want %q or %q", name, CivilRegistry, JuristicRegistry))
			continue
		}
		if err := u.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("upstream %s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}
