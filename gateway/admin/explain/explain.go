package explain

import (
	"context"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/policies"
)

// Catalog is what an explanation reads from the catalog.
type Catalog interface {
	// FindAgency returns the agency. Errors: not found.
	FindAgency(ctx context.Context, code string) (catalog.Agency, error)
	// FindPurpose returns the purpose. Errors: not found.
	FindPurpose(ctx context.Context, code string) (catalog.Purpose, error)
	// FindDataset returns the dataset. Errors: not found.
	FindDataset(ctx context.Context, id string) (catalog.Dataset, error)
	// ListGrants returns the grants matching the filter.
	ListGrants(ctx context.Context, f catalog.GrantFilter) ([]catalog.Grant, error)
}

// Query is the lookup to explain. Empty Fields means every field of the
// dataset (as the gateway asks when a caller names none); empty IAL and
// AAL mean the levels the dataset requires; zero Time means now.
type Query struct {
	Agency  string
	Purpose string
	Dataset string
	Fields  []string
	IAL     catalog.IAL
	AAL     catalog.AAL
	Time    time.Time
}

// Explanation is a decision of the active policy with everything it was
// made from.
type Explanation struct {
	Version  policies.Version
	Agency   catalog.Agency
	Purpose  catalog.Purpose
	Dataset  catalog.Dataset
	Grant    *catalog.Grant
	IAL      catalog.IAL
	AAL      catalog.AAL
	Assumed  bool // IAL and AAL were not given: the dataset's were used
	Fields   []string
	Time     time.Time
	Decision policies.Decision
}

// Run builds the lookup from the catalog and decides it with the active
// policy version, compiled here. Errors: not found (agency, purpose,
// dataset), invalid (no active policy, or it does not compile here).
func Run(ctx context.Context, cat Catalog, versions policies.ActiveSource, q Query) (Explanation, error) {
	ex, err := gather(ctx, cat, q)
	if err != nil {
		return ex, err
	}
	id, err := versions.ActiveVersionID(ctx)
	if err != nil {
		return ex, err
	}
	if id == 0 {
		return ex, catalog.Errorf(catalog.KindInvalid, "no policy version is active in this database; run 'gdx demo' or 'gdx serve' once")
	}
	if ex.Version, err = versions.FindVersion(ctx, id); err != nil {
		return ex, err
	}
	p, _, err := policies.Compile(ctx, ex.Version.Label(), ex.Version.Modules)
	if err != nil {
		return ex, err
	}
	in := policies.NewInput(policies.Request{Agency: ex.Agency, Officer: "explain", Purpose: ex.Purpose, IAL: ex.IAL,
		AAL: ex.AAL, Dataset: ex.Dataset, Requested: ex.Fields, Grant: ex.Grant, Time: ex.Time})
	ex.Decision, err = p.Decide(ctx, in)
	return ex, err
}

// gather reads the agency, purpose, dataset and grant of the query.
func gather(ctx context.Context, cat Catalog, q Query) (Explanation, error) {
	ex := Explanation{IAL: q.IAL, AAL: q.AAL, Fields: q.Fields, Time: q.Time}
	if ex.Time.IsZero() {
		ex.Time = time.Now().UTC()
	}
	var err error
	if ex.Agency, err = cat.FindAgency(ctx, q.Agency); err != nil {
		return ex, err
	}
	if ex.Purpose, err = cat.FindPurpose(ctx, q.Purpose); err != nil {
		return ex, err
	}
	if ex.Dataset, err = cat.FindDataset(ctx, q.Dataset); err != nil {
		return ex, err
	}
	if len(ex.Fields) == 0 {
		ex.Fields = ex.Dataset.FieldNames()
	}
	// A level not given is the dataset's own, so one can be tried alone.
	if ex.IAL == "" {
		ex.IAL, ex.Assumed = ex.Dataset.IAL, true
	}
	if ex.AAL == "" {
		ex.AAL, ex.Assumed = ex.Dataset.AAL, true
	}
	if !ex.IAL.Valid() || !ex.AAL.Valid() {
		return ex, catalog.Errorf(catalog.KindInvalid, "IAL %q or AAL %q is not a Digital ID level (IAL 1, 2.1, 2.2, 2.3, 3; AAL 1, 2, 3)", ex.IAL, ex.AAL)
	}
	grants, err := cat.ListGrants(ctx, catalog.GrantFilter{Consumer: q.Agency, Dataset: q.Dataset})
	ex.Grant = pickGrant(grants, ex.Time)
	return ex, err
}

// pickGrant chooses the grant as the gateway and impact analysis do: the
// one in force at t, else the one that ends last, else none.
func pickGrant(grants []catalog.Grant, t time.Time) *catalog.Grant {
	var pick *catalog.Grant
	for i, g := range grants {
		if g.ValidAt(t) {
			return &grants[i]
		}
		if pick == nil || g.ValidTo.After(pick.ValidTo) {
			pick = &grants[i]
		}
	}
	return pick
}
