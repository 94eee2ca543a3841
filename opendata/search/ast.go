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
// number of optional clauses that must match (dismax's mm); mm says to
// recount it from the optional clauses left after analysis, as Solr
// applies mm to the clauses the words produced.
type boolNode struct {
	clauses   []clause
	minShould int
	mm        bool
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

// QueryError is a query that cannot be parsed or run. Message says what
// is wrong and where, quoting nothing but the query itself. Param names
// the Query part at fault ("q", "fq", "sort", "start" or "rows"): CKAN
// reports a bad sort as a Search Query Error ('Invalid "sort" parameter',
// HTTP 400) but passes a q or fq that Solr cannot parse on as a Search
// Error (HTTP 409).
type QueryError struct {
	Message string
	Param   string
}

// Error returns the message.
func (e *QueryError) Error() string { return e.Message }

func queryErrorf(format string, args ...any) *QueryError {
	return &QueryError{Message: fmt.Sprintf(format, args...)}
}

// inParam sets the Param of a *QueryError.
func inParam(err error, param string) error {
	if qe, ok := err.(*QueryError); ok && qe.Param == "" {
		qe.Param = param
	}
	return err
}
