package gateway

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// Config holds what the gateway's listeners need; cmd/gdx fills it.
type Config struct {
	// APIAddr is the agency API's listen address (mutual TLS).
	APIAddr string
	// WebAddr is the public web listener's address: the portal, open
	// data, licence checks, the citizen view.
	WebAddr string
	// AdminAddr is the admin listener's address: the stewards' admin API
	// and console and /metrics, on a listener of their own so that
	// production can put the public web on the internet and keep these
	// inside.
	AdminAddr string
	// WebTLS, if set, serves the web listener over HTTPS. Without it the
	// listener is plain HTTP: fine on loopback (the demo), but stewards'
	// passwords and session tokens cross it, so production needs WebTLS
	// or a TLS-terminating proxy in front.
	WebTLS *tls.Config
	// APITLS is the agency API's server TLS configuration; it must verify
	// client certificates against the exchange CA.
	APITLS *tls.Config
	// BodyLimit caps request bodies in bytes.
	BodyLimit int64
	// ShutdownTimeout bounds how long in-flight requests may finish.
	ShutdownTimeout time.Duration
	// WebListener, if set, is the web listener already bound (by
	// ListenWeb), so that the pages and open-data APIs mounted on it can
	// know their own URL before New builds them.
	WebListener net.Listener
}

// Validate reports the first problem with the configuration.
func (c Config) Validate() error {
	switch {
	case c.APIAddr == "" || c.WebAddr == "" || c.AdminAddr == "":
		return errors.New("gateway: the API, web and admin listen addresses are required")
	case c.APITLS == nil || c.APITLS.ClientCAs == nil:
		return errors.New("gateway: the agency API needs a TLS configuration with the exchange CA as client CA")
	case c.APITLS.ClientAuth < tls.VerifyClientCertIfGiven && (c.APITLS.ClientAuth != tls.RequestClientCert || c.APITLS.VerifyConnection == nil):
		return errors.New("gateway: the agency API's TLS configuration must verify every client certificate presented (use certs.APIServerTLSConfig)")
	case c.BodyLimit <= 0:
		return errors.New("gateway: body limit must be positive")
	}
	return nil
}

// AgencyFinder finds registered agencies.
type AgencyFinder interface {
	// FindAgency returns the agency with the code. Errors: not found.
	FindAgency(ctx context.Context, code string) (catalog.Agency, error)
}

// Deps are the gateway's collaborators.
type Deps struct {
	Agencies AgencyFinder
	// Revocation checks client certificates on every request, since a
	// keep-alive connection outlives a revocation; *certs.RevocationChecker.
	Revocation interface{ Check(*x509.Certificate) error }
	Tokens     TokenVerifier
	// Replay, when set, is the verifier's replay store: it refuses
	// same-replica replays at once and defers the durable record of each
	// token to the lookup's audit batch (or settles it after a request
	// that does not reach the pipeline). The pipeline's Audit must then be
	// a RidingAuditLog.
	Replay   *ReplayGuard
	Pipeline *Pipeline
	// Audit records authentication failures; lookups audit through the
	// pipeline.
	Audit   AuditLog
	Metrics *Metrics
	// API are further routes of the agency API, mounted under /v1 behind
	// mutual TLS and the request JWT (a licensing agency loading its
	// licences). Their handlers find the authenticated agency under
	// httpapi.CtxAgency and the officer under httpapi.CtxOfficer.
	API []RouteSet
	// Web are the route sets of the public web listener: the portal, the
	// open-data APIs, the licence check, the citizen view.
	Web []RouteSet
	// Admin are the route sets of the admin listener: the admin API and
	// the steward console. /metrics is served there too.
	Admin []RouteSet
	// Ready reports whether the storage answers; /readyz calls it.
	Ready  func(ctx context.Context) error
	Logger *slog.Logger
}

// RouteSet is a group of routes another package serves on a gateway
// listener; its handlers write errors through httpapi's adapter, in
// problem+json or in the route set's own renderer (CKAN's envelope).
type RouteSet interface {
	Register(r gin.IRouter)
}

// Gateway runs the agency API and the public web listener.
type Gateway struct {
	cfg     Config
	log     *slog.Logger
	apiS    *apiServer
	api     *http.Server
	web     *http.Server
	admin   *http.Server
	apiLn   net.Listener
	webLn   net.Listener
	adminLn net.Listener
}

