package admin

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// GrantRequest is a consumer agency's request for a data-sharing grant.
type GrantRequest struct {
	// Consumer is the requesting agency; empty means the caller's. Only a
	// central admin may request for another agency.
	Consumer  string            `json:"consumer,omitempty"`
	Dataset   string            `json:"dataset"`
	Purposes  []string          `json:"purposes"`
	Fields    []string          `json:"fields"`
	Unmasked  []string          `json:"unmasked,omitempty"`
	ValidFrom time.Time         `json:"valid_from,omitzero"`
	ValidTo   time.Time         `json:"valid_to"`
	RateLimit catalog.RateLimit `json:"rate_limit"`
}

// Narrowing is what an owner's approver may cut from a requested grant
// as they approve it; empty fields keep what was requested.
type Narrowing struct {
	Purposes []string `json:"purposes,omitempty"`
	Fields   []string `json:"fields,omitempty"`
	// Unmasked, when not nil, replaces the requested clear-text
	// identifiers with a subset of them ([] for none).
	Unmasked []string `json:"unmasked"`
	// ValidTo, when set, ends the grant earlier than requested.
	ValidTo time.Time `json:"valid_to,omitzero"`
}

// GrantQuery selects grants to list; zero fields match everything.
type GrantQuery struct {
	Consumer string
	Dataset  string
	Status   catalog.GrantStatus
}

// ListGrants returns the grants the caller may see that match q: those
// their agency holds or gives, or every grant for the central office.
func (s *Service) ListGrants(ctx context.Context, by Caller, q GrantQuery) ([]catalog.Grant, error) {
	gs, err := s.catalog.ListGrants(ctx, catalog.GrantFilter{Consumer: q.Consumer, Dataset: q.Dataset})
	if err != nil {
		return nil, err
	}
	owners, err := s.datasetOwners(ctx)
	if err != nil {
		return nil, err
	}
	out := []catalog.Grant{}
	for _, g := range gs {
		if (q.Status == "" || g.Status == q.Status) && (by.Steward.sees(g.Consumer) || by.Steward.sees(owners[g.Dataset])) {
			out = append(out, g)
		}
	}
	return out, nil
}

func (s *Service) datasetOwners(ctx context.Context) (map[string]string, error) {
	ds, err := s.catalog.ListDatasets(ctx, catalog.DatasetFilter{})
	if err != nil {
		return nil, err
	}
	owners := make(map[string]string, len(ds))
	for _, d := range ds {
		owners[d.ID] = d.Owner
	}
	return owners, nil
}

// RequestGrant stores a grant request of the caller's agency, status
// requested, for the dataset owner's approvers to decide. Errors:
// forbidden, invalid, conflict (a live grant overlaps it).
func (s *Service) RequestGrant(ctx context.Context, by Caller, r GrantRequest) (catalog.Grant, error) {
	if r.Consumer == "" {
		r.Consumer = by.Steward.Agency
	}
	if r.ValidFrom.IsZero() {
		r.ValidFrom = s.now()
	}
	g := catalog.Grant{Consumer: r.Consumer, Dataset: r.Dataset, Purposes: r.Purposes, Fields: r.Fields,
		Unmasked: r.Unmasked, ValidFrom: r.ValidFrom, ValidTo: r.ValidTo, RateLimit: r.RateLimit, Status: catalog.GrantRequested}
	e, err := s.begin(ctx, by, ActionGrantRequest, "grant/"+r.Consumer+"/"+r.Dataset, r)
	if err != nil {
		return catalog.Grant{}, err
	}
	if err = by.Steward.may("request grants", r.Consumer, changers...); err == nil {
		g, err = s.catalog.CreateGrant(ctx, g)
	}
	if err == nil {
		e.Target = "grant/" + g.ID
	}
	return g, s.end(ctx, e, err)
}

// ApproveGrant makes a requested grant active, narrowed as n says. Only
// approvers of the dataset's owner (or a central admin) may. Errors:
// forbidden, not found, conflict (not requested), invalid (n widens it).
func (s *Service) ApproveGrant(ctx context.Context, by Caller, id string, n Narrowing) (catalog.Grant, error) {
	var g catalog.Grant
	err := s.change(ctx, by, ActionGrantApprove, "grant/"+id, n, func() (err error) {
		act := grantAct{verb: "approve grants", from: []catalog.GrantStatus{catalog.GrantRequested}}
		if g, err = s.decidedGrant(ctx, by, id, act); err != nil {
			return err
		}
		if g, err = n.apply(g); err != nil {
			return err
		}
		g.Status = catalog.GrantActive
		return s.catalog.UpdateGrantFrom(ctx, g, catalog.GrantRequested)
	})
	return g, err
}

