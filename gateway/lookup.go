package gateway

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/connectors"
	"github.com/gdx-exchange/gdx/policies"
)

// MaxRequestedFields bounds ?fields=.
const MaxRequestedFields = 256

// lookupState carries one lookup through the pipeline's steps.
type lookupState struct {
	req      LookupRequest
	started  time.Time
	dataset  catalog.Dataset
	key      string // normalised
	fields   []string
	grant    *catalog.Grant
	input    policies.Input
	decision policies.Decision
	record   connectors.Record
	upstream int
	result   LookupResult
	// decisionRode is set when the decision-log row rides with the audit
	// event, so that it is not written again.
	decisionRode bool
}

// lookupStates are reused from lookup to lookup, since a lookupState is
// some 1.3 KB. NOTE: nothing keeps one past its lookup: the result leaves
// by value, and the audit event, the decision log and the metrics copy
// what they keep (TestLookupStateIsNotKept).
var lookupStates = sync.Pool{New: func() any { return new(lookupState) }}

func newLookupState(req LookupRequest, started time.Time) *lookupState {
	st := lookupStates.Get().(*lookupState)
	st.req, st.started = req, started
	return st
}

// release clears st, so that the pool holds nothing of the lookup, and
// returns it.
func (st *lookupState) release() {
	*st = lookupState{}
	lookupStates.Put(st)
}

// Lookup runs DESIGN.md's pipeline for one record. The caller has
// authenticated the request. Whatever happens after authentication is
// audited before Lookup returns, and if the audit cannot be written no
// data is returned.
func (p *Pipeline) Lookup(ctx context.Context, req LookupRequest) (LookupResult, error) {
	st := newLookupState(req, p.now())
	defer st.release()
	err := runSteps(ctx, st, p.validate, p.limit, p.decide, p.fetch, p.minimise)
	if err := p.finish(ctx, st, p.lookupEvent(st, err), err); err != nil {
		return LookupResult{}, err
	}
	return st.result, nil
}

type step func(ctx context.Context, st *lookupState) error

func runSteps(ctx context.Context, st *lookupState, steps ...step) error {
	for _, s := range steps {
		if err := s(ctx, st); err != nil {
			return err
		}
	}
	return nil
}

func auditUnavailable(cause error) error {
	return catalog.Errorf(catalog.KindUnavailable, "the audit trail cannot be written, so no data was returned; retry later").
		WithReason(audit.ReasonUnavailable).Wrap(cause)
}

// validate checks the dataset, key and fields before anything leaves the
// exchange.
func (p *Pipeline) validate(ctx context.Context, st *lookupState) error {
	if err := p.validateDataset(ctx, st); err != nil {
		return err
	}
	key, err := catalog.NormalizeKey(st.dataset.KeyKind, st.req.Key)
	if err != nil {
		return err
	}
	st.key = key
	st.fields, err = requestedFields(st.dataset, st.req.Fields)
	return err
}

func (p *Pipeline) validateDataset(ctx context.Context, st *lookupState) error {
	d, err := p.Catalog.FindDataset(ctx, st.req.Dataset)
	if catalog.IsKind(err, catalog.KindNotFound) {
		return catalog.Errorf(catalog.KindNotFound, "no dataset %q in the catalog", st.req.Dataset).WithReason(ReasonDatasetUnknown)
	} else if err != nil {
		return err
	}
	st.dataset = d
	// NOTE: top secret never leaves its owner, whatever a policy says.
	if d.Classification == catalog.TopSecret {
		return catalog.Errorf(catalog.KindForbidden, "top secret data is never exchanged").WithReason(policies.ReasonTopSecret)
	}
	return nil
}

