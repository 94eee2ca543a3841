package sim

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/connectors/synth"
)

// Registry names the registry a simulator plays.
type Registry string

// The simulated registries, named as the connectors' upstreams.
const (
	CivilRegistry    Registry = "civil-registry"
	JuristicRegistry Registry = "juristic-registry"
)

// Config configures a simulator.
type Config struct {
	// Registry selects the registry to simulate.
	Registry Registry
	// Addr is the listen address; default 127.0.0.1:0 (any free port).
	Addr string
	// Certificate is the server certificate, issued by the exchange CA.
	Certificate tls.Certificate
	// ClientCAs holds the exchange CA; clients must chain to it.
	ClientCAs *x509.CertPool
	// Gateways, if not empty, lists the gateway names (urn:gdx:gateway:<name>)
	// accepted; empty accepts any gateway certificate from the CA.
	Gateways []string
	// Revocation, if set, refuses revoked client certificates; the caller
	// starts it. Nil uses an always-empty revocation list.
	Revocation *certs.RevocationChecker
	// Data is the population served; nil means synth.New(synth.Config{}).
	Data *synth.Generator
	// Faults are the faults in force from the start.
	Faults Faults
	// Logger receives TLS and server errors; nil discards.
	Logger *slog.Logger
}

// Validate reports the first problem with cfg.
func (cfg Config) Validate() error {
	switch {
	case cfg.Registry != CivilRegistry && cfg.Registry != JuristicRegistry:
		return fmt.Errorf("simulator registry %q: want %q or %q", cfg.Registry, CivilRegistry, JuristicRegistry)
	case len(cfg.Certificate.Certificate) == 0:
		return errors.New("simulator: no server certificate")
	case cfg.ClientCAs == nil:
		return errors.New("simulator: no client CA pool")
	}
	return cfg.Faults.Validate()
}

// Server is a running simulator.
type Server struct {
	registry Registry
	url      string
	data     *synth.Generator
	http     *http.Server
	cancel   context.CancelFunc
	closing  chan struct{}
	stopped  chan struct{}
	once     sync.Once

	faults   atomic.Pointer[Faults]
	failNext atomic.Int64
	failCode atomic.Int64
	requests atomic.Int64
	conns    atomic.Int64
	garbage  atomic.Uint64
}

// Start listens on cfg.Addr and serves until ctx is done or Close is called.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if cfg.Data == nil {
		cfg.Data = synth.New(synth.Config{})
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(ctx)
	tlsCfg, err := serverTLS(ctx, cfg)
	if err != nil {
		cancel()
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("simulator %s: listen: %w", cfg.Registry, err)
	}
	s := &Server{
		registry: cfg.Registry, data: cfg.Data, cancel: cancel,
		url:     "https://" + ln.Addr().String(),
		closing: make(chan struct{}), stopped: make(chan struct{}),
	}
	s.SetFaults(cfg.Faults)
	s.http = &http.Server{
		Handler:           s.routes(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          log.New(&logWriter{cfg.Logger, cfg.Registry}, "", 0),
		ConnState: func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				s.conns.Add(1)
			}
		},
	}
	go s.serve(tls.NewListener(ln, tlsCfg))
	go func() {
		<-ctx.Done()
		s.Close()
	}()
	return s, nil
}

// serve runs the HTTP server until it is closed.
func (s *Server) serve(ln net.Listener) {
	defer close(s.stopped)
	_ = s.http.Serve(ln) // always ErrServerClosed once Close runs
}

// URL returns the simulator's base URL, https://127.0.0.1:<port>.
func (s *Server) URL() string { return s.url }

// Registry returns the registry the simulator plays.
func (s *Server) Registry() Registry { return s.registry }

// Requests returns how many data requests (not /_sim ones) have arrived.
func (s *Server) Requests() int64 { return s.requests.Load() }

// Connections returns how many TCP connections have been accepted, so tests
// can see that clients keep connections alive.
func (s *Server) Connections() int64 { return s.conns.Load() }

// Close stops the simulator at once, ending hung requests and open
// connections. It is safe to call more than once.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		close(s.closing)
		err = s.http.Close()
		s.cancel()
		<-s.stopped
	})
	return err
}

// logWriter sends net/http's error log (TLS handshake failures and the like)
// to slog at debug level.
type logWriter struct {
	logger   *slog.Logger
	registry Registry
}

// Write implements io.Writer.
func (w *logWriter) Write(p []byte) (int, error) {
	w.logger.Debug("simulator", "registry", string(w.registry), "msg", string(p))
	return len(p), nil
}

// serverTLS builds the simulator's mTLS configuration: the exchange's
// hardened server settings (certs.ServerTLSConfig) plus a check that the
// client is a gateway, so an agency certificate from the same CA is refused
// during the handshake.
func serverTLS(ctx context.Context, cfg Config) (*tls.Config, error) {
	checker := cfg.Revocation
	if checker == nil {
		checker = certs.NewRevocationChecker(noRevocations{}, 0, nil)
		if err := checker.Refresh(ctx); err != nil {
			return nil, fmt.Errorf("simulator revocation list: %w", err)
		}
		checker.Start(ctx)
	}
	tc := certs.ServerTLSConfig(cfg.Certificate, cfg.ClientCAs, checker)
	verify := tc.VerifyConnection
	tc.VerifyConnection = func(cs tls.ConnectionState) error {
		if err := verify(cs); err != nil {
			return err
		}
		return checkGateway(cs.PeerCertificates[0], cfg.Gateways)
	}
	// NOTE: HTTP/1.1 only, like the registries' own gateways; the connector
	// keeps connections alive instead of multiplexing them.
	tc.NextProtos = []string{"http/1.1"}
	return tc, nil
}

// checkGateway accepts a certificate naming one of the allowed gateways
// (any gateway when allowed is empty) by its SAN URI.
func checkGateway(cert *x509.Certificate, allowed []string) error {
	for _, u := range cert.URIs {
		name, ok := strings.CutPrefix(u.String(), certs.GatewayURIPrefix)
		if ok && name != "" && (len(allowed) == 0 || slices.Contains(allowed, name)) {
			return nil
		}
	}
	return fmt.Errorf("client certificate %s (%q): not an allowed gdx gateway", certs.Serial(cert), cert.Subject.CommonName)
}

// noRevocations is the revocation source of a simulator given none.
type noRevocations struct{}

// RevokedSerials implements certs.RevocationSource.
func (noRevocations) RevokedSerials(context.Context) ([]string, error) { return nil, nil }
