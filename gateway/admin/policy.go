package admin

import (
	"context"
	"errors"
	"strings"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/policies"
)

// VersionDetail is a policy version with what a steward needs to judge
// it: its sources, the diff to its predecessor, its test results, its
// problems and failed tests line by line, and its workflow events.
type VersionDetail struct {
	policies.Version
	Lines  []string         `json:"lines"`
	Events []policies.Event `json:"events"`
}

// Draft is a proposed change to the active policy set.
type Draft struct {
	// Modules are files to add or replace, by name (see policies.Modules).
	Modules policies.Modules `json:"modules"`
	// Remove lists files of the active set to drop.
	Remove []string `json:"remove,omitempty"`
	// Whole makes Modules the whole new set instead of changes to the
	// active one.
	Whole bool   `json:"whole,omitempty"`
	Note  string `json:"note"`
}

// Approval is an approved version with the impact the approver signed
// off: what it changes against the active version over the catalog.
type Approval struct {
	Version policies.Version      `json:"version"`
	Impact  policies.ImpactReport `json:"impact"`
}

// ListVersions returns every policy version, newest first, without
// sources. Any steward may read them.
func (s *Service) ListVersions(ctx context.Context, _ Caller) ([]policies.Version, error) {
	return s.flow.Store.ListVersions(ctx)
}

// ShowVersion returns one version in full. Errors: not found.
func (s *Service) ShowVersion(ctx context.Context, _ Caller, id int64) (VersionDetail, error) {
	v, err := s.flow.Store.FindVersion(ctx, id)
	if err != nil {
		return VersionDetail{}, err
	}
	events, err := s.flow.Store.Events(ctx, id)
	if err != nil {
		return VersionDetail{}, err
	}
	return VersionDetail{Version: v, Lines: nonNil(v.Report.Lines()), Events: events}, nil
}

// DraftPolicy stores a new version by the caller after compiling and
// testing it. A version that fails is stored too, and the error lists
// every problem and failed test line by line. Errors: forbidden (role or
// a file outside the caller's scope), invalid (no change, or refused:
// reason policy_refused).
func (s *Service) DraftPolicy(ctx context.Context, by Caller, d Draft) (policies.Version, error) {
	detail := map[string]any{"files": d.Modules.Names(), "remove": d.Remove, "whole": d.Whole, "note": d.Note}
	e, err := s.begin(ctx, by, ActionPolicyDraft, "policy/draft", detail)
	if err != nil {
		return policies.Version{}, err
	}
	v, err := s.draft(ctx, by, d)
	if v.ID != 0 {
		e.Target = policyTarget(v.ID)
	}
	return v, s.end(ctx, e, err)
}

func (s *Service) draft(ctx context.Context, by Caller, d Draft) (policies.Version, error) {
	mods, err := s.draftSet(ctx, d)
	if err != nil {
		return policies.Version{}, err
	}
	v, err := s.flow.Draft(ctx, by.Steward.Actor(), mods, d.Note)
	var refused *policies.RefusedError
	if errors.As(err, &refused) {
		return v, catalog.Errorf(catalog.KindInvalid, "policy draft %s is blocked (status failed) and cannot be approved:\n%s",
			v.Label(), strings.Join(refused.Report.Lines(), "\n")).WithReason(policies.ReasonPolicyRefused).Wrap(err)
	}
	return v, err
}

// draftSet applies a draft to the active set.
func (s *Service) draftSet(ctx context.Context, d Draft) (policies.Modules, error) {
	if d.Whole {
		return d.Modules.Clone(), nil
	}
	cur, err := s.flow.Active(ctx)
	if err != nil {
		return nil, err
	}
	mods := cur.Modules.Clone()
	if mods == nil {
		mods = policies.Modules{}
	}
	for name, src := range d.Modules {
		mods[name] = src
	}
	for _, name := range d.Remove {
		if _, ok := mods[name]; !ok {
			return nil, catalog.Errorf(catalog.KindInvalid, "cannot remove %s: the active policy set has no such file", name)
		}
		delete(mods, name)
	}
	return mods, nil
}

// PolicyImpact evaluates a version and the active one over every
// registered agency × purpose × dataset at the default assurance levels
// and reports what changes. Errors: not found, invalid (it does not
// compile).
func (s *Service) PolicyImpact(ctx context.Context, _ Caller, id int64) (policies.ImpactReport, error) {
	cat, err := s.impactCatalog(ctx)
	if err != nil {
		return policies.ImpactReport{}, err
	}
	return s.flow.Impact(ctx, id, cat, policies.ImpactOptions{Time: s.now()})
}

func (s *Service) impactCatalog(ctx context.Context) (policies.Catalog, error) {
	var cat policies.Catalog
	var err error
	if cat.Agencies, err = s.catalog.ListAgencies(ctx); err != nil {
		return cat, err
	}
	if cat.Purposes, err = s.catalog.ListPurposes(ctx); err != nil {
		return cat, err
	}
	if cat.Datasets, err = s.catalog.ListDatasets(ctx, catalog.DatasetFilter{}); err != nil {
		return cat, err
	}
	cat.Grants, err = s.catalog.ListGrants(ctx, catalog.GrantFilter{})
	return cat, err
}

// ApprovePolicy computes the impact of a tested version and records the
// caller's approval, returning both: the approval shows the approver what
// they approved. Errors: forbidden (role, scope, self_approval), not
// found, conflict (not tested).
func (s *Service) ApprovePolicy(ctx context.Context, by Caller, id int64) (Approval, error) {
	var a Approval
	err := s.change(ctx, by, ActionPolicyApprove, policyTarget(id), nil, func() error {
		v, err := s.flow.Store.FindVersion(ctx, id)
		if err != nil {
			return err
		}
		if v.Status == policies.StatusTested {
			if a.Impact, err = s.PolicyImpact(ctx, by, id); err != nil {
				return err
			}
		}
		a.Version, err = s.flow.Approve(ctx, id, by.Steward.Actor())
		return err
	})
	return a, err
}

// RejectPolicy marks a version rejected. Errors: forbidden, not found,
// conflict.
func (s *Service) RejectPolicy(ctx context.Context, by Caller, id int64, note string) error {
	return s.change(ctx, by, ActionPolicyReject, policyTarget(id), map[string]string{"note": note}, func() error {
		return s.flow.Reject(ctx, id, by.Steward.Actor(), note)
	})
}

// ActivatePolicy makes an approved version active at once here and on
// every replica within seconds. Errors: forbidden, not found, conflict.
func (s *Service) ActivatePolicy(ctx context.Context, by Caller, id int64) (policies.Version, error) {
	var v policies.Version
	err := s.change(ctx, by, ActionPolicyActivate, policyTarget(id), nil, func() (err error) {
		v, err = s.flow.Activate(ctx, id, by.Steward.Actor())
		return err
	})
	return v, err
}

// RollbackPolicy makes an earlier active version active again. Errors:
// forbidden, not found, conflict.
func (s *Service) RollbackPolicy(ctx context.Context, by Caller, id int64, note string) (policies.Version, error) {
	var v policies.Version
	err := s.change(ctx, by, ActionPolicyRollback, policyTarget(id), map[string]string{"note": note}, func() (err error) {
		v, err = s.flow.Rollback(ctx, id, by.Steward.Actor(), note)
		return err
	})
	return v, err
}

func policyTarget(id int64) string { return "policy/" + policies.VersionLabel(id) }

// nonNil returns xs, or an empty slice for nil, so that JSON shows [].
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
