package search

import (
	"fmt"
	"strings"
)

// occur is how a clause takes part in its boolean group, as in Lucene.
type occur int

const (
	should  occur = iota // optional: adds to the score; one must match when nothing is required
	must                 // required
	mustNot              // prohibited
)

// node is a parsed query: one of allNode, boolNode, termNode, rangeNode.
type node interface{ String() string }

// allNode matches every document (*:*).
type allNode struct{}

// boolNode is a group of clauses. minShould, when above zero, is the
// number of optional clauses that must match (dismax's mm).
type boolNode struct {
	clauses   []clause
	minShould int
}

type clause struct {
	occ occur
	n   node
}

// termNode is field:value, field:"phrase", field:prefix* or field:*.
// Field "" means the default free-text search.
type termNode struct {
	field  string
	value  string // raw, unescaped
	phrase bool
	prefix bool // value ends with * (removed from value); value "" means any value
	boost  float64
}

// rangeNode is field:[lo TO hi] or with braces for exclusive ends; "*"
// leaves an end open.
type rangeNode struct {
	field        string
	lo, hi       string
	loInc, hiInc bool
}

func (allNode) String() string { return "*:*" }

func (b *boolNode) String() string {
	parts := make([]string, len(b.clauses))
	for i, c := range b.clauses {
		parts[i] = [...]string{"", "+", "-"}[c.occ] + c.n.String()
	}
	s := "(" + strings.Join(parts, " ") + ")"
	if b.minShould > 0 {
		s += fmt.Sprintf("~%d", b.minShould)
	}
	return s
}

func (t *termNode) String() string {
	v := t.value
	switch {
	case t.phrase:
		v = fmt.Sprintf("%q", v)
	case t.prefix:
		v += "*"
	}
	if t.field != "" {
		v = t.field + ":" + v
	}
	if t.boost != 0 && t.boost != 1 {
		v += fmt.Sprintf("^%g", t.boost)
	}
	return v
}

func (r *rangeNode) String() string {
	open, end := "{", "}"
	if r.loInc {
		open = "["
	}
	if r.hiInc {
		end = "]"
	}
	return fmt.Sprintf("%s:%s%s TO %s%s", r.field, open, r.lo, r.hi, end)
}

// QueryError is a query that cannot be parsed or run: CKAN answers it
// with a "Search Query Error" (HTTP 400). Message says what is wrong and
// where, without echoing anything but the query itself.
type QueryError struct {
	Message string
}

// Error returns the message.
func (e *QueryError) Error() string { return e.Message }

func queryErrorf(format string, args ...any) *QueryError {
	return &QueryError{Message: fmt.Sprintf(format, args...)}
}
