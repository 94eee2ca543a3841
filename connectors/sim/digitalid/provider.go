package digitalid

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-jose/go-jose/v4"
)

// Provider is a simulated Digital ID provider: an http.Handler serving the
// endpoints of the package comment below its issuer's path.
type Provider struct {
	cfg      Config
	base     string // the issuer's path, "" for the root
	clients  map[string]*Client
	key      jose.JSONWebKey // the private signing key, with its kid
	subKey   []byte          // keys the pairwise subject identifiers
	state    *state
	lockouts *lockouts
	mux      *http.ServeMux
	log      *slog.Logger
}

// New returns a provider for cfg. Mount it where its issuer URL points:
// at the root of a listener for an issuer without a path, or under the
// issuer's path (it matches whole request paths, so no prefix is
// stripped). Errors: cfg's problems, as Validate reports them.
func New(cfg Config) (*Provider, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	priv := cfg.Key
	if priv == nil {
		var err error
		if priv, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
			return nil, fmt.Errorf("digitalid: generate signing key: %w", err)
		}
	}
	u, _ := url.Parse(cfg.Issuer) // Validate parsed it
	p := &Provider{cfg: cfg, base: u.Path, clients: map[string]*Client{}, state: newState(),
		lockouts: newLockouts(), log: cfg.Logger}
	for i := range cfg.Clients {
		p.clients[cfg.Clients[i].ID] = &cfg.Clients[i]
	}
	pub := jose.JSONWebKey{Key: &priv.PublicKey, Algorithm: string(jose.ES256), Use: "sig"}
	thumb, err := pub.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("digitalid: key thumbprint: %w", err)
	}
	p.key = jose.JSONWebKey{Key: priv, KeyID: base64.RawURLEncoding.EncodeToString(thumb),
		Algorithm: string(jose.ES256), Use: "sig"}
	p.subKey = hmacKey(priv)
	p.mux = p.routes()
	return p, nil
}

// hmacKey derives the pairwise-subject key from the signing key, so that
// a provider restarted with the same Key gives every citizen the same sub.
func hmacKey(priv *ecdsa.PrivateKey) []byte {
	d, _ := priv.Bytes()
	m := hmac.New(sha256.New, []byte("gdx digitalid pairwise sub"))
	m.Write(d)
	return m.Sum(nil)
}

// Issuer returns the issuer URL, the one every ID token names.
func (p *Provider) Issuer() string { return p.cfg.Issuer }

// ServeHTTP implements http.Handler.
func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.mux.ServeHTTP(w, r) }

// Endpoint returns the absolute URL of an endpoint path below the issuer,
// such as "/authorize".
func (p *Provider) Endpoint(path string) string { return p.cfg.Issuer + path }

func (p *Provider) routes() *http.ServeMux {
	m := http.NewServeMux()
	b := p.base
	m.HandleFunc("GET "+b+"/.well-known/openid-configuration", p.handleDiscovery)
	m.HandleFunc("GET "+b+"/jwks", p.handleJWKS)
	m.HandleFunc("GET "+b+"/authorize", p.handleAuthorize)
	m.HandleFunc("POST "+b+"/authorize", p.handleLogin)
	m.HandleFunc("POST "+b+"/token", p.handleToken)
	m.HandleFunc("GET "+b+"/userinfo", p.handleUserinfo)
	m.HandleFunc("POST "+b+"/userinfo", p.handleUserinfo)
	m.HandleFunc("GET "+b+"/static/login.css", p.handleCSS)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		p.errorPage(w, r, http.StatusNotFound, msgNotFound)
	})
	return m
}

// pageHeaders sets the headers of every HTML page: a CSP without script
// whose form-action admits the redirect after the login form (browsers
// apply form-action to it), no framing, no sniffing, no referrer (the
// page's URL holds the state and nonce), no caching.
func pageHeaders(w http.ResponseWriter, formTargets ...string) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "+
		"frame-ancestors 'none'; form-action 'self'"+strings.Join(append([]string{""}, formTargets...), " "))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "text/html; charset=utf-8")
}

// origin returns scheme://host of an absolute URL, for form-action.
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
