package licence

import (
	"context"
	"iter"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gdx-exchange/gdx/catalog"
)

// Writer stores licences; Import needs only this.
type Writer interface {
	// Upsert writes a batch of one issuer's licences in one transaction,
	// keyed by (issuer, number). A licence whose data is unchanged is left
	// alone: no history entry, no new modified time. A changed status
	// appends a history entry. Every licence must have Issuer == issuer and
	// pass Validate, and no number may repeat in the batch.
	// Errors: invalid.
	Upsert(ctx context.Context, issuer string, batch []Licence) (Counts, error)
}

// Finder reads one licence; the licence check needs only this.
type Finder interface {
	// Find returns the licence with its history. Errors: not found.
	Find(ctx context.Context, issuer, number string) (Licence, error)
}

// Store is the licence databases of every issuing agency.
type Store interface {
	Writer
	Finder
	// Each iterates over the public views of the issuer's licences (every
	// issuer's when issuer is ""), ordered by issuer and then number in
	// byte order, reading a page at a time so that memory stays bounded
	// whatever the count. It is not a snapshot: a licence written during
	// the iteration may or may not be seen. Stop early by breaking out.
	Each(ctx context.Context, issuer string) iter.Seq2[PublicLicence, error]
	// Count returns the number of the issuer's licences (every issuer's
	// when issuer is "").
	Count(ctx context.Context, issuer string) (int64, error)
	// Issuers returns, per issuing agency, its licence count and the last
	// time any of its licences changed, ordered by issuer.
	Issuers(ctx context.Context) ([]IssuerSummary, error)
	// Search finds licences by number (exact, in normal form) or, when
	// none has that number, by a part of a juristic licensee's business
	// name (case-insensitive), ordered by issuer and number. Natural persons
	// are found by number only, never by name. Errors: invalid.
	Search(ctx context.Context, q SearchQuery) ([]PublicLicence, error)
}

// Counts says what an Upsert or an Import did.
type Counts struct {
	Inserted  int `json:"inserted"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.Inserted += o.Inserted
	c.Updated += o.Updated
	c.Unchanged += o.Unchanged
}

// IssuerSummary is one issuing agency's licence database at a glance.
type IssuerSummary struct {
	Issuer string
	Count  int64
	// Modified is the last time any of the issuer's licences changed.
	// Stores keep it strictly increasing per issuer across writes.
	Modified time.Time
}

// Search limits.
const (
	DefaultSearchLimit = 20
	MaxSearchLimit     = 100
	MaxSearchText      = 200
)

// SearchQuery asks Store.Search for licences.
type SearchQuery struct {
	// Text is a licence number or a part of a business name.
	Text string
	// Issuer, when set, limits the search to one issuing agency.
	Issuer string
	// Limit is the most results (DefaultSearchLimit when 0, at most
	// MaxSearchLimit).
	Limit int
}

// Normalize returns the query with its text trimmed (and, when the text is
// a licence number, the number in normal form in Number) and its limit
// defaulted and capped. Errors: invalid.
func (q SearchQuery) Normalize() (NormalQuery, error) {
	text := strings.TrimSpace(q.Text)
	switch {
	case text == "":
		return NormalQuery{}, catalog.Errorf(catalog.KindInvalid, "give a licence number or a part of a business name to search for").WithReason("search_empty")
	case len(text) > MaxSearchText || !utf8.ValidString(text):
		return NormalQuery{}, catalog.Errorf(catalog.KindInvalid, "the search text must be UTF-8 and at most %d bytes", MaxSearchText).WithReason("search_too_long")
	case q.Issuer != "" && !catalog.ValidAgencyCode(q.Issuer):
		return NormalQuery{}, catalog.Errorf(catalog.KindInvalid, "issuer %q is not an agency code", q.Issuer).WithReason("issuer_malformed")
	case q.Limit < 0:
		return NormalQuery{}, catalog.Errorf(catalog.KindInvalid, "the limit must not be negative").WithReason("limit_negative")
	}
	n := NormalQuery{Fold: FoldName(text), Issuer: q.Issuer, Limit: q.Limit}
	if n.Limit == 0 {
		n.Limit = DefaultSearchLimit
	}
	n.Limit = min(n.Limit, MaxSearchLimit)
	if num, err := NormalizeNumber(text); err == nil {
		n.Number = num
	}
	return n, nil
}

// NormalQuery is a SearchQuery ready for a store.
type NormalQuery struct {
	// Number is the text as a licence number in normal form; "" when the
	// text cannot be one.
	Number string
	// Fold is the text folded as FoldName folds business names.
	Fold   string
	Issuer string
	Limit  int
}

// FoldName returns the form of a business name that search compares:
// lower case (Thai has no case, so Thai text is unchanged).
func FoldName(s string) string { return strings.ToLower(s) }
