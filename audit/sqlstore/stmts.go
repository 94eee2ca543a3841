package sqlstore

import (
	"slices"
	"strings"
	"sync"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/internal/jsontext"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// stmtBuffer holds one batch's statements and all their arguments, in
// one array each, while the batch is written: built afresh they were a
// slice of statements grown one by one and an []any per statement, some
// 1.5 KB a lookup dropped as soon as the batch was sent.
//
// NOTE: the engines read a statement's arguments only inside tx.Batch
// (pgx encodes them when it sends the batch and has read every answer
// when Batch returns; database/sql converts them as it executes), so a
// buffer goes back to stmtBuffers, cleared, once Batch has returned.
type stmtBuffer struct {
	stmts []sqldb.Stmt
	args  []any
	// text, ends and lists are the events' list columns: see listColumns.
	text  []byte
	ends  []int
	lists []string
}

var stmtBuffers = sync.Pool{New: func() any { return new(stmtBuffer) }}

// maxPooledArgs and maxPooledText keep a rare huge batch's arrays from
// being kept.
const (
	maxPooledArgs = 1 << 14
	maxPooledText = 256 << 10
)

// newStmtBuffer returns an empty buffer with room for about args
// arguments.
func newStmtBuffer(args int) *stmtBuffer {
	b := stmtBuffers.Get().(*stmtBuffer)
	b.args = slices.Grow(b.args, args)
	return b
}

// release clears b, so that the pool keeps no value of the batch, and
// returns it.
func (b *stmtBuffer) release() {
	clear(b.stmts)
	clear(b.args)
	clear(b.lists)
	b.stmts, b.args, b.text, b.ends, b.lists = b.stmts[:0], b.args[:0], b.text[:0], b.ends[:0], b.lists[:0]
	if cap(b.args) <= maxPooledArgs && cap(b.text) <= maxPooledText {
		stmtBuffers.Put(b)
	}
}

// add appends the statement sql whose arguments are b.args[start:]: the
// caller has appended them. Each statement's arguments are capped, so
// that an append to one never writes into the next.
func (b *stmtBuffer) add(sql string, start int) {
	n := len(b.args)
	b.stmts = append(b.stmts, sqldb.Stmt{SQL: sql, Args: b.args[start:n:n]})
}

// listColumns returns the JSON of the events' list columns, four per
// event in eventColumns order, as sqldb.EncodeStrings writes each: all
// written into b's scratch and sliced from one string, so that a batch
// allocates one text for them rather than one per list and event.
func (b *stmtBuffer) listColumns(events []audit.Event) []string {
	b.text, b.ends = b.text[:0], b.ends[:0]
	for _, e := range events {
		for _, l := range [...][]string{e.KeyHashes, e.FieldsReturned, e.FieldsWithheld, e.Reasons} {
			b.text = jsontext.AppendStrings(b.text, l)
			b.ends = append(b.ends, len(b.text))
		}
	}
	text, start := string(b.text), 0
	b.lists = b.lists[:0]
	for _, end := range b.ends {
		b.lists, start = append(b.lists, text[start:end]), end
	}
	return b.lists
}

// batchArgs is about the number of arguments of a batch: its claims, the
// head, the events, their key hashes and the rows.
func batchArgs(claims int, events []audit.Event, rows []audit.Row) int {
	n := 3*claims + 6 + eventColumnCount*len(events)
	for _, e := range events {
		n += 3 * (1 + len(e.KeyHashes))
	}
	for _, r := range rows {
		n += len(r.Values)
	}
	return n
}

// columnLists keeps each riding table's column list as SQL text, so that
// it is not joined again for every batch: table → joinedColumns.
var columnLists sync.Map

type joinedColumns struct {
	cols []string
	text string
}

// columnList returns cols joined by ", ", from columnLists when table's
// columns are the ones it last saw.
func columnList(table string, cols []string) string {
	if c, ok := columnLists.Load(table); ok && slices.Equal(c.(joinedColumns).cols, cols) {
		return c.(joinedColumns).text
	}
	text := strings.Join(cols, ", ")
	columnLists.Store(table, joinedColumns{cols: slices.Clone(cols), text: text})
	return text
}

// claimTexts keeps claimSQL's texts: claimShape → string.
var claimTexts sync.Map

type claimShape struct {
	rows int
	tail string
}

// claimSQL records rows claims, followed by tail when given: without
// one, a claim used already fails the statement as a conflict.
func claimSQL(rows int, tail string) string {
	key := claimShape{rows, tail}
	if q, ok := claimTexts.Load(key); ok {
		return q.(string)
	}
	q := multiInsert(claimTable, "agency, jti, until", 3, rows) + tail
	claimTexts.Store(key, q)
	return q
}
