package admin

import (
	"context"
	"slices"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/policies"
)

// AuditTrail is the audit trail's query side (audit.Querier's Query) and
// its withholdings, for auditors.
type AuditTrail interface {
	// Query returns a page of events, newest first.
	Query(ctx context.Context, f audit.Filter) (audit.Page, error)
	// SubjectLookups answers "who looked at the record with this key
	// hash", without what a withholding in force hides.
	SubjectLookups(ctx context.Context, keyHash string, now time.Time) ([]audit.Lookup, error)
	// AddWithhold hides lookups from SubjectLookups until a date; the
	// withholding is itself an audit event.
	AddWithhold(ctx context.Context, w audit.Withhold) (audit.Withhold, error)
	// HashKey is the audit's keyed hash of a normalised record key.
	HashKey(kind, key string) string
}

// readers are the roles that may read the audit trail.
var readers = []Role{policies.RoleAuditor, policies.RoleAdmin}

// Action codes of the audit's own admin verbs.
const ActionWithhold = audit.ActionWithhold

// AuditEvents returns audit events for an auditor. The central office
// sees every event; another agency's auditors see the lookups its officers
// made and the lookups of its own datasets. Errors: forbidden, invalid.
func (s *Service) AuditEvents(ctx context.Context, by Caller, f audit.Filter) (audit.Page, error) {
	if err := s.mayReadTrail(by); err != nil {
		return audit.Page{}, err
	}
	if by.Steward.Agency != CentralOffice {
		if err := s.scopeFilter(ctx, by, &f); err != nil {
			return audit.Page{}, err
		}
	}
	return s.trail.Query(ctx, f)
}

func (s *Service) mayReadTrail(by Caller) error {
	if s.trail == nil {
		return catalog.Errorf(catalog.KindUnavailable, "this exchange serves no audit trail to the admin API")
	}
	if !slices.ContainsFunc(readers, by.Steward.Has) {
		return catalog.Errorf(catalog.KindForbidden, "%s may not read the audit trail: it needs the role auditor or admin", by.Steward.Username).WithReason("role")
	}
	return nil
}

// scopeFilter narrows a filter to what the caller's agency may see.
func (s *Service) scopeFilter(ctx context.Context, by Caller, f *audit.Filter) error {
	own := by.Steward.Agency
	if f.Dataset != "" {
		d, err := s.catalog.FindDataset(ctx, f.Dataset)
		if err == nil && d.Owner == own {
			return nil // the owner sees every lookup of its dataset
		}
	}
	if f.Agency != "" && f.Agency != own {
		return catalog.Errorf(catalog.KindForbidden, "auditors of %s see their own officers' lookups and lookups of their own datasets", own).WithReason("scope")
	}
	f.Agency = own
	return nil
}

// WhoLooked answers "who looked at my record" for a citizen or juristic
// id: the lookups that returned it (time, agency, purpose, fields), not
// the data. The central office sees them all; an owner's auditors those
// of its datasets. Errors: forbidden, invalid.
func (s *Service) WhoLooked(ctx context.Context, by Caller, kind catalog.KeyKind, key string) ([]audit.Lookup, error) {
	if err := s.mayReadTrail(by); err != nil {
		return nil, err
	}
	norm, err := catalog.NormalizeKey(kind, key)
	if err != nil {
		return nil, err
	}
	lookups, err := s.trail.SubjectLookups(ctx, s.trail.HashKey(string(kind), norm), s.now())
	if err != nil || by.Steward.Agency == CentralOffice {
		return nonNil(lookups), err
	}
	return s.ownDatasetsOnly(ctx, by.Steward.Agency, lookups)
}

func (s *Service) ownDatasetsOnly(ctx context.Context, agency string, lookups []audit.Lookup) ([]audit.Lookup, error) {
	own, err := s.catalog.ListDatasets(ctx, catalog.DatasetFilter{Owner: agency})
	if err != nil {
		return nil, err
	}
	out := []audit.Lookup{}
	for _, l := range lookups {
		if slices.ContainsFunc(own, func(d catalog.Dataset) bool { return d.ID == l.Dataset }) {
			out = append(out, l)
		}
	}
	return out, nil
}

// Withhold hides a grant's (or an agency's) lookups from the subjects'
// view until a date, as an investigation may need. Only the central
// office's auditors and admins may. Errors: forbidden, invalid.
func (s *Service) Withhold(ctx context.Context, by Caller, w audit.Withhold) (audit.Withhold, error) {
	if err := s.mayReadTrail(by); err != nil {
		return audit.Withhold{}, err
	}
	if by.Steward.Agency != CentralOffice {
		return audit.Withhold{}, catalog.Errorf(catalog.KindForbidden, "only the central office withholds lookups from the subjects' view").WithReason("scope")
	}
	w.SetBy = by.Steward.Username
	var stored audit.Withhold
	err := s.change(ctx, by, ActionWithhold, "withhold", w, func() error {
		var err error
		stored, err = s.trail.AddWithhold(ctx, w)
		return err
	})
	return stored, err
}
