package gateway

import (
	"errors"
	"slices"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

// lookupEvent is the audit event of a lookup that passed authentication,
// whatever became of it. The record key is kept only as a keyed hash.
func (p *Pipeline) lookupEvent(st *lookupState, err error) audit.Event {
	r := st.req
	e := audit.Event{
		RequestID: r.RequestID, Kind: audit.KindLookup, Agency: r.Agency.Code, Officer: r.Caller.Officer,
		Purpose: r.Caller.Purpose.Code, Dataset: r.Dataset, KeyKind: string(st.dataset.KeyKind),
		Decision: audit.DecisionAllow, Reasons: st.decision.Reasons, PolicyVersion: st.decision.PolicyVersion,
		DecisionID: st.decision.ID, UpstreamStatus: st.upstream, LatencyMicros: time.Since(st.started).Microseconds(),
		Status: p.statusOf(err), ClientAddr: r.Client.Addr, CertThumbprint: r.Client.Thumbprint, Evidence: r.Caller.Token,
	}
	if st.grant != nil {
		e.Grant = st.grant.ID
	}
	if st.key != "" {
		e.KeyHash = p.Hasher.HashKey(string(st.dataset.KeyKind), st.key)
	}
	p.fillOutcome(&e, st, err)
	return e
}

func (p *Pipeline) fillOutcome(e *audit.Event, st *lookupState, err error) {
	switch {
	case err == nil:
		e.FieldsReturned = returnedFields(st.result.Record, st.decision.Fields)
		if len(st.result.Withheld) > 0 {
			e.FieldsWithheld = make([]string, 0, len(st.result.Withheld))
		}
		for _, w := range st.result.Withheld {
			e.FieldsWithheld = append(e.FieldsWithheld, w.Field)
		}
	case isDenied(err):
		e.Kind, e.Decision, e.FieldsWithheld = audit.KindDenial, audit.DecisionDeny, st.fields
	default:
		e.Decision, e.FieldsWithheld = audit.DecisionError, st.fields
		if reason := catalog.ErrorReason(err); reason != "" {
			e.Reasons = append(e.Reasons, reason)
		}
	}
}

// returnedFields is the record's field names, sorted. When the record
// holds every field the decision allowed and the decision lists them
// sorted without repeats (as policies does), that list is the answer,
// shared rather than built again: the audit event keeps a copy of its
// lists, never the caller's.
func returnedFields(rec map[string]any, decided []string) []string {
	if len(rec) != len(decided) {
		return fieldNames(rec)
	}
	for i, f := range decided {
		if _, ok := rec[f]; !ok || i > 0 && decided[i-1] >= f {
			return fieldNames(rec)
		}
	}
	return decided
}

func fieldNames(rec map[string]any) []string {
	out := make([]string, 0, len(rec))
	for k := range rec {
		out = append(out, k)
	}
	return sortedStrings(out)
}

// statusOf is the HTTP status the caller is answered with, for the audit;
// only the HTTP layer knows it (Pipeline.StatusOf).
func (p *Pipeline) statusOf(err error) int {
	if err == nil {
		return 200
	}
	if p.StatusOf == nil {
		return 0
	}
	return p.StatusOf(err)
}

func isDenied(err error) bool {
	var denied *DeniedError
	return errors.As(err, &denied)
}

func sortedStrings(s []string) []string {
	slices.Sort(s)
	return s
}
