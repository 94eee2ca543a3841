package policies

import (
	"context"
	"slices"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// VersionStore keeps policy versions and their workflow events. The
// Workflow checks roles, scopes and statuses before it calls a store; a
// store re-checks, inside its own transaction, every condition that a
// concurrent call could change, so that no race slips past.
type VersionStore interface {
	// CreateVersion stores a new version with the next id and records
	// an event of the kind (drafted or bootstrapped) by the author.
	// Errors: invalid.
	CreateVersion(ctx context.Context, v Version, kind EventKind) (Version, error)
	// FindVersion returns the version with the id. Errors: not found.
	FindVersion(ctx context.Context, id int64) (Version, error)
	// ListVersions returns every version, newest first, without modules,
	// report or diff.
	ListVersions(ctx context.Context) ([]Version, error)
	// ActiveVersionID returns the id of the active version, 0 if none.
	// It is one indexed read: watchers poll it.
	ActiveVersionID(ctx context.Context) (int64, error)
	// ApproveVersion marks a tested version approved by the actor.
	// Errors: not found, conflict (not tested), forbidden (the actor is
	// its author).
	ApproveVersion(ctx context.Context, id int64, by Actor, at time.Time) error
	// RejectVersion marks a tested or failed version rejected.
	// Errors: not found, conflict (any other status).
	RejectVersion(ctx context.Context, id int64, by Actor, note string, at time.Time) error
	// ActivateVersion makes a version the one active version in one
	// transaction; see Activation. Errors: not found, conflict (the
	// active version is not a.Expect, or the status does not allow it).
	ActivateVersion(ctx context.Context, a Activation) error
	// Events returns the events of a version (0: of all), oldest first.
	Events(ctx context.Context, version int64) ([]Event, error)
}

// Activation asks a store to switch the active version.
type Activation struct {
	Version int64
	// Expect is the version the caller saw active (0: none); the switch
	// fails with conflict if another is active by then.
	Expect int64
	// Kind is EventActivated (the version must be approved),
	// EventRolledBack (it must be superseded) or EventBootstrapped (it
	// must be approved and nothing active).
	Kind EventKind
	By   Actor
	At   time.Time
	Note string
}

// DecisionLog records every decision.
type DecisionLog interface {
	// RecordDecision stores one decision. Errors: conflict (the id
	// exists).
	RecordDecision(ctx context.Context, r DecisionRecord) error
	// LinkAuditEvent records the audit event of the lookup the decision
	// made. Errors: not found.
	LinkAuditEvent(ctx context.Context, decisionID, auditEventID string) error
	// FindDecision returns a recorded decision. Errors: not found.
	FindDecision(ctx context.Context, id string) (DecisionRecord, error)
}

// DecisionRecord is a decision as the decision log keeps it: the result in
// full and a summary of the input that names who asked for which fields of
// which dataset, and under which grant, but never the record key.
type DecisionRecord struct {
	ID            string                 `json:"id"`
	PolicyVersion string                 `json:"policy_version"`
	Time          time.Time              `json:"time"`
	Agency        string                 `json:"agency"`
	Officer       string                 `json:"officer"`
	Purpose       string                 `json:"purpose"`
	Dataset       string                 `json:"dataset"`
	Owner         string                 `json:"owner"`
	Class         catalog.Classification `json:"classification"`
	IAL           catalog.IAL            `json:"ial"`
	AAL           catalog.AAL            `json:"aal"`
	Requested     []string               `json:"requested"`
	Grant         string                 `json:"grant,omitempty"`
	Allow         bool                   `json:"allow"`
	Fields        []string               `json:"fields"`
	Masks         map[string]string      `json:"masks"`
	Reasons       []string               `json:"reasons"`
	Obligations   []string               `json:"obligations"`
	// AuditEvent links the audit event of the lookup; empty until linked.
	AuditEvent string `json:"audit_event,omitempty"`
}

// NewDecisionRecord summarises a decision and its input for the log.
func NewDecisionRecord(in Input, d Decision) DecisionRecord {
	r := DecisionRecord{
		ID: d.ID, PolicyVersion: d.PolicyVersion, Time: in.Time,
		Agency: in.Agency.Code, Officer: in.Officer.Sub, Purpose: in.Purpose.Code,
		Dataset: in.Dataset.ID, Owner: in.Dataset.Owner, Class: in.Dataset.Classification,
		IAL: in.IAL, AAL: in.AAL, Requested: nonNil(slices.Clone(in.RequestedFields)),
		Allow: d.Allow, Fields: nonNil(slices.Clone(d.Fields)), Masks: map[string]string{},
		Reasons: nonNil(slices.Clone(d.Reasons)), Obligations: nonNil(slices.Clone(d.Obligations)),
	}
	for f, m := range d.Masks {
		r.Masks[f] = m
	}
	if in.Grant != nil {
		r.Grant = in.Grant.ID
	}
	return r
}
