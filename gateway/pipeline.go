package gateway

import (
	"context"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/connectors"
	"github.com/gdx-exchange/gdx/gateway/authn"
	"github.com/gdx-exchange/gdx/policies"
)

// LookupCatalog is what the lookup pipeline reads from the catalog.
type LookupCatalog interface {
	// FindDataset returns the dataset. Errors: not found.
	FindDataset(ctx context.Context, id string) (catalog.Dataset, error)
	// ListGrants returns the grants matching the filter.
	ListGrants(ctx context.Context, f catalog.GrantFilter) ([]catalog.Grant, error)
}

// Decider decides a lookup with the active policy; *policies.Engine is the
// implementation.
type Decider interface {
	Decide(ctx context.Context, in policies.Input) (policies.Decision, error)
}

// Fetcher fetches a record from the dataset's owner; *connectors.Registry
// is the implementation.
type Fetcher interface {
	Fetch(ctx context.Context, d catalog.Dataset, key string) (connectors.Record, error)
}

// AuditLog appends events durably; *audit.Writer is the implementation.
type AuditLog interface {
	// Append returns once the event is durable. Errors: unavailable.
	Append(ctx context.Context, e audit.Event) (audit.Event, error)
}

// RidingAuditLog is an AuditLog that also commits what rides with an
// event in its batch's transaction; *audit.Writer is the implementation.
type RidingAuditLog interface {
	AuditLog
	// AppendRiding returns once the event and its rider are durable
	// together. Errors: audit.ErrClaimTaken (with the event as stored)
	// when the rider's claim was used already; else as Append.
	AppendRiding(ctx context.Context, e audit.Event, r audit.Rider) (audit.Event, error)
}

// KeyHasher turns record keys into keyed hashes; *audit.Hasher is the
// implementation.
type KeyHasher interface {
	HashKey(kind, normalizedKey string) string
}

// Limiter is the rate limit shared by every replica.
type Limiter interface {
	// Take takes cost tokens from the bucket named key, refilled at
	// limit.PerMinute per minute up to limit.Burst; it returns how long
	// to wait when they are not there (0 when they were taken).
	Take(ctx context.Context, key string, limit catalog.RateLimit, cost int, now time.Time) (time.Duration, error)
}

// DecisionRecorder keeps the decision log; it may be nil.
type DecisionRecorder interface {
	RecordDecision(ctx context.Context, in policies.Input, d policies.Decision, auditEventID string) error
}

// DecisionRows encodes a decision-log row to ride with its lookup's audit
// event; *gateway/sqlstore.Store is the implementation.
type DecisionRows interface {
	DecisionRow(r policies.DecisionRecord) (audit.Row, error)
}

// Pipeline is the lookup pipeline of DESIGN.md: authenticate (done by the
// caller), validate, decide, fetch, minimise, audit, respond.
type Pipeline struct {
	Catalog   LookupCatalog
	Decider   Decider
	Fetcher   Fetcher
	Audit     AuditLog
	Hasher    KeyHasher
	Limiter   Limiter
	Decisions DecisionRecorder
	// Rows, when set and Audit is a RidingAuditLog, writes the decision
	// log's row in the lookup's audit transaction instead of through
	// Decisions.
	Rows    DecisionRows
	Metrics *Metrics
	// DefaultLimit applies when a grant sets no rate limit, and to
	// agencies without a grant.
	DefaultLimit catalog.RateLimit
	// UpstreamTimeout bounds the fetch from the owning agency.
	UpstreamTimeout time.Duration
	// StatusOf maps an error to the HTTP status the caller is answered
	// with, which the audit records: the pipeline returns domain errors
	// and never maps them itself. New sets it to the agency API's
	// mapping (httpapi.Status) when it is nil.
	StatusOf func(error) int
	Now      func() time.Time
}

// LookupRequest is one authenticated lookup.
type LookupRequest struct {
	Caller    authn.Caller
	Agency    catalog.Agency
	Dataset   string
	Key       string
	Fields    []string // empty: every field of the dataset
	RequestID string
	Client    ClientInfo
	// Claim, when set, is the request token's id, not yet durably
	// recorded as used (ReplayGuard deferred it): the lookup records it in
	// its audit event's transaction, and answers 401 with no data if it
	// was used already. Audit must then be a RidingAuditLog.
	Claim *audit.Claim
}

// ClientInfo is what the audit keeps about the connection.
type ClientInfo struct {
	Addr       string
	Thumbprint string
}

// WithheldField is a field the caller asked for and did not get, and why.
type WithheldField struct {
	Field   string   `json:"field"`
	Reasons []string `json:"reasons"`
}

// LookupResult is the minimised record and how it was decided.
type LookupResult struct {
	Dataset       string            `json:"dataset"`
	Record        connectors.Record `json:"record"`
	Withheld      []WithheldField   `json:"withheld"`
	Masked        map[string]string `json:"masked"`
	Obligations   []string          `json:"obligations"`
	DecisionID    string            `json:"decision_id"`
	PolicyVersion string            `json:"policy_version"`
	AuditEventID  string            `json:"audit_event"`
}

func (p *Pipeline) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}
