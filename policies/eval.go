package policies

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/google/uuid"
	"github.com/open-policy-agent/opa/v1/metrics"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// errUndefined reports a query that gave no result.
var errUndefined = errors.New("policy decision is undefined")

// Decide evaluates the policy for one lookup. The Decision is always
// usable: when the input is invalid (error kind invalid) or evaluation
// fails or is undefined (kind internal, reason policy_error), it is a deny
// naming that reason, and the error carries the cause for the log.
//
// NOTE: whatever the policy says, top-secret data and datasets of an
// unknown classification are denied here in Go, and only fields that were
// requested and exist in the dataset are ever allowed. Decisions are
// cached for a second by the input members the modules read (an
// officer's subject, which the baseline does not read, does not split
// the cache).
func (p *Policy) Decide(ctx context.Context, in Input) (Decision, error) {
	in = atResolution(in)
	var buf [1024]byte
	var key []byte // NOTE: an invalid input is never cached: the key may leave out members Validate checks
	if in.Validate() == nil {
		key = appendCacheKey(buf[:0], p.reads.keyed(in))
	}
	if d, ok := p.cache.get(key, in.Time); ok {
		d.ID = newID()
		return d, nil
	}
	d, err := p.decide(ctx, in)
	if err == nil {
		p.cache.put(key, in.Time, d)
	}
	d.ID = newID()
	return d, err
}

func (p *Policy) decide(ctx context.Context, in Input) (Decision, error) {
	if err := in.Validate(); err != nil {
		return deny(p.version, ReasonInvalidInput), err
	}
	if reason := guard(in); reason != "" {
		return deny(p.version, reason), nil
	}
	d, err := p.evaluate(ctx, in)
	if err != nil {
		return deny(p.version, ReasonPolicyError), catalog.Errorf(catalog.KindInternal,
			"policy %s could not decide", p.version).WithReason(ReasonPolicyError).Wrap(err)
	}
	return d, nil
}

// evaluate runs the prepared query for the dataset's owner and joins the
// layers, without the Go guard.
func (p *Policy) evaluate(ctx context.Context, in Input) (Decision, error) {
	q, layered := p.owners[OwnerKey(in.Dataset.Owner)]
	if !layered {
		q = p.base
	}
	cancel, stop := evalCancel(ctx)
	defer stop()
	rs, err := q.Eval(ctx, rego.EvalParsedInput(p.values.input(in)), rego.EvalMetrics(noMetrics), rego.EvalExternalCancel(cancel), rego.EvalVirtualCache(newFlatCache()))
	if err != nil {
		return Decision{}, err
	}
	if len(rs) == 0 {
		return Decision{}, errUndefined
	}
	d, err := decodeValue("baseline", rs[0].Bindings["b"])
	if err != nil {
		return Decision{}, err
	}
	if layered {
		o, err := decodeValue("owner "+in.Dataset.Owner, rs[0].Bindings["o"])
		if err != nil {
			return Decision{}, err
		}
		d = narrow(d, o)
	}
	return finish(d, in, p.version), nil
}

// noMetrics is the metrics of every evaluation: nothing reads them, and
// OPA's own would cost a map and timers per decision.
var noMetrics = metrics.NoOp()

// neverCancelled serves evaluations whose context can never end.
var neverCancelled = topdown.NewCancel()

// evalCancel returns the cancellation of an evaluation under ctx and the
// function that releases it. OPA's default starts a goroutine per
// evaluation to watch ctx; context.AfterFunc starts one only if ctx ends.
func evalCancel(ctx context.Context) (topdown.Cancel, func()) {
	if ctx.Done() == nil {
		return neverCancelled, func() {}
	}
	c := topdown.NewCancel()
	stop := context.AfterFunc(ctx, c.Cancel)
	return c, func() { stop() }
}

// narrow joins the baseline's decision with the owner module's: both must
// allow, fields intersect, masks, reasons and obligations add up (the
// stronger mask wins). Fields
// the owner drops without a reason get ReasonOwnerWithheld.
func narrow(base, owner Decision) Decision {
	d := Decision{Allow: base.Allow && owner.Allow, Masks: maps.Clone(base.Masks)}
	if d.Masks == nil {
		d.Masks = map[string]string{}
	}
	withheld := owner.Withheld()
	for _, f := range base.Fields {
		switch {
		case slices.Contains(owner.Fields, f):
			d.Fields = append(d.Fields, f)
		case owner.Allow && len(withheld[f]) == 0:
			d.Reasons = append(d.Reasons, FieldReason(ReasonOwnerWithheld, f))
		}
	}
	for f, m := range owner.Masks {
		if maskStrength[m] > maskStrength[d.Masks[f]] {
			d.Masks[f] = m
		}
	}
	d.Reasons = append(append(d.Reasons, base.Reasons...), owner.Reasons...)
	if !owner.Allow && len(owner.Reasons) == 0 {
		d.Reasons = append(d.Reasons, ReasonOwnerDenied)
	}
	d.Obligations = append(slices.Clone(base.Obligations), owner.Obligations...)
	return d
}

