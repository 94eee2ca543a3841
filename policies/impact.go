package policies

import (
	"context"
	"slices"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Catalog is the part of the catalog impact analysis runs over.
type Catalog struct {
	Agencies []catalog.Agency
	Purposes []catalog.Purpose
	Datasets []catalog.Dataset
	Grants   []catalog.Grant
}

// Assurance is one pair of officer assurance levels to evaluate.
type Assurance struct {
	IAL catalog.IAL `json:"ial"`
	AAL catalog.AAL `json:"aal"`
}

// DefaultLevels are the assurance levels impact analysis tries when none
// are given: the lowest, the common one, and the highest.
var DefaultLevels = []Assurance{{"1", "1"}, {"2.3", "2"}, {"3", "3"}}

// ImpactOptions tune Impact.
type ImpactOptions struct {
	// Time of the simulated lookups; zero means now.
	Time time.Time
	// Levels to try for every case; nil means DefaultLevels.
	Levels []Assurance
}

// ChangeKind names how a case's outcome changes.
type ChangeKind string

// Change kinds.
const (
	NewlyAllowed  ChangeKind = "newly_allowed"
	NewlyDenied   ChangeKind = "newly_denied"
	FieldsChanged ChangeKind = "fields_changed"
)

// Change is one case whose outcome differs between the two sets.
type Change struct {
	Agency  string     `json:"agency"`
	Purpose string     `json:"purpose"`
	Dataset string     `json:"dataset"`
	Level   Assurance  `json:"level"`
	Kind    ChangeKind `json:"kind"`
	Gained  []string   `json:"gained,omitempty"`
	Lost    []string   `json:"lost,omitempty"`
	// Before and After are the reasons each set gave.
	Before []string `json:"before"`
	After  []string `json:"after"`
}

// ImpactReport is what a proposed policy set changes against the active
// one over agencies × purposes × datasets × levels, every field requested.
type ImpactReport struct {
	Before       string   `json:"before"`
	After        string   `json:"after"`
	Cases        int      `json:"cases"`
	NewlyAllowed int      `json:"newly_allowed"`
	NewlyDenied  int      `json:"newly_denied"`
	FieldsGained int      `json:"fields_gained"`
	FieldsLost   int      `json:"fields_lost"`
	Changes      []Change `json:"changes"`
}

// Impact evaluates both sets over the matrix and reports every case that
// changes. before may be nil (no active policy: everything denied).
func Impact(ctx context.Context, before, after *Policy, cat Catalog, opt ImpactOptions) (ImpactReport, error) {
	if opt.Time.IsZero() {
		opt.Time = time.Now()
	}
	if opt.Levels == nil {
		opt.Levels = DefaultLevels
	}
	rep := ImpactReport{After: after.Version(), Changes: []Change{}}
	if before != nil {
		rep.Before = before.Version()
	}
	for _, in := range matrix(cat, opt) {
		if err := ctx.Err(); err != nil {
			return ImpactReport{}, err
		}
		rep.Cases++
		old := deny("", ReasonNoPolicy)
		if before != nil {
			old, _ = before.decide(ctx, in) // NOTE: errors are policy_error denials, compared as such
		}
		cur, _ := after.decide(ctx, in)
		rep.add(in, old, cur)
	}
	return rep, nil
}

func (r *ImpactReport) add(in Input, old, cur Decision) {
	c := Change{Agency: in.Agency.Code, Purpose: in.Purpose.Code, Dataset: in.Dataset.ID,
		Level: Assurance{in.IAL, in.AAL}, Before: old.Reasons, After: cur.Reasons}
	c.Gained = minus(cur.Fields, old.Fields)
	c.Lost = minus(old.Fields, cur.Fields)
	switch {
	case cur.Allow && !old.Allow:
		c.Kind = NewlyAllowed
		r.NewlyAllowed++
	case old.Allow && !cur.Allow:
		c.Kind = NewlyDenied
		r.NewlyDenied++
	case len(c.Gained) > 0 || len(c.Lost) > 0:
		c.Kind = FieldsChanged
	default:
		return
	}
	r.FieldsGained += len(c.Gained)
	r.FieldsLost += len(c.Lost)
	r.Changes = append(r.Changes, c)
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// matrix builds one input per agency × purpose × dataset × level, asking
// for every field of the dataset under the pair's grant at opt.Time.
func matrix(cat Catalog, opt ImpactOptions) []Input {
	var out []Input
	for _, a := range cat.Agencies {
		for _, d := range cat.Datasets {
			g := grantFor(cat.Grants, a.Code, d.ID, opt.Time)
			for _, p := range cat.Purposes {
				for _, l := range opt.Levels {
					out = append(out, NewInput(Request{Agency: a, Officer: "impact-analysis", Purpose: p,
						IAL: l.IAL, AAL: l.AAL, Dataset: d, Requested: d.FieldNames(), Grant: g, Time: opt.Time}))
				}
			}
		}
	}
	return out
}

// grantFor picks the grant between agency and dataset as the gateway
// would: the one in force at t, else the one that ends last, else nil.
func grantFor(grants []catalog.Grant, agency, dataset string, t time.Time) *catalog.Grant {
	var pick *catalog.Grant
	for i, g := range grants {
		if g.Consumer != agency || g.Dataset != dataset {
			continue
		}
		if g.ValidAt(t) {
			return &grants[i]
		}
		if pick == nil || g.ValidTo.After(pick.ValidTo) {
			pick = &grants[i]
		}
	}
	return pick
}

// Impact compares a stored version with the active one over the catalog,
// for the approver to see before approving. Errors: not found,
// *RefusedError (the version does not compile).
func (w *Workflow) Impact(ctx context.Context, id int64, cat Catalog, opt ImpactOptions) (ImpactReport, error) {
	v, err := w.Store.FindVersion(ctx, id)
	if err != nil {
		return ImpactReport{}, err
	}
	after, _, err := Compile(ctx, v.Label(), v.Modules)
	if err != nil {
		return ImpactReport{}, err
	}
	before, err := w.activePolicy(ctx)
	if err != nil {
		return ImpactReport{}, err
	}
	return Impact(ctx, before, after, cat, opt)
}

// activePolicy returns the compiled active version: the engine's if it
// serves it, else compiled here; nil when none is active.
func (w *Workflow) activePolicy(ctx context.Context) (*Policy, error) {
	cur, err := w.active(ctx)
	if err != nil || cur.ID == 0 {
		return nil, err
	}
	if w.Engine != nil && w.Engine.Version() == cur.Label() {
		return w.Engine.Policy(), nil
	}
	p, _, err := Compile(ctx, cur.Label(), cur.Modules)
	return p, err
}
