package gateway

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/authn"
	"github.com/gdx-exchange/gdx/internal/deadline"
	"github.com/gdx-exchange/gdx/policies"
)

// finish is the ending of every lookup, single or batch: it writes the
// audit event ev of the outcome err (with the request's token claim, when
// it has one, in the same transaction), counts it, logs the decision, and
// sets the event's id on the result. It returns err, the audit's failure,
// or the refusal of a replayed token, which replace any answer.
func (p *Pipeline) finish(ctx context.Context, st *lookupState, ev audit.Event, err error) error {
	stored, auditErr := p.appendAudit(ctx, st, ev)
	if errors.Is(auditErr, audit.ErrClaimTaken) {
		// NOTE: only the durable record saw the replay (another replica, or
		// this one before a restart): the upstream call it cost is in the
		// stored event, and nothing of the record leaves.
		err, auditErr = replayed(), nil
	}
	p.Metrics.observeLookup(st, err, auditErr)
	if auditErr != nil {
		return auditUnavailable(auditErr)
	}
	p.logDecision(ctx, st, stored.ID)
	if err != nil {
		return err
	}
	st.result.AuditEventID = stored.ID
	return nil
}

// auditTimeout bounds the wait for an audit event to be durable.
const auditTimeout = 5 * time.Second

// appendAudit waits for the event to be durable and times the wait.
// NOTE: the caller may have gone away, but the lookup happened (a fetch,
// a decision): its event is written whatever the request's context says.
// The wait is bounded by auditWaits' shared deadline, not by the
// request's context, whose values the audit log does not read.
func (p *Pipeline) appendAudit(_ context.Context, st *lookupState, e audit.Event) (audit.Event, error) {
	start := time.Now()
	ctx := auditWaits.Context(start)
	var stored audit.Event
	var err error
	if r, ok := p.rider(st); ok {
		stored, err = p.appendRiding(ctx, e, r)
	} else {
		stored, err = p.Audit.Append(ctx, e)
	}
	p.Metrics.observeAudit(time.Since(start))
	return stored, err
}

// rider is what rides with the lookup's event: its token's claim, and
// its decision-log row when the pipeline writes it so.
func (p *Pipeline) rider(st *lookupState) (audit.Rider, bool) {
	r := audit.Rider{Claim: st.req.Claim, Taken: refuseReplayed}
	if p.ridesDecisions() && st.decision.ID != "" {
		// Encoded now, so that a row that cannot be is written the old
		// way rather than failing the batch; the event's id comes last.
		row, err := p.Rows.DecisionRow(ridingRecord(st.input, st.decision))
		link := slices.Index(row.Columns, "audit_event")
		if err == nil && link >= 0 {
			st.decisionRode = true
			// NOTE: the row is this lookup's own, so the event's id is set
			// in place; a second call sets the same column again.
			rows := []audit.Row{row}
			r.Rows = func(stored audit.Event) []audit.Row {
				rows[0].Values[link] = stored.ID
				return rows
			}
		}
	}
	return r, r.Claim != nil || r.Rows != nil
}

// ridingRecord is policies.NewDecisionRecord for a row encoded at once:
// it shares the input's and decision's lists and masks instead of copying
// them, since the row's encoding copies them anyway
// (TestRidingRecordIsNewDecisionRecord).
func ridingRecord(in policies.Input, d policies.Decision) policies.DecisionRecord {
	r := policies.DecisionRecord{
		ID: d.ID, PolicyVersion: d.PolicyVersion, Time: in.Time,
		Agency: in.Agency.Code, Officer: in.Officer.Sub, Purpose: in.Purpose.Code,
		Dataset: in.Dataset.ID, Owner: in.Dataset.Owner, Class: in.Dataset.Classification,
		IAL: in.IAL, AAL: in.AAL, Requested: in.RequestedFields, Allow: d.Allow, Fields: d.Fields,
		Masks: d.Masks, Reasons: d.Reasons, Obligations: d.Obligations,
	}
	if in.Grant != nil {
		r.Grant = in.Grant.ID
	}
	return r
}

func (p *Pipeline) ridesDecisions() bool {
	_, ok := p.Audit.(RidingAuditLog)
	return ok && p.Rows != nil
}

func (p *Pipeline) appendRiding(ctx context.Context, e audit.Event, r audit.Rider) (audit.Event, error) {
	riding, ok := p.Audit.(RidingAuditLog)
	if !ok {
		return audit.Event{}, catalog.Errorf(catalog.KindInternal, "the audit log cannot record a request token with its event")
	}
	return riding.AppendRiding(ctx, e, r)
}

// refuseReplayed amends the event of a lookup whose token the durable
// record knew already: the caller is answered 401 and gets nothing.
func refuseReplayed(e *audit.Event) {
	e.FieldsWithheld = append(e.FieldsWithheld, e.FieldsReturned...)
	e.FieldsReturned = nil
	e.Decision, e.Status, e.Check = audit.DecisionDeny, 401, authn.ReasonJTIReplayed
	e.Reasons = append(e.Reasons, authn.ReasonJTIReplayed)
}

// replayed is the refusal of a token used before, as the verifier's.
func replayed() error {
	return unauthenticated(authn.ReasonJTIReplayed, "request token refused: the jti was already used")
}

// auditWaits bound the wait for an audit event to be durable (and for a
// settled token's durable record): auditTimeout, one context per 50 ms
// shared by every request, not a context and timer each.
var auditWaits = &deadline.Shared{D: auditTimeout, Grain: 50 * time.Millisecond}
