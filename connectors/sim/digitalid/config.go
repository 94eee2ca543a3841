package digitalid

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/connectors/synth"
)

// ClaimCitizenID is the ID token and userinfo claim that carries the
// citizen's 13-digit id, as Thai Digital ID providers name it.
const ClaimCitizenID = "pid"

// The token endpoint authentication methods a client may register
// (OIDC Core §9).
const (
	AuthBasic = "client_secret_basic"
	AuthPost  = "client_secret_post"
)

// Defaults of Config.
const (
	DefaultCodeTTL  = time.Minute
	DefaultTokenTTL = 10 * time.Minute
	DefaultLoginTTL = 10 * time.Minute
)

// Config configures a Provider.
type Config struct {
	// Issuer is the provider's issuer URL: https, or http on a loopback
	// address, with no query or fragment and no trailing slash. Every
	// endpoint lives below its path.
	Issuer string
	// Clients are the registered relying parties.
	Clients []Client
	// Citizens are the demo citizens the login page offers; nil means
	// DemoCitizens().
	Citizens []Citizen
	// Password is the demo password that signs in any typed citizen id.
	Password string
	// Key signs ID tokens (P-256); nil generates one, so tokens do not
	// survive a restart.
	Key *ecdsa.PrivateKey
	// CodeTTL, TokenTTL and LoginTTL bound an authorization code's, a
	// token's and a login page's life (DefaultCodeTTL, DefaultTokenTTL,
	// DefaultLoginTTL when zero).
	CodeTTL, TokenTTL, LoginTTL time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives one line per refused request, never a citizen id;
	// nil discards.
	Logger *slog.Logger
}

// Client is a registered relying party.
type Client struct {
	ID     string
	Secret string
	// RedirectURIs are matched exactly, as OIDC Core §3.1.2.1 demands.
	RedirectURIs []string
	// AuthMethod is AuthBasic (the default when empty) or AuthPost; the
	// token endpoint refuses the other.
	AuthMethod string
}

// Citizen is a demo citizen the login page offers.
type Citizen struct {
	ID     string // 13-digit citizen id
	NameTH string
	NameEN string
	IAL    catalog.IAL
	AAL    catalog.AAL
	// AMR lists the authentication methods (RFC 8176) the ID token claims.
	AMR []string
}

// Assurance of a typed citizen id signed in with the demo password: proven
// at registration (simulated), one factor now.
var (
	typedIAL = catalog.IAL("2.3")
	typedAAL = catalog.AAL("1")
	typedAMR = []string{"pwd"}
)

// DemoCitizens returns the persons whose records the demo's sample lookups
// touch (catalog/demo.SampleKeys of a citizen-keyed dataset), with their
// names from the synthetic population, at IAL 2.3 and AAL 2.
func DemoCitizens() []Citizen {
	g := synth.New(synth.Config{})
	var out []Citizen
	for _, id := range demo.SampleKeys(catalog.Dataset{KeyKind: catalog.KeyCitizenID}) {
		p, ok := g.PersonByID(id)
		if !ok {
			continue
		}
		out = append(out, Citizen{ID: p.CitizenID,
			NameTH: p.Title + p.FirstTH + " " + p.LastTH, NameEN: p.TitleEN + " " + p.FirstEN + " " + p.LastEN,
			IAL: "2.3", AAL: "2", AMR: []string{"face", "pin", "mfa"}})
	}
	return out
}

func (cfg Config) withDefaults() Config {
	if cfg.Citizens == nil {
		cfg.Citizens = DemoCitizens()
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.CodeTTL, DefaultCodeTTL)
	def(&cfg.TokenTTL, DefaultTokenTTL)
	def(&cfg.LoginTTL, DefaultLoginTTL)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	for i := range cfg.Clients {
		if cfg.Clients[i].AuthMethod == "" {
			cfg.Clients[i].AuthMethod = AuthBasic
		}
	}
	return cfg
}

// Validate reports every problem with cfg, one per line.
func (cfg Config) Validate() error {
	var errs []error
	if err := validateIssuer(cfg.Issuer); err != nil {
		errs = append(errs, err)
	}
	if cfg.Password == "" {
		errs = append(errs, errors.New("digitalid: no demo password"))
	}
	if cfg.Key != nil && cfg.Key.Curve != elliptic.P256() {
		errs = append(errs, errors.New("digitalid: the signing key must be P-256 (ES256)"))
	}
	if len(cfg.Clients) == 0 {
		errs = append(errs, errors.New("digitalid: no client registered"))
	}
	seen := map[string]bool{}
	for _, c := range cfg.Clients {
		if seen[c.ID] {
			errs = append(errs, fmt.Errorf("digitalid: client %q registered twice", c.ID))
		}
		seen[c.ID] = true
		errs = append(errs, c.validate())
	}
	for _, c := range cfg.Citizens {
		if _, err := catalog.NormalizeKey(catalog.KeyCitizenID, c.ID); err != nil || !c.IAL.Valid() || !c.AAL.Valid() {
			errs = append(errs, fmt.Errorf("digitalid: demo citizen %q needs a valid citizen id, IAL and AAL", c.NameEN))
		}
	}
	return errors.Join(errs...)
}

func (c Client) validate() error {
	switch {
	case c.ID == "" || c.Secret == "":
		return fmt.Errorf("digitalid: client %q needs an id and a secret", c.ID)
	case c.AuthMethod != "" && c.AuthMethod != AuthBasic && c.AuthMethod != AuthPost:
		return fmt.Errorf("digitalid: client %s: auth method %q is not %s or %s", c.ID, c.AuthMethod, AuthBasic, AuthPost)
	case len(c.RedirectURIs) == 0:
		return fmt.Errorf("digitalid: client %s has no redirect URI", c.ID)
	}
	for _, u := range c.RedirectURIs {
		p, err := url.Parse(u)
		if err != nil || !p.IsAbs() || p.Fragment != "" || (p.Scheme != "https" && p.Scheme != "http") {
			return fmt.Errorf("digitalid: client %s: redirect URI %q must be an absolute http(s) URL without fragment", c.ID, u)
		}
	}
	return nil
}

func validateIssuer(issuer string) error {
	u, err := url.Parse(issuer)
	switch {
	case err != nil || !u.IsAbs() || u.Host == "":
		return fmt.Errorf("digitalid: issuer %q is not an absolute URL", issuer)
	case u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(u.Path, "/") || u.User != nil:
		return fmt.Errorf("digitalid: issuer %q must have no query, fragment, user or trailing slash", issuer)
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && slices.Contains([]string{"127.0.0.1", "::1", "localhost"}, u.Hostname()):
		return nil
	}
	return fmt.Errorf("digitalid: issuer %q must be https (http only on loopback)", issuer)
}
