package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/policies"
)

const decisionColumns = `id, policy_version, decided_at, agency, officer, purpose, dataset, owner_agency,
	classification, ial, aal, requested, grant_id, allow, fields, masks, reasons, obligations, audit_event`

// RecordDecision implements policies.DecisionLog.
func (s *Store) RecordDecision(ctx context.Context, r policies.DecisionRecord) error {
	if r.ID == "" {
		return catalog.Errorf(catalog.KindInvalid, "a decision record needs an id")
	}
	maskText, err := sqldb.EncodeJSON(masks(r.Masks))
	if err != nil {
		return fmt.Errorf("record decision %s: %w", r.ID, err)
	}
	_, err = s.db.Exec(ctx, `INSERT INTO policy_decisions (`+decisionColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
		r.ID, r.PolicyVersion, sqldb.Micros(r.Time), r.Agency, r.Officer, r.Purpose, r.Dataset, r.Owner,
		string(r.Class), string(r.IAL), string(r.AAL), sqldb.EncodeStrings(r.Requested), r.Grant, r.Allow,
		sqldb.EncodeStrings(r.Fields), maskText, sqldb.EncodeStrings(r.Reasons), sqldb.EncodeStrings(r.Obligations),
		r.AuditEvent)
	if errors.Is(err, sqldb.ErrConflict) {
		return conflict("decision %s is recorded already", r.ID).Wrap(err)
	}
	if err != nil {
		return fmt.Errorf("record decision %s: %w", r.ID, err)
	}
	return nil
}

// LinkAuditEvent implements policies.DecisionLog.
func (s *Store) LinkAuditEvent(ctx context.Context, decisionID, auditEventID string) error {
	n, err := s.db.Exec(ctx, `UPDATE policy_decisions SET audit_event = $2 WHERE id = $1`, decisionID, auditEventID)
	if err != nil {
		return fmt.Errorf("link decision %s to audit event: %w", decisionID, err)
	}
	if n == 0 {
		return catalog.Errorf(catalog.KindNotFound, "decision %s not found", decisionID)
	}
	return nil
}

// FindDecision implements policies.DecisionLog.
func (s *Store) FindDecision(ctx context.Context, id string) (policies.DecisionRecord, error) {
	row := s.db.QueryRow(ctx, `SELECT `+decisionColumns+` FROM policy_decisions WHERE id = $1`, id)
	r, err := scanDecision(row)
	if err != nil {
		return policies.DecisionRecord{}, sqldb.NotFound(err, "find decision", catalog.Errorf(catalog.KindNotFound, "decision %s not found", id))
	}
	return r, nil
}

func scanDecision(sc sqldb.Row) (policies.DecisionRecord, error) {
	var (
		r                                              policies.DecisionRecord
		at                                             int64
		class, ial, aal                                string
		requested, fields, masks, reasons, obligations string
	)
	err := sc.Scan(&r.ID, &r.PolicyVersion, &at, &r.Agency, &r.Officer, &r.Purpose, &r.Dataset, &r.Owner,
		&class, &ial, &aal, &requested, &r.Grant, &r.Allow, &fields, &masks, &reasons, &obligations, &r.AuditEvent)
	if err != nil {
		return policies.DecisionRecord{}, err
	}
	r.Time, r.Class, r.IAL, r.AAL = sqldb.FromMicros(at), catalog.Classification(class), catalog.IAL(ial), catalog.AAL(aal)
	for _, c := range []struct {
		text string
		dst  *[]string
	}{{requested, &r.Requested}, {fields, &r.Fields}, {reasons, &r.Reasons}, {obligations, &r.Obligations}} {
		if *c.dst, err = sqldb.DecodeList[string](c.text); err != nil {
			return policies.DecisionRecord{}, fmt.Errorf("decision %s: %w", r.ID, err)
		}
	}
	if err := sqldb.DecodeJSON(masks, &r.Masks); err != nil {
		return policies.DecisionRecord{}, fmt.Errorf("decision %s masks: %w", r.ID, err)
	}
	return r, nil
}

func masks(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
