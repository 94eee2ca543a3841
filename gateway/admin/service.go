package admin

import (
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/policies"
)

// Config tunes the admin service; zero fields take the defaults.
type Config struct {
	// SessionTTL is how long a session token lives; default 15 minutes.
	SessionTTL time.Duration
	// Lockout throttles password guessing; default DefaultLockout.
	Lockout Lockout
	// Password is the cost of the stand-in hash verified for unknown or
	// locked accounts, so that they take as long as a real check;
	// default DefaultPasswordParams. Use the cost accounts are hashed
	// with.
	Password PasswordParams
	// BodyLimit caps a request body in bytes (policy drafts are the
	// largest); default 1 MiB. Other requests are capped at 64 KiB.
	BodyLimit int64
	// HashSlots is how many password checks may run at once; default 4.
	HashSlots int
}

// DefaultSessionTTL is how long a session token lives.
const DefaultSessionTTL = 15 * time.Minute

func (c Config) withDefaults() Config {
	if c.SessionTTL <= 0 {
		c.SessionTTL = DefaultSessionTTL
	}
	if c.Lockout.MaxFailures <= 0 || c.Lockout.Duration <= 0 {
		c.Lockout = DefaultLockout
	}
	if c.Password.Memory == 0 || c.Password.Time == 0 || c.Password.Threads == 0 {
		c.Password = DefaultPasswordParams
	}
	if c.BodyLimit <= 0 {
		c.BodyLimit = 1 << 20
	}
	if c.HashSlots <= 0 {
		c.HashSlots = 4
	}
	return c
}

// Deps are the admin service's collaborators; cmd/gdx wires them.
type Deps struct {
	// Stewards keeps accounts and sessions (gateway/admin/sqlstore).
	Stewards Store
	// Catalog keeps agencies, purposes, datasets and grants.
	Catalog catalog.Store
	// Keys keeps agencies' public signing keys; gateways see changes
	// through certs.KeyRing within its reload interval.
	Keys certs.KeyStore
	// Certs is the registry of issued certificates; nil leaves
	// RevokeCertificate unavailable.
	Certs CertRegistry
	// Policies runs the policy workflow; its Engine, if set, is swapped
	// at once on activation.
	Policies *policies.Workflow
	// Auditor records every change; see Service.change for what happens
	// when it fails.
	Auditor Auditor
	// Trail serves the audit trail to auditors; nil leaves those routes
	// unavailable.
	Trail AuditTrail
	// Logger reports failures that cannot reach the caller.
	Logger *slog.Logger
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// Service holds the admin verbs: sessions, policy versions, grants,
// datasets and agency keys, each checked against the calling steward's
// roles and agency and audited. It knows nothing of HTTP.
type Service struct {
	cfg      Config
	stewards Store
	catalog  catalog.Store
	keys     certs.KeyStore
	certs    CertRegistry
	flow     *policies.Workflow
	audit    Auditor
	trail    AuditTrail
	log      *slog.Logger
	now      func() time.Time
	// decoy is a hash of a random password verified for unknown or
	// locked accounts, so that their refusal takes the usual time. It is
	// made on first use, so that operator tools, which never log in, do
	// not pay for it.
	decoy     string
	decoyOnce sync.Once
	// hashing bounds concurrent password checks (argon2id is memory-hard
	// by design: 4 × 64 MiB at most).
	hashing chan struct{}
}

// NewService checks the dependencies and returns the service.
func NewService(cfg Config, deps Deps) (*Service, error) {
	if deps.Stewards == nil || deps.Catalog == nil || deps.Keys == nil || deps.Policies == nil ||
		deps.Auditor == nil || deps.Logger == nil {
		return nil, errors.New("admin: stewards, catalog, keys, policy workflow, auditor and logger are required")
	}
	cfg = cfg.withDefaults()
	now := deps.Now
	if now == nil {
		now = time.Now
	}
	return &Service{cfg: cfg, stewards: deps.Stewards, catalog: deps.Catalog, keys: deps.Keys, certs: deps.Certs,
		flow: deps.Policies, audit: deps.Auditor, trail: deps.Trail, log: deps.Logger, now: func() time.Time { return now().UTC() },
		hashing: make(chan struct{}, cfg.HashSlots)}, nil
}

// decoyHash returns the stand-in hash verified for unknown or locked
// accounts. Should hashing fail, the stand-in is empty and its check fails
// at once; the refusal is the same.
func (s *Service) decoyHash() string {
	s.decoyOnce.Do(func() {
		s.decoy, _ = HashPassword(NewPassword(), s.cfg.Password)
	})
	return s.decoy
}

// Caller is the authenticated steward behind a verb, with the id of the
// request that carries it, for the audit trail.
type Caller struct {
	Steward   Steward
	RequestID string
}
