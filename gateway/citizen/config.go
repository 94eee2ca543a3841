package citizen

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

// The token endpoint authentication methods the client can use.
const (
	AuthBasic = "client_secret_basic"
	AuthPost  = "client_secret_post"
)

// Defaults of Config.
const (
	DefaultBasePath       = "/citizen"
	DefaultCitizenIDClaim = "pid"
	DefaultMinIAL         = catalog.IAL("2.1")
	DefaultMinAAL         = catalog.AAL("1")
	DefaultSessionTTL     = 30 * time.Minute
	DefaultLoginTTL       = 10 * time.Minute
	DefaultPageSize       = 50
)

// Config configures the citizen view: the Digital ID provider it signs
// citizens in with and how. Only the issuer and the client credentials
// differ between the demo's simulator and a real provider.
type Config struct {
	// Issuer is the provider's issuer URL; discovery is at
	// Issuer/.well-known/openid-configuration.
	Issuer string
	// ClientID and ClientSecret are gdx's credentials at the provider.
	ClientID, ClientSecret string
	// AuthMethod is how the client authenticates at the token endpoint:
	// AuthBasic (default) or AuthPost, as registered at the provider.
	AuthMethod string
	// RedirectURL is the absolute URL of BasePath + "/callback" on the
	// listener that serves the view, exactly as registered. When it is
	// https, the cookies are Secure and every page sends HSTS.
	RedirectURL string
	// BasePath is where Register mounts the pages (DefaultBasePath).
	BasePath string
	// CitizenIDClaim names the ID token claim with the citizen id
	// (DefaultCitizenIDClaim).
	CitizenIDClaim string
	// MinIAL and MinAAL are the least assurance the ID token must claim
	// (DefaultMinIAL, DefaultMinAAL).
	MinIAL catalog.IAL
	MinAAL catalog.AAL
	// SessionTTL is a session's fixed lifetime, LoginTTL a pending
	// sign-in's (DefaultSessionTTL, DefaultLoginTTL).
	SessionTTL, LoginTTL time.Duration
	// PageSize is the lookups shown per page (DefaultPageSize).
	PageSize int
}

// Deps are what the view needs from the rest of gdx.
type Deps struct {
	// Audit is the trail's query side (required).
	Audit audit.Querier
	// Hasher makes the key hash under which the trail holds a citizen id
	// (required): the gateway's own *audit.Hasher, with the exchange's
	// secret, or no lookup will ever match.
	Hasher KeyHasher
	// Names resolves agency, purpose and dataset codes to their names;
	// nil shows the codes.
	Names Names
	// Sessions keeps sessions; nil keeps them in this process's memory,
	// which suits one replica.
	Sessions SessionStore
	// HTTPClient makes the calls to the provider (discovery, keys,
	// token); nil uses a client with a 10-second timeout.
	HTTPClient *http.Client
	// Logger receives sign-in refusals and failures, never a citizen id;
	// nil discards.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// KeyHasher is what the view needs of audit.Hasher.
type KeyHasher interface {
	// HashKey returns the keyed hash of a normalised record key of kind.
	HashKey(kind, normalizedKey string) string
}

// Names is the part of the catalog the view reads to name what it shows;
// catalog.Store has it.
type Names interface {
	// FindAgency, FindPurpose and FindDataset return the named entry.
	// Errors: not found.
	FindAgency(ctx context.Context, code string) (catalog.Agency, error)
	FindPurpose(ctx context.Context, code string) (catalog.Purpose, error)
	FindDataset(ctx context.Context, id string) (catalog.Dataset, error)
}

func (cfg Config) withDefaults() Config {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&cfg.AuthMethod, AuthBasic)
	def(&cfg.BasePath, DefaultBasePath)
	def(&cfg.CitizenIDClaim, DefaultCitizenIDClaim)
	if cfg.MinIAL == "" {
		cfg.MinIAL = DefaultMinIAL
	}
	if cfg.MinAAL == "" {
		cfg.MinAAL = DefaultMinAAL
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = DefaultSessionTTL
	}
	if cfg.LoginTTL <= 0 {
		cfg.LoginTTL = DefaultLoginTTL
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = DefaultPageSize
	}
	return cfg
}

// Validate reports every problem with cfg, one per line.
func (cfg Config) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf("citizen: "+format, args...)) }
	if u, err := url.Parse(cfg.Issuer); err != nil || !u.IsAbs() || (u.Scheme != "https" && u.Scheme != "http") {
		add("issuer %q is not an absolute http(s) URL", cfg.Issuer)
	}
	if cfg.ClientID == "" || cfg.ClientSecret == "" {
		add("a client id and secret are required")
	}
	if cfg.AuthMethod != AuthBasic && cfg.AuthMethod != AuthPost {
		add("auth method %q is not %s or %s", cfg.AuthMethod, AuthBasic, AuthPost)
	}
	if !strings.HasPrefix(cfg.BasePath, "/") || strings.HasSuffix(cfg.BasePath, "/") {
		add("base path %q must start with / and not end with one", cfg.BasePath)
	}
	if u, err := url.Parse(cfg.RedirectURL); err != nil || !u.IsAbs() || u.Path != cfg.BasePath+"/callback" {
		add("redirect URL %q must be the absolute URL of %s/callback", cfg.RedirectURL, cfg.BasePath)
	}
	if !cfg.MinIAL.Valid() || !cfg.MinAAL.Valid() {
		add("minimum assurance IAL %q, AAL %q is not a Digital ID level", cfg.MinIAL, cfg.MinAAL)
	}
	return errors.Join(errs...)
}

// secure reports whether the view is served over TLS, so that its cookies
// are Secure and it sends HSTS.
func (cfg Config) secure() bool { return strings.HasPrefix(cfg.RedirectURL, "https://") }

func (d Deps) validate() error {
	if d.Audit == nil || d.Hasher == nil {
		return errors.New("citizen: the audit trail and the key hasher are required")
	}
	return nil
}