// maskStrength orders mask kinds so that the stronger of two wins.
var maskStrength = map[string]int{"": 0, MaskPartial: 1, MaskHash: 2, MaskRedact: 3}

// finish keeps only requested fields of the dataset, refuses a decision
// that allows nothing, and normalises it.
func finish(d Decision, in Input, version string) Decision {
	d.Fields = slices.DeleteFunc(d.Fields, func(f string) bool {
		return !slices.Contains(in.RequestedFields, f) || !hasField(in.Dataset, f)
	})
	if d.Allow && len(d.Fields) == 0 {
		d.Allow = false
		d.Reasons = append(d.Reasons, ReasonNoFieldsAllowed)
	}
	d.Obligations = fieldObligations(d, in.Dataset)
	d.PolicyVersion = version
	d.normalize()
	return d
}

// fieldObligations drops the obligations that follow from kinds of fields
// no longer returned once the layers narrowed the fields: no sensitive
// field, no record_sensitive_access; no personal field, no
// purpose_limitation.
func fieldObligations(d Decision, ds InputDataset) []string {
	personal, sensitive := false, false
	for _, f := range ds.Fields {
		if slices.Contains(d.Fields, f.Name) {
			personal, sensitive = personal || f.Personal || f.Sensitive, sensitive || f.Sensitive
		}
	}
	return slices.DeleteFunc(d.Obligations, func(o string) bool {
		return o == ObligationSensitiveAccess && !sensitive || o == ObligationPersonalData && !personal
	})
}

func hasField(d InputDataset, name string) bool {
	for _, f := range d.Fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// newID returns a time-ordered decision id (UUIDv7).
func newID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString() // NOTE: v4 needs no clock and fails only if crypto/rand does
	}
	return id.String()
}

// decodeLayer reads a `decision` document. A missing or mistyped allow
// denies; the other members may be absent.
func decodeLayer(layer string, v any) (Decision, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return Decision{}, fmt.Errorf("%s decision is %T, not an object", layer, v)
	}
	d := Decision{}
	d.Allow, _ = obj["allow"].(bool)
	var err error
	if d.Fields, err = stringList(layer, "fields", obj["fields"]); err != nil {
		return Decision{}, err
	}
	if d.Reasons, err = stringList(layer, "reasons", obj["reasons"]); err != nil {
		return Decision{}, err
	}
	if d.Obligations, err = stringList(layer, "obligations", obj["obligations"]); err != nil {
		return Decision{}, err
	}
	d.Masks, err = maskMap(layer, obj["masks"])
	return d, err
}

func stringList(layer, key string, v any) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	xs, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s decision: %s is %T, not a set or array", layer, key, v)
	}
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		s, ok := x.(string)
		if !ok {
			return nil, fmt.Errorf("%s decision: %s holds %T, not a string", layer, key, x)
		}
		out = append(out, s)
	}
	return out, nil
}

// maskMap reads masks; an unknown mask kind becomes MaskRedact, the
// strongest, so that a typo never returns data in clear.
func maskMap(layer string, v any) (map[string]string, error) {
	out := map[string]string{}
	if v == nil {
		return out, nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s decision: masks is %T, not an object", layer, v)
	}
	for f, m := range obj {
		kind, _ := m.(string)
		if kind != MaskPartial && kind != MaskHash {
			kind = MaskRedact
		}
		out[f] = kind
	}
	return out, nil
}

// atResolution cuts the input's time to the cache's resolution and narrows
// the grant's validity to it too — start rounded up, end down — so that
// rounding can only ever deny, never extend a grant.
func atResolution(in Input) Input {
	in.Time = in.Time.Truncate(cacheResolution)
	if in.Grant != nil {
		g := *in.Grant
		if t := g.ValidFrom.Truncate(cacheResolution); !t.Equal(g.ValidFrom) {
			g.ValidFrom = t.Add(cacheResolution)
		}
		g.ValidTo = g.ValidTo.Truncate(cacheResolution)
		in.Grant = &g
	}
	return in
}
