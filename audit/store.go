package audit

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Store keeps the audit trail: everything Appender, ChainReader and
// Querier ask of it. Implementations must pass audittest.Run. Consumers
// declare the narrowest of the three they use. Errors other than the
// kinds listed are the database's own, which callers treat as the trail
// being unavailable.
type Store interface {
	Appender
	ChainReader
	Querier
}

// Appender is the writer's side of the trail, what NewWriter needs.
type Appender interface {
	// AppendBatch stores events, consecutive links of one writer's chain,
	// in one transaction, and moves the writer's head to the last of
	// them. It refuses, storing nothing, a batch that does not continue
	// the stored chain: the first event's Seq must be the head's Seq + 1
	// and its PrevHash the head's Hash, so two processes writing as one
	// writer can never fork it. Errors: conflict (fork), invalid (an
	// empty batch, mixed writers, a gap inside the batch, or an event
	// that fails Event.CheckEncoding). The Writer reuses events' array
	// once the call returns: a store keeps nothing of it but copies.
	AppendBatch(ctx context.Context, events []Event) error
	// LastLink returns the head of writer's chain: Seq 0 and GenesisHash
	// when it has none.
	LastLink(ctx context.Context, writer string) (Link, error)
	// AddCheckpoint stores a checkpoint as given (Verify judges it).
	// Errors: conflict when the writer has one at that Seq.
	AddCheckpoint(ctx context.Context, c Checkpoint) error
	// PutWithhold stores a withholding. Errors: conflict (the ID exists).
	PutWithhold(ctx context.Context, w Withhold) error
}

// ChainReader is the verifier's side of the trail, what Verify needs:
// the chains link by link, their heads and their checkpoints.
type ChainReader interface {
	// Writers returns, sorted, every writer that has a head, an event or a
	// checkpoint stored.
	Writers(ctx context.Context) ([]string, error)
	// ScanChain returns up to limit links of writer's chain with Seq >
	// after, by rising Seq; page through a chain of any length by passing
	// the last Seq seen.
	ScanChain(ctx context.Context, writer string, after int64, limit int) ([]Event, error)
	// LastLink returns the head of writer's chain: Seq 0 and GenesisHash
	// when it has none.
	LastLink(ctx context.Context, writer string) (Link, error)
	// ListCheckpoints returns up to limit of writer's checkpoints with
	// Seq > after, by rising Seq.
	ListCheckpoints(ctx context.Context, writer string, after int64, limit int) ([]Checkpoint, error)
}

// Querier is the query side of the trail, what auditors, SubjectLookups
// and open data's statistics read through.
type Querier interface {
	// Query returns the events that match f, newest first (by Time, then
	// ID), one page at a time. Errors: invalid (a malformed cursor).
	Query(ctx context.Context, f Filter) (Page, error)
	// ListWithholds returns the withholdings still in force at t (Until
	// after t), or all of them when t is zero, ordered by ID.
	ListWithholds(ctx context.Context, t time.Time) ([]Withhold, error)
}

// Link is the head of a writer's chain.
type Link struct {
	Writer string
	Seq    int64  // 0 for an empty chain
	Hash   string // GenesisHash for an empty chain
}

// Filter selects events for Query. Zero fields do not filter.
type Filter struct {
	Agency   string
	Dataset  string
	Kind     Kind
	Decision Decision
	From     time.Time // inclusive
	To       time.Time // exclusive
	KeyHash  string    // matches an event's KeyHash or any of its KeyHashes
	Limit    int       // page size: DefaultLimit when 0, at most MaxLimit
	Cursor   string    // Page.Next of the previous page; "" for the first
}

// Page sizes of Query.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// PageSize returns the page size f asks for, within (0, MaxLimit].
func (f Filter) PageSize() int {
	switch {
	case f.Limit <= 0:
		return DefaultLimit
	case f.Limit > MaxLimit:
		return MaxLimit
	}
	return f.Limit
}

// Page is one page of Query's answer.
type Page struct {
	Events []Event
	Next   string // the cursor of the next page; "" when this is the last
}

// Cursor is the position after an event in Query's order (Time, then ID,
// both descending). Stores put Cursor.String in Page.Next.
type Cursor struct {
	TimeMicros int64
	ID         string
}

// CursorAfter returns the cursor that continues after e.
func CursorAfter(e Event) Cursor { return Cursor{TimeMicros: e.Time.UnixMicro(), ID: e.ID} }

// String encodes the cursor as opaque unpadded base64url text.
func (c Cursor) String() string {
	raw := strconv.FormatInt(c.TimeMicros, 10) + "." + c.ID
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// ParseCursor decodes a cursor made by String. Errors: invalid.
func ParseCursor(s string) (Cursor, error) {
	bad := catalog.Errorf(catalog.KindInvalid, "the audit query cursor is malformed")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, bad.Wrap(err)
	}
	t, id, ok := strings.Cut(string(raw), ".")
	us, err := strconv.ParseInt(t, 10, 64)
	if !ok || err != nil || id == "" {
		return Cursor{}, bad
	}
	return Cursor{TimeMicros: us, ID: id}, nil
}