// RefuseGrant refuses a requested grant. Errors: forbidden, not found,
// conflict.
func (s *Service) RefuseGrant(ctx context.Context, by Caller, id, note string) (catalog.Grant, error) {
	act := grantAct{action: ActionGrantRefuse, verb: "refuse grants", to: catalog.GrantRefused,
		from: []catalog.GrantStatus{catalog.GrantRequested}}
	return s.setGrantStatus(ctx, by, id, note, act)
}

// RevokeGrant ends a requested or active grant at once; the owner's
// approvers may, and so may the consumer's, since giving up access is
// always safe. Errors: forbidden, not found, conflict.
func (s *Service) RevokeGrant(ctx context.Context, by Caller, id, note string) (catalog.Grant, error) {
	act := grantAct{action: ActionGrantRevoke, verb: "revoke grants", to: catalog.GrantRevoked, consumerToo: true,
		from: []catalog.GrantStatus{catalog.GrantRequested, catalog.GrantActive}}
	return s.setGrantStatus(ctx, by, id, note, act)
}

// grantAct is a change of a grant's status.
type grantAct struct {
	action, verb string
	to           catalog.GrantStatus
	from         []catalog.GrantStatus
	// consumerToo lets the consumer's approvers act as well as the owner's.
	consumerToo bool
}

func (s *Service) setGrantStatus(ctx context.Context, by Caller, id, note string, act grantAct) (catalog.Grant, error) {
	var g catalog.Grant
	err := s.change(ctx, by, act.action, "grant/"+id, map[string]string{"note": note}, func() (err error) {
		if g, err = s.decidedGrant(ctx, by, id, act); err != nil {
			return err
		}
		from := g.Status
		g.Status = act.to
		return s.catalog.UpdateGrantFrom(ctx, g, from)
	})
	return g, err
}

// decidedGrant finds the grant, checks that the caller decides for the
// dataset's owner (or, with consumerToo, for the consumer), and that the
// grant's status is one of act.from.
func (s *Service) decidedGrant(ctx context.Context, by Caller, id string, act grantAct) (catalog.Grant, error) {
	g, err := s.catalog.FindGrant(ctx, id)
	if err != nil {
		return g, err
	}
	d, err := s.catalog.FindDataset(ctx, g.Dataset)
	if err != nil {
		return g, err
	}
	err = by.Steward.may(act.verb, d.Owner, deciders...)
	if err != nil && act.consumerToo && by.Steward.may(act.verb, g.Consumer, deciders...) == nil {
		err = nil
	}
	if err != nil {
		return g, err
	}
	if !slices.Contains(act.from, g.Status) {
		return g, catalog.Errorf(catalog.KindConflict, "grant %s is %s; only a grant that is %s can %s",
			id, g.Status, statusList(act.from), strings.TrimSuffix(act.verb, " grants")).WithReason(ReasonGrantStatus)
	}
	return g, nil
}

func statusList(ss []catalog.GrantStatus) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return strings.Join(out, " or ")
}

// apply narrows g; it refuses anything that would widen it.
func (n Narrowing) apply(g catalog.Grant) (catalog.Grant, error) {
	var err error
	if g.Purposes, err = subset("purpose", n.Purposes, g.Purposes); err != nil {
		return g, err
	}
	if g.Fields, err = subset("field", n.Fields, g.Fields); err != nil {
		return g, err
	}
	if n.Unmasked != nil {
		if _, err := subset("unmasked field", n.Unmasked, g.Unmasked); err != nil {
			return g, err
		}
		g.Unmasked = n.Unmasked
	}
	g.Unmasked = slices.DeleteFunc(slices.Clone(g.Unmasked), func(f string) bool { return !slices.Contains(g.Fields, f) })
	if !n.ValidTo.IsZero() {
		if n.ValidTo.After(g.ValidTo) {
			return g, catalog.Errorf(catalog.KindInvalid, "valid_to %s is later than requested (%s); approval may only narrow a grant",
				n.ValidTo.Format(time.RFC3339), g.ValidTo.Format(time.RFC3339)).WithReason(ReasonWidensGrant)
		}
		g.ValidTo = n.ValidTo
	}
	return g, nil
}

// subset returns want if it is a non-empty subset of have, have if want
// is empty. Errors: invalid.
func subset(what string, want, have []string) ([]string, error) {
	if len(want) == 0 {
		return have, nil
	}
	for _, x := range want {
		if !slices.Contains(have, x) {
			return nil, catalog.Errorf(catalog.KindInvalid, "%s %q was not requested; approval may only narrow a grant", what, x).
				WithReason(ReasonWidensGrant)
		}
	}
	return want, nil
}