// New builds the gateway; Listen then binds its ports.
func New(cfg Config, deps Deps) (*Gateway, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Agencies == nil || deps.Revocation == nil || deps.Tokens == nil || deps.Pipeline == nil || deps.Audit == nil || deps.Ready == nil || deps.Logger == nil {
		return nil, errors.New("gateway: agencies, token verifier, pipeline, audit, readiness check and logger are required")
	}
	if _, ok := deps.Pipeline.Audit.(RidingAuditLog); deps.Replay != nil && (!ok || deps.Replay.Durable == nil) {
		return nil, errors.New("gateway: a deferring replay guard needs a durable replay store and an audit log that records claims with events")
	}
	if deps.Pipeline.StatusOf == nil {
		deps.Pipeline.StatusOf = httpapi.Status
	}
	api := &apiServer{deps: deps, log: deps.Logger, failures: newFailureLimiter()}
	web := &webServer{deps: deps, log: deps.Logger}
	adm := &adminServer{deps: deps, log: deps.Logger}
	apiServer := newHTTPServer(api.routes(cfg.BodyLimit), api.auditedTLS(cfg.APITLS), deps.Logger, api.auditFrontDoor)
	apiServer.ErrorLog = api.handshakeLog()
	return &Gateway{
		cfg:   cfg,
		log:   deps.Logger,
		apiS:  api,
		api:   apiServer,
		web:   newHTTPServer(web.routes(cfg.BodyLimit), cfg.WebTLS, deps.Logger, nil),
		admin: newHTTPServer(adm.routes(cfg.BodyLimit), cfg.WebTLS, deps.Logger, nil),
	}, nil
}

// newHTTPServer builds every gdx listener's server: h behind the front
// door (frontDoor, which tells refused of each refusal) with the timeouts
// and header limit below.
func newHTTPServer(h http.Handler, tlsCfg *tls.Config, log *slog.Logger, refused func(*http.Request, string)) *http.Server {
	return &http.Server{
		Handler:           frontDoor(h, log, refused),
		TLSConfig:         tlsCfg,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    4 * maxHeaderTotal, // withHeaderLimit answers first, with a problem body
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
}

// Listen binds both ports, so that a taken port is reported before anything
// announces the gateway as running.
func (g *Gateway) Listen() error {
	var err error
	if g.apiLn, err = listen("agency API", g.cfg.APIAddr, "--api-addr"); err != nil {
		return err
	}
	g.webLn = g.cfg.WebListener
	if g.webLn == nil {
		if g.webLn, err = ListenWeb(g.cfg.WebAddr); err != nil {
			g.apiLn.Close()
			return err
		}
	}
	if g.adminLn, err = listen("admin API and console", g.cfg.AdminAddr, "--admin-addr"); err != nil {
		g.apiLn.Close()
		g.webLn.Close()
		return err
	}
	return nil
}

// ListenWeb binds the public web listener's address, for Config.WebListener.
func ListenWeb(addr string) (net.Listener, error) {
	return listen("public web", addr, "--web-addr")
}

func listen(what, addr, flag string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("cannot listen for the %s on %s (%v): stop whatever uses it (another gdx?) or choose another address with %s", what, addr, unwrapSyscall(err), flag)
	}
	return ln, nil
}

func unwrapSyscall(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err
	}
	return err
}

// APIURL returns the agency API's base URL once Listen has bound it.
func (g *Gateway) APIURL() string { return "https://" + g.apiLn.Addr().String() }

// WebURL returns the public web's base URL once Listen has bound it.
func (g *Gateway) WebURL() string {
	if g.cfg.WebTLS != nil {
		return "https://" + g.webLn.Addr().String()
	}
	return "http://" + g.webLn.Addr().String()
}

// AdminURL returns the admin listener's base URL once Listen has bound it.
func (g *Gateway) AdminURL() string {
	if g.cfg.WebTLS != nil {
		return "https://" + g.adminLn.Addr().String()
	}
	return "http://" + g.adminLn.Addr().String()
}

// Serve serves the three listeners until ctx ends, then lets in-flight requests
// finish within the shutdown timeout.
func (g *Gateway) Serve(ctx context.Context) error {
	summaries, stopSummaries := context.WithCancel(context.WithoutCancel(ctx))
	summarized := make(chan struct{})
	go func() { g.apiS.summarizeFailures(summaries); close(summarized) }()
	// NOTE: the last summary is written after the listeners stop and
	// before Serve returns, while the audit writer still runs.
	defer func() { stopSummaries(); <-summarized }()
	errc := make(chan error, 3)
	go func() { errc <- g.api.ServeTLS(g.apiLn, "", "") }()
	go func() { errc <- g.serveWeb(g.web, g.webLn) }()
	go func() { errc <- g.serveWeb(g.admin, g.adminLn) }()
	select {
	case err := <-errc:
		g.shutdown()
		return fmt.Errorf("gateway stopped: %w", err)
	case <-ctx.Done():
	}
	return g.shutdown()
}

// serveWeb serves a web listener, over HTTPS when the web has TLS.
func (g *Gateway) serveWeb(s *http.Server, ln net.Listener) error {
	if g.cfg.WebTLS != nil {
		return s.ServeTLS(ln, "", "")
	}
	return s.Serve(ln)
}

func (g *Gateway) shutdown() error {
	ctx, cancel := context.WithTimeout(context.Background(), g.cfg.ShutdownTimeout)
	defer cancel()
	g.log.Info("shutting down; finishing in-flight requests", "timeout", g.cfg.ShutdownTimeout.String())
	return errors.Join(g.api.Shutdown(ctx), g.web.Shutdown(ctx), g.admin.Shutdown(ctx))
}
