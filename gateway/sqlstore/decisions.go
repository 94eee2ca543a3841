package sqlstore

import (
	"fmt"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/policies"
)

// decisionColumns are the columns of the decision log, policy_decisions
// (policies/sqlstore's migration 001), in decisionValues order.
// TestDecisionRowReadsBack reads a row written from them back through
// policies/sqlstore, so a column they drift from fails there.
var decisionColumns = []string{"id", "policy_version", "decided_at", "agency", "officer", "purpose", "dataset",
	"owner_agency", "classification", "ial", "aal", "requested", "grant_id", "allow", "fields", "masks", "reasons",
	"obligations", "audit_event"}

// DecisionRow returns the decision-log row of r, encoded as
// policies/sqlstore encodes it, to ride with its lookup's audit event in
// one transaction (audit.Rider) instead of a write of its own.
func (s *Store) DecisionRow(r policies.DecisionRecord) (audit.Row, error) {
	masks := r.Masks
	if masks == nil {
		masks = map[string]string{}
	}
	maskText, err := sqldb.EncodeJSON(masks)
	if err != nil {
		return audit.Row{}, fmt.Errorf("decision %s masks: %w", r.ID, err)
	}
	return audit.Row{Table: "policy_decisions", Columns: decisionColumns, Values: []any{
		r.ID, r.PolicyVersion, sqldb.Micros(r.Time), r.Agency, r.Officer, r.Purpose, r.Dataset, r.Owner,
		string(r.Class), string(r.IAL), string(r.AAL), sqldb.EncodeStrings(r.Requested), r.Grant, r.Allow,
		sqldb.EncodeStrings(r.Fields), maskText, sqldb.EncodeStrings(r.Reasons), sqldb.EncodeStrings(r.Obligations),
		r.AuditEvent}}, nil
}
