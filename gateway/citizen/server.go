package citizen

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/gin-gonic/gin"
	"golang.org/x/oauth2"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// signingAlgs are the ID token algorithms accepted: asymmetric only, so
// neither "none" nor an HMAC keyed with the client secret can pass.
var signingAlgs = []string{oidc.ES256, oidc.RS256, oidc.PS256}

// Server serves the citizen view's pages.
type Server struct {
	cfg      Config
	deps     Deps
	sessions SessionStore
	log      *slog.Logger
	now      func() time.Time

	mu     sync.Mutex
	client *oidcClient // nil until discovery succeeds
}

// oidcClient is the discovered provider and what gdx does with it.
type oidcClient struct {
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// New returns the citizen view for cfg and deps. It does not call the
// provider: discovery happens at the first sign-in, and is retried until
// it succeeds. Errors: cfg's and deps' problems.
func New(cfg Config, deps Deps) (*Server, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := deps.validate(); err != nil {
		return nil, err
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Sessions == nil {
		deps.Sessions = NewMemorySessions(deps.Now)
	}
	if deps.HTTPClient == nil {
		deps.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	return &Server{cfg: cfg, deps: deps, sessions: deps.Sessions, log: deps.Logger, now: deps.Now}, nil
}

// Register mounts the pages below cfg.BasePath on r.
func (s *Server) Register(r gin.IRouter) {
	g := r.Group(s.cfg.BasePath, s.securityHeaders)
	h := func(f func(c *gin.Context) error) gin.HandlerFunc { return httpapi.HandlerFor(s.log, s.renderError, f) }
	g.GET("/", h(s.handleHome))
	g.GET("/login", h(s.handleLogin))
	g.GET("/callback", h(s.handleCallback))
	g.GET("/lookups", h(s.handleLookups))
	g.GET("/lookups.csv", h(s.handleCSV))
	g.POST("/logout", h(s.handleLogout))
	g.GET("/static/citizen.css", s.handleCSS)
}

// provider returns the discovered provider, discovering it on first use.
// Errors: unavailable while the provider cannot be reached.
func (s *Server) provider(ctx context.Context) (*oidcClient, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client != nil {
		return s.client, nil
	}
	ctx, cancel := context.WithTimeout(oidc.ClientContext(ctx, s.deps.HTTPClient), 10*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(ctx, s.cfg.Issuer)
	if err != nil {
		return nil, catalog.Errorf(catalog.KindUnavailable, "Digital ID cannot be reached").
			WithReason(reasonProviderDown).Wrap(fmt.Errorf("discover %s: %w", s.cfg.Issuer, err))
	}
	ep := p.Endpoint()
	ep.AuthStyle = oauth2.AuthStyleInHeader
	if s.cfg.AuthMethod == AuthPost {
		ep.AuthStyle = oauth2.AuthStyleInParams
	}
	s.client = &oidcClient{
		oauth: oauth2.Config{ClientID: s.cfg.ClientID, ClientSecret: s.cfg.ClientSecret, Endpoint: ep,
			RedirectURL: s.cfg.RedirectURL, Scopes: []string{oidc.ScopeOpenID, "profile"}},
		verifier: p.Verifier(&oidc.Config{ClientID: s.cfg.ClientID, SupportedSigningAlgs: signingAlgs, Now: s.now}),
	}
	return s.client, nil
}

// securityHeaders sets the headers of every page: a CSP that allows no
// script and no framing, no sniffing, no referrer (the callback's URL
// holds the code), no caching of personal pages, HSTS over TLS.
func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	if s.cfg.secure() {
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
	c.Next()
}

// path returns the absolute path of a page below the base path.
func (s *Server) path(p string) string { return s.cfg.BasePath + p }
