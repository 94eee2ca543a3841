package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/gateway"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/gateway/admin/console"
)

// newAdmin builds the stewards' admin API and, over the same service, the
// steward console, for the admin listener. csrfKey signs the console's
// form tokens.
func newAdmin(st *stores, parts *lookupParts, csrfKey []byte, log *slog.Logger) ([]gateway.RouteSet, error) {
	api, err := admin.New(admin.Config{}, admin.Deps{Stewards: st.admin, Catalog: st.catalog, Keys: st.certs,
		Policies: parts.workflow, Auditor: adminAuditor{parts.audit}, Logger: log,
		Trail: auditTrail{Querier: st.audit, Writer: parts.audit, Hasher: parts.hasher}})
	if err != nil {
		return nil, err
	}
	con, err := console.New(api.Service(), console.Config{CSRFKey: csrfKey, Log: log.With("component", "console")})
	if err != nil {
		return nil, err
	}
	return []gateway.RouteSet{api, con}, nil
}

// auditTrail gives the admin API the audit's query side, its withholdings
// (on the replica's chain) and its key hash.
type auditTrail struct {
	audit.Querier
	*audit.Writer
	*audit.Hasher
}

func (t auditTrail) SubjectLookups(ctx context.Context, keyHash string, now time.Time) ([]audit.Lookup, error) {
	return audit.SubjectLookups(ctx, t.Querier, keyHash, now)
}

// adminAuditor records stewards' actions in the audit trail, on the
// replica's own chain like every other event.
type adminAuditor struct{ w *audit.Writer }

func (a adminAuditor) RecordAdmin(ctx context.Context, e admin.AdminEvent) error {
	evidence, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = a.w.Append(ctx, audit.Event{Time: e.Time, RequestID: e.RequestID, Kind: audit.KindAdmin,
		Agency: e.Agency, Officer: e.Steward, Decision: adminDecision(e.Outcome),
		Action: e.Action, Target: e.Target, Evidence: string(evidence)})
	return err
}

func adminDecision(o admin.Outcome) audit.Decision {
	switch o {
	case admin.OutcomeFailed:
		return audit.DecisionError
	case admin.OutcomeDone:
		return audit.DecisionAllow
	}
	return audit.DecisionAllow // attempted: the change is under way
}
