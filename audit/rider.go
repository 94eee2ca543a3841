package audit

import (
	"context"
	"errors"
	"regexp"
	"time"
)

// A Rider is what else one request makes durable with its event: in the
// same transaction of the same group-committed batch, or not at all. It
// lets a lookup pay one durable write for its token's single use, its
// audit event and its decision-log row together (issue 11).
type Rider struct {
	// Claim, when set, is the request token's id, which must be new: the
	// batch records it as used in the same transaction as the event.
	Claim *Claim
	// Taken amends the event, before it is sealed onto the chain, when
	// Claim was recorded as used already (by another replica, or before
	// a restart): the request is refused, and its event must say so.
	Taken func(*Event)
	// Rows returns the rows of other owners' tables that ride with the
	// event as stored (its ID, and Taken's amendments, are final).
	Rows func(stored Event) []Row
}

// Claim is a single-use token id: agency's request JWT jti, remembered
// until Until.
type Claim struct {
	Agency string
	JTI    string
	Until  time.Time
}

// Row is one row of another owner's table that rides in a batch, for a
// store that writes it as given: the owner of Table (the decision log's
// policies) decides its columns and their encoding.
type Row struct {
	Table   string
	Columns []string
	Values  []any
}

var sqlName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// Check reports a row whose names are not plain SQL identifiers or whose
// values do not match its columns.
func (r Row) Check() error {
	if !sqlName.MatchString(r.Table) || len(r.Columns) == 0 || len(r.Columns) != len(r.Values) {
		return errors.New("audit: a riding row needs a table, its columns and one value each")
	}
	for _, c := range r.Columns {
		if !sqlName.MatchString(c) {
			return errors.New("audit: riding row column " + c + " is not a plain identifier")
		}
	}
	return nil
}

// Committer is an Appender that also takes a batch's riders: the Writer
// uses it for events appended with AppendRiding.
type Committer interface {
	Appender
	// CommitBatch, in one transaction, records claims as used and learns
	// which were used already (taken[i] for claims[i]; of two equal
	// claims in one batch the second is taken), calls build with
	// that, and stores the events build returns as AppendBatch does,
	// with the rows. If build or any write fails nothing is stored. A
	// store may call build more than once (first as if no claim were
	// taken, then again with what it learned): what the last call
	// returns is what is stored, so build must have no other effect.
	// The events build returns are the Writer's, reused as AppendBatch's
	// are. Errors: as AppendBatch, and build's error unchanged.
	CommitBatch(ctx context.Context, claims []Claim, build func(taken []bool) ([]Event, []Row, error)) error
}

// ErrClaimTaken is returned by AppendRiding, with the event as stored,
// when the rider's Claim was recorded as used already: the event is
// durable (amended by Taken), and the request must be refused.
var ErrClaimTaken = errors.New("audit: the request token id was used already")
