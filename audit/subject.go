package audit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// MaxSubjectLookups bounds the lookups SubjectLookups returns, newest
// first.
const MaxSubjectLookups = 10000

// Lookup is one look at a person's or company's record as the record's
// subject may see it: who, when, why and which fields, never the data.
type Lookup struct {
	EventID string
	Time    time.Time
	Agency  string
	Purpose string
	Dataset string
	Fields  []string // the fields returned
}

// Withhold hides matching lookups from SubjectLookups until Until, as when
// an investigation must not be tipped off. It matches the events of Grant
// when Grant is set, else the events of Agency (on Dataset, when set).
// Auditors' Query still sees everything.
type Withhold struct {
	ID      string // assigned by AddWithhold
	Grant   string
	Agency  string
	Dataset string
	Until   time.Time
	Reason  string
	SetBy   string    // who withheld
	SetAt   time.Time // assigned by AddWithhold
	EventID string    // the KindWithhold event that audits it, assigned by AddWithhold
}

// Validate checks that w says what it hides, until when, why and by whom.
// Errors: invalid.
func (w Withhold) Validate() error {
	switch {
	case w.Grant == "" && w.Agency == "":
		return catalog.Errorf(catalog.KindInvalid, "a withholding names a grant or an agency")
	case w.Until.IsZero():
		return catalog.Errorf(catalog.KindInvalid, "a withholding needs an end date")
	case w.Reason == "" || w.SetBy == "":
		return catalog.Errorf(catalog.KindInvalid, "a withholding needs a reason and who set it")
	}
	return nil
}

// Hides reports whether w hides e from its subject at t.
func (w Withhold) Hides(e Event, t time.Time) bool {
	if !t.Before(w.Until) {
		return false
	}
	if w.Grant != "" {
		return e.Grant == w.Grant
	}
	return e.Agency == w.Agency && (w.Dataset == "" || e.Dataset == w.Dataset)
}

// ActionWithhold is the Action of a KindWithhold event; its Target is
// "withhold/" and the withholding's ID.
const ActionWithhold = "audit.withhold"

// AddWithhold audits and stores a withholding: it first appends a
// KindWithhold event (Officer SetBy; Agency, Dataset and Grant as
// withheld; Action ActionWithhold and Target "withhold/ID"; the reason in
// Reasons; the withholding as JSON in Evidence),
// so that no withholding exists without its audit event, then stores w
// with ID, SetAt and EventID filled, and returns it. Errors: invalid, and
// Append's.
func (w *Writer) AddWithhold(ctx context.Context, wh Withhold) (Withhold, error) {
	if err := wh.Validate(); err != nil {
		return Withhold{}, err
	}
	wh.SetAt = time.UnixMicro(w.cfg.Now().UnixMicro()).UTC()
	wh.Until = time.UnixMicro(wh.Until.UnixMicro()).UTC()
	wh.ID = newWithholdID()
	evidence, err := json.Marshal(wh)
	if err != nil {
		return Withhold{}, fmt.Errorf("audit: encode withholding: %w", err)
	}
	e, err := w.Append(ctx, Event{Time: wh.SetAt, Kind: KindWithhold, Decision: DecisionAllow,
		Agency: wh.Agency, Dataset: wh.Dataset, Grant: wh.Grant, Officer: wh.SetBy,
		Action: ActionWithhold, Target: "withhold/" + wh.ID, Reasons: []string{wh.Reason}, Evidence: string(evidence)})
	if err != nil {
		return Withhold{}, err
	}
	wh.EventID = e.ID
	if err := w.store.PutWithhold(ctx, wh); err != nil {
		return Withhold{}, unavailable(fmt.Errorf("audit: store withholding %s: %w", wh.ID, err))
	}
	return wh, nil
}

func newWithholdID() string {
	b := make([]byte, 8)
	rand.Read(b) // never fails since Go 1.24
	return "wh-" + hex.EncodeToString(b)
}

// SubjectLookups answers "who looked at my record" for the record whose
// key hashes to keyHash (Hasher.HashKey): the lookups and batches that
// returned it, newest first, at most MaxSubjectLookups, without the events
// that a withholding in force at now hides.
func SubjectLookups(ctx context.Context, store Querier, keyHash string, now time.Time) ([]Lookup, error) {
	if !isKeyHash(keyHash) {
		return nil, catalog.Errorf(catalog.KindInvalid, "the key hash is not a keyed hash")
	}
	withholds, err := store.ListWithholds(ctx, now)
	if err != nil {
		return nil, fmt.Errorf("audit: subject lookups: withholdings: %w", err)
	}
	var out []Lookup
	f := Filter{KeyHash: keyHash, Decision: DecisionAllow, Limit: MaxLimit}
	for len(out) < MaxSubjectLookups {
		page, err := store.Query(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("audit: subject lookups: %w", err)
		}
		out = appendVisible(out, page.Events, withholds, now)
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	return out[:min(len(out), MaxSubjectLookups)], nil
}

// appendVisible appends the lookups among events that no withholding hides.
func appendVisible(out []Lookup, events []Event, withholds []Withhold, now time.Time) []Lookup {
	for _, e := range events {
		if e.Kind != KindLookup && e.Kind != KindBatch {
			continue
		}
		if slices.ContainsFunc(withholds, func(w Withhold) bool { return w.Hides(e, now) }) {
			continue
		}
		out = append(out, Lookup{EventID: e.ID, Time: e.Time, Agency: e.Agency, Purpose: e.Purpose,
			Dataset: e.Dataset, Fields: e.FieldsReturned})
	}
	return out
}
