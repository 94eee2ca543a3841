package policies

import (
	"fmt"
	"slices"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Status is where a policy version stands in the steward workflow.
type Status string

// Version statuses. A draft is compiled and tested at once and stored as
// tested or failed; only a tested version can be approved, and only an
// approved one activated. Activating another supersedes the active one; a
// superseded version can be activated again by Rollback.
const (
	StatusDraft      Status = "draft"
	StatusTested     Status = "tested"
	StatusFailed     Status = "failed"
	StatusApproved   Status = "approved"
	StatusActive     Status = "active"
	StatusSuperseded Status = "superseded"
	StatusRejected   Status = "rejected"
)

// Role is what a steward account may do.
type Role string

// Steward roles. A steward drafts, an approver also approves, activates
// and rolls back, an auditor only reads; all three act only on their own
// agency's owner module. An admin of the central office acts on every
// module, the baseline included.
const (
	RoleSteward  Role = "steward"
	RoleApprover Role = "approver"
	RoleAuditor  Role = "auditor"
	RoleAdmin    Role = "admin"
)

// Actor is the authenticated steward behind a workflow call.
type Actor struct {
	Name   string `json:"name"`
	Agency string `json:"agency"`
	Role   Role   `json:"role"`
}

// Validate checks that the actor is complete. Errors: unauthenticated.
func (a Actor) Validate() error {
	if a.Name == "" || a.Agency == "" || !slices.Contains([]Role{RoleSteward, RoleApprover, RoleAuditor, RoleAdmin}, a.Role) {
		return catalog.Errorf(catalog.KindUnauthenticated, "policy workflow needs a steward with name, agency and role")
	}
	return nil
}

// ScopeBaseline names the central office's files in a version's scopes;
// an owner module's scope is "owner:" + its OwnerKey.
const ScopeBaseline = "baseline"

// ScopeOf returns the scope a file belongs to.
func ScopeOf(file string) string {
	if key := OwnerOf(file); key != "" {
		return "owner:" + key
	}
	return ScopeBaseline
}

// Covers reports whether the actor may change files of the scope: an
// admin every scope, anyone else only their own agency's owner module.
func (a Actor) Covers(scope string) bool {
	return a.Role == RoleAdmin || scope == "owner:"+OwnerKey(a.Agency)
}

// covers checks every scope and names the first one out of reach.
// Errors: forbidden.
func (a Actor) covers(scopes []string, verb string) error {
	for _, s := range scopes {
		if !a.Covers(s) {
			return catalog.Errorf(catalog.KindForbidden, "%s of %s (%s) may not %s changes to %s",
				a.Name, a.Agency, a.Role, verb, s).WithReason(ReasonPolicyScope)
		}
	}
	return nil
}

// may checks that the actor has one of the roles. Errors: forbidden.
func (a Actor) may(verb string, roles ...Role) error {
	if slices.Contains(roles, a.Role) {
		return nil
	}
	return catalog.Errorf(catalog.KindForbidden, "role %s may not %s policy versions", a.Role, verb).WithReason(ReasonPolicyRole)
}

// Version is one whole policy set as stored: its sources, who wrote and
// who approved it, what its compile and tests found, and how it differs
// from its predecessor.
type Version struct {
	ID int64 `json:"id"`
	// Parent is the version that was active when this one was drafted,
	// or 0. Activation requires it to be active still.
	Parent  int64   `json:"parent"`
	Modules Modules `json:"modules"`
	Digest  string  `json:"digest"`
	// Scopes lists what the version changes against Parent (ScopeOf).
	Scopes      []string  `json:"scopes"`
	Author      Actor     `json:"author"`
	Note        string    `json:"note"`
	CreatedAt   time.Time `json:"created_at"`
	Status      Status    `json:"status"`
	Report      Report    `json:"report"`
	Diff        string    `json:"diff"`
	Approver    string    `json:"approver,omitempty"`
	ApprovedAt  time.Time `json:"approved_at,omitzero"`
	ActivatedAt time.Time `json:"activated_at,omitzero"`
}

// Label is the version name decisions carry: "v" and the id.
func (v Version) Label() string { return VersionLabel(v.ID) }

// VersionLabel returns the label of the version id.
func VersionLabel(id int64) string { return fmt.Sprintf("v%d", id) }

// EventKind names a workflow event.
type EventKind string

// Workflow events; each is stored with the actor and the time.
const (
	EventDrafted      EventKind = "drafted"
	EventApproved     EventKind = "approved"
	EventRejected     EventKind = "rejected"
	EventActivated    EventKind = "activated"
	EventRolledBack   EventKind = "rolled_back"
	EventBootstrapped EventKind = "bootstrapped"
)

// Event is one audited step of the workflow.
type Event struct {
	ID      int64     `json:"id"`
	Version int64     `json:"version"`
	Kind    EventKind `json:"kind"`
	Actor   Actor     `json:"actor"`
	At      time.Time `json:"at"`
	Note    string    `json:"note,omitempty"`
}

// changedScopes returns the scopes of the files that differ between two
// sets, sorted.
func changedScopes(from, to Modules) []string {
	var scopes []string
	add := func(name string) {
		if s := ScopeOf(name); !slices.Contains(scopes, s) {
			scopes = append(scopes, s)
		}
	}
	for name, src := range to {
		if old, ok := from[name]; !ok || old != src {
			add(name)
		}
	}
	for name := range from {
		if _, ok := to[name]; !ok {
			add(name)
		}
	}
	slices.Sort(scopes)
	return scopes
}