func requestedFields(d catalog.Dataset, asked []string) ([]string, error) {
	if len(asked) == 0 {
		return d.FieldNames(), nil
	}
	if len(asked) > MaxRequestedFields {
		return nil, catalog.Errorf(catalog.KindInvalid, "at most %d fields may be requested", MaxRequestedFields).WithReason(ReasonTooManyFields)
	}
	out := make([]string, 0, len(asked))
	for _, f := range asked {
		if _, ok := d.Field(f); !ok {
			return nil, catalog.Errorf(catalog.KindInvalid, "dataset %s has no field %q", d.ID, f).WithReason(policies.ReasonUnknownField)
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

// limit finds the grant and takes a token from the consumer's bucket for
// it, so that floods are refused before any policy or upstream work.
func (p *Pipeline) limit(ctx context.Context, st *lookupState) error {
	return p.limitN(ctx, st, 1)
}

// limitN takes one token per key asked for.
func (p *Pipeline) limitN(ctx context.Context, st *lookupState, cost int) error {
	grant, err := p.findGrant(ctx, st.req.Agency.Code, st.dataset.ID, p.now())
	if err != nil {
		return err
	}
	st.grant = grant
	var key string
	limit := p.DefaultLimit
	if grant != nil && grant.RateLimit.PerMinute > 0 {
		key, limit = "grant:"+grant.ID, grant.RateLimit
	} else {
		key = "agency:" + st.req.Agency.Code
	}
	if limit.PerMinute > 0 && cost > max(limit.Burst, 1) {
		return catalog.Errorf(catalog.KindRateLimited, "a batch of %d keys is larger than the burst of %d the rate limit allows; split it",
			cost, max(limit.Burst, 1)).WithReason(ReasonBatchOverBurst)
	}
	wait, err := p.Limiter.Take(ctx, key, limit, cost, p.now())
	if err != nil {
		return catalog.Errorf(catalog.KindUnavailable, "the rate limiter does not answer").Wrap(err)
	}
	if wait > 0 {
		return catalog.Errorf(catalog.KindRateLimited, "rate limit of %d lookups per minute reached; retry after the Retry-After seconds",
			limit.PerMinute).WithReason(ReasonRateLimited).WithRetryAfter(wait)
	}
	return nil
}

// findGrant returns the consumer's grant on the dataset: one in force now
// if any, else the most recent, so that the policy can say it expired.
func (p *Pipeline) findGrant(ctx context.Context, consumer, dataset string, now time.Time) (*catalog.Grant, error) {
	grants, err := p.Catalog.ListGrants(ctx, catalog.GrantFilter{Consumer: consumer, Dataset: dataset})
	if err != nil || len(grants) == 0 {
		return nil, err
	}
	// NOTE: the list may be the catalog cache's, shared by every lookup:
	// its elements may be pointed to, never written.
	best := 0
	for i := range grants {
		if grants[i].ValidAt(now) {
			return &grants[i], nil
		}
		if grants[i].ValidTo.After(grants[best].ValidTo) {
			best = i
		}
	}
	return &grants[best], nil
}

// decide evaluates the active policy; a deny is a 403 naming the reasons.
func (p *Pipeline) decide(ctx context.Context, st *lookupState) error {
	st.input = policies.NewInput(policies.Request{Agency: st.req.Agency, Officer: st.req.Caller.Officer,
		Purpose: st.req.Caller.Purpose, IAL: st.req.Caller.IAL, AAL: st.req.Caller.AAL, Dataset: st.dataset,
		Requested: st.fields, Grant: st.grant, Time: p.now()})
	start := time.Now()
	d, err := p.Decider.Decide(ctx, st.input)
	p.Metrics.observeDecision(time.Since(start))
	st.decision = d
	if err != nil {
		// Fails closed as an exchange fault, not as a policy denial; the
		// audit keeps the decision id.
		return catalog.Errorf(catalog.KindInternal, "the policy could not be evaluated").WithReason(policies.ReasonPolicyError).Wrap(err)
	}
	if !d.Allow || len(d.Fields) == 0 {
		return &DeniedError{Decision: d}
	}
	return nil
}

// fetch asks the owning agency, within the upstream timeout.
func (p *Pipeline) fetch(ctx context.Context, st *lookupState) error {
	ctx, cancel := context.WithTimeout(ctx, p.UpstreamTimeout)
	defer cancel()
	start := time.Now()
	rec, err := p.Fetcher.Fetch(ctx, st.dataset, st.key)
	p.Metrics.observeUpstream(st.dataset.Connector, time.Since(start), err)
	st.upstream = upstreamStatus(err)
	if err != nil {
		return catalog.FromOwner(err)
	}
	st.record = rec
	return nil
}

func upstreamStatus(err error) int {
	switch catalog.ErrorKind(err) {
	case "":
		return 200
	case catalog.KindNotFound:
		return 404
	case catalog.KindTimeout:
		return 504
	case catalog.KindUnavailable:
		return 503
	}
	return 502
}

// DeniedError is a policy refusal: 403 with the decision's reasons.
type DeniedError struct {
	Decision policies.Decision
}

func (e *DeniedError) Error() string { return "denied by policy " + e.Decision.PolicyVersion }

// Unwrap gives the error kind and a public message.
func (e *DeniedError) Unwrap() error {
	return catalog.Errorf(catalog.KindForbidden, "the policy does not allow this lookup; see reasons").WithReason(e.primaryReason())
}

// primaryReason is the first reason about the whole lookup, else the first
// about a field: "ial_too_low" says more than one withheld field.
func (e *DeniedError) primaryReason() string {
	for _, r := range e.Decision.Reasons {
		if code, field := policies.ParseReason(r); field == "" {
			return code
		}
	}
	if len(e.Decision.Reasons) > 0 {
		code, _ := policies.ParseReason(e.Decision.Reasons[0])
		return code
	}
	return ReasonDenied
}

// DecisionInfo lets the problem writer show the decision.
func (e *DeniedError) DecisionInfo() (reasons []string, decisionID, policyVersion string) {
	return e.Decision.Reasons, e.Decision.ID, e.Decision.PolicyVersion
}

func (p *Pipeline) logDecision(ctx context.Context, st *lookupState, eventID string) {
	if p.Decisions != nil && st.decision.ID != "" && !st.decisionRode {
		_ = p.Decisions.RecordDecision(ctx, st.input, st.decision, eventID)
	}
}
