package admin

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Auditor records what stewards do. cmd/gdx wires it to the exchange's
// audit trail.
type Auditor interface {
	// RecordAdmin appends one event durably. Any error means the event
	// may not have been recorded.
	RecordAdmin(ctx context.Context, e AdminEvent) error
}

// AuditorFunc adapts a function to Auditor.
type AuditorFunc func(ctx context.Context, e AdminEvent) error

// RecordAdmin calls f.
func (f AuditorFunc) RecordAdmin(ctx context.Context, e AdminEvent) error { return f(ctx, e) }

// Outcome says where a change stood when its event was recorded.
type Outcome string

// Outcomes. A change is recorded twice: attempted before it is made,
// then done or failed; a login, a refused login and a logout once.
const (
	OutcomeAttempted Outcome = "attempted"
	OutcomeDone      Outcome = "done"
	OutcomeFailed    Outcome = "failed"
)

// AdminEvent is one audited step of a steward: who, for which agency, did
// what to which target, with what detail, in which request, when, and how
// it ended.
type AdminEvent struct {
	Time      time.Time `json:"time"`
	RequestID string    `json:"request_id"`
	// Steward is the acting steward's username; for a refused login, the
	// username given (which may name no account).
	Steward string `json:"steward"`
	Agency  string `json:"agency"`
	// Action is a stable code such as "grant.approve" (the Action*
	// constants).
	Action string `json:"action"`
	// Target names what was changed: "grant/g-1a2b", "policy/v7",
	// "key/DLA/kid", "dataset/dopa.person", "session".
	Target string `json:"target"`
	// Detail is a compact JSON summary of the request (never a password,
	// a token or Rego sources; policy versions keep those themselves).
	Detail  string  `json:"detail,omitempty"`
	Outcome Outcome `json:"outcome"`
	// Error is the public message of a failed change.
	Error string `json:"error,omitempty"`
}

// Audited actions.
const (
	ActionLogin          = "session.create"
	ActionLoginRefused   = "session.refused"
	ActionLogout         = "session.delete"
	ActionPolicyDraft    = "policy.draft"
	ActionPolicyApprove  = "policy.approve"
	ActionPolicyReject   = "policy.reject"
	ActionPolicyActivate = "policy.activate"
	ActionPolicyRollback = "policy.rollback"
	ActionGrantRequest   = "grant.request"
	ActionGrantApprove   = "grant.approve"
	ActionGrantRefuse    = "grant.refuse"
	ActionGrantRevoke    = "grant.revoke"
	ActionDatasetPut     = "dataset.put"
	ActionKeyAdd         = "key.add"
	ActionKeyRotate      = "key.rotate"
	ActionKeyRevoke      = "key.revoke"
)

// change makes one audited change: it records the attempt, runs do (which
// checks the caller's scope and then changes), and records the outcome.
//
// NOTE: the audit is write-ahead. Stores of the catalog, keys and
// policies cannot join one transaction with the audit trail, so the rule
// is: if the attempt cannot be recorded, the change is refused with 503
// (reason audit_unavailable) and nothing changes; if the outcome cannot be
// recorded after a successful change, the change stands (the attempt
// record already names it) and the caller gets 503 (reason
// audit_incomplete) saying so, and the failure is logged.
func (s *Service) change(ctx context.Context, by Caller, action, target string, detail any, do func() error) error {
	e, err := s.begin(ctx, by, action, target, detail)
	if err != nil {
		return err
	}
	return s.end(ctx, e, do())
}

// begin records the attempt of a change; see change.
func (s *Service) begin(ctx context.Context, by Caller, action, target string, detail any) (AdminEvent, error) {
	e := AdminEvent{Time: s.now(), RequestID: by.RequestID, Steward: by.Steward.Username, Agency: by.Steward.Agency,
		Action: action, Target: target, Detail: detailJSON(detail), Outcome: OutcomeAttempted}
	if err := s.audit.RecordAdmin(ctx, e); err != nil {
		return e, catalog.Errorf(catalog.KindUnavailable, "the audit trail cannot be written, so nothing was changed; try again later").
			WithReason(ReasonAuditUnavailable).Wrap(err)
	}
	return e, nil
}

// end records the outcome of the change begun as e, whose Target the
// caller may have made more precise (a new grant's or version's id), and
// returns the change's error or, see change, audit_incomplete.
func (s *Service) end(ctx context.Context, e AdminEvent, err error) error {
	e.Time, e.Outcome = s.now(), OutcomeDone
	if err != nil {
		e.Outcome, e.Error = OutcomeFailed, catalog.ErrorMessage(err)
	}
	aerr := s.audit.RecordAdmin(context.WithoutCancel(ctx), e)
	switch {
	case aerr == nil:
		return err
	case err != nil:
		s.log.Error("admin audit: outcome of a failed change not recorded", "action", e.Action, "target", e.Target,
			"request_id", e.RequestID, "err", aerr)
		return err
	}
	s.log.Error("admin audit: change made but its outcome not recorded", "action", e.Action, "target", e.Target,
		"request_id", e.RequestID, "err", aerr)
	return catalog.Errorf(catalog.KindUnavailable, "%s on %s was made, but the audit trail could not record its outcome; tell the exchange operator",
		e.Action, e.Target).WithReason(ReasonAuditIncomplete).Wrap(aerr)
}

// record appends a single event (logins and logouts), logging a failure.
func (s *Service) record(ctx context.Context, e AdminEvent) error {
	e.Time = s.now()
	err := s.audit.RecordAdmin(ctx, e)
	if err != nil {
		s.log.Error("admin audit: event not recorded", "action", e.Action, "request_id", e.RequestID, "err", err)
	}
	return err
}

// detailJSON renders a summary for AdminEvent.Detail.
func detailJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
