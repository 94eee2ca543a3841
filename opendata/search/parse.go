package search

import (
	"strconv"
	"strings"
)

// maxDepth bounds parenthesis nesting so that a hostile query cannot
// exhaust the stack.
const maxDepth = 64

// parser turns tokens into a node tree with Lucene's classic rules for
// combining clauses (QueryParserBase.addClause): AND makes both sides
// required, OR makes both optional, and juxtaposition uses the default
// operator.
type parser struct {
	toks       []tok
	pos        int
	defaultAnd bool
	dismax     bool
	depth      int
}

// parseLucene parses q with the standard (lucene) query parser and
// q.op=AND, as Solr runs CKAN's fielded q and every fq.
func parseLucene(q string) (node, error) {
	toks, err := lexAll(q, false)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, defaultAnd: true}
	n, err := p.group("")
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, queryErrorf("cannot parse query: unexpected ')' at column %d", t.col)
	}
	return n, nil
}

// parseDismax parses a q without ':' as CKAN's dismax request does: words
// are optional clauses of which mm "2<-1 5<80%" must match (all of one or
// two words, all but one of three to five, 80% of more). A query with an
// explicit OR matches any of its optional clauses, as edismax does.
func parseDismax(q string) (node, error) {
	toks, err := lexAll(q, true)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, dismax: true}
	n, err := p.group("")
	if err != nil {
		return nil, err
	}
	b, ok := n.(*boolNode)
	if !ok {
		return n, nil
	}
	for _, t := range toks {
		if t.kind == tOr {
			return b, nil
		}
	}
	optional := 0
	for _, c := range b.clauses {
		if c.occ == should {
			optional++
		}
	}
	b.minShould = minShouldMatch(optional)
	return b, nil
}

// minShouldMatch applies CKAN's mm "2<-1 5<80%" to n optional clauses.
func minShouldMatch(n int) int {
	switch {
	case n <= 2:
		return n
	case n <= 5:
		return n - 1
	default:
		return n * 80 / 100
	}
}

func (p *parser) peek() tok { return p.toks[p.pos] }

func (p *parser) take() tok {
	t := p.toks[p.pos]
	if t.kind != tEOF {
		p.pos++
	}
	return t
}

// group parses clauses up to ')' or the end. field is the default field
// inherited from an enclosing field:( ... ).
func (p *parser) group(field string) (node, error) {
	var clauses []clause
	first := true
	for {
		t := p.peek()
		if t.kind == tEOF || t.kind == tRParen {
			break
		}
		conj := tEOF
		if t.kind == tAnd || t.kind == tOr {
			if first {
				return nil, queryErrorf("cannot parse query: %s at column %d has nothing on its left", opName(t.kind), t.col)
			}
			conj = p.take().kind
		}
		mod := tEOF
		if k := p.peek().kind; k == tPlus || k == tMinus || k == tNot {
			mod = p.take().kind
		}
		n, err := p.clause(field)
		if err != nil {
			return nil, err
		}
		clauses = p.addClause(clauses, conj, mod, n)
		first = false
	}
	if len(clauses) == 0 {
		if field != "" || p.depth > 0 {
			return nil, queryErrorf("cannot parse query: empty parentheses at column %d", p.peek().col)
		}
		return &boolNode{}, nil
	}
	if len(clauses) == 1 && clauses[0].occ != mustNot {
		return clauses[0].n, nil
	}
	return &boolNode{clauses: clauses}, nil
}

func opName(k tokKind) string {
	return map[tokKind]string{tAnd: "AND", tOr: "OR", tNot: "NOT", tPlus: "'+'", tMinus: "'-'"}[k]
}

// addClause follows Lucene's QueryParserBase.addClause.
func (p *parser) addClause(cs []clause, conj, mod tokKind, n node) []clause {
	if len(cs) > 0 {
		last := &cs[len(cs)-1]
		if conj == tAnd && last.occ != mustNot {
			last.occ = must
		}
		if p.defaultAnd && conj == tOr && last.occ != mustNot {
			last.occ = should
		}
	}
	prohibited := mod == tMinus || mod == tNot
	var required bool
	if p.defaultAnd {
		required = !prohibited && conj != tOr
	} else {
		required = mod == tPlus || (conj == tAnd && !prohibited)
	}
	occ := should
	switch {
	case prohibited:
		occ = mustNot
	case required:
		occ = must
	}
	return append(cs, clause{occ: occ, n: n})
}

// clause parses [field:] (term | phrase | range | (group)) [^boost] [~n].
func (p *parser) clause(field string) (node, error) {
	t := p.take()
	if t.kind == tField {
		if field != "" {
			return nil, queryErrorf("cannot parse query: field %q at column %d is inside another field's group", t.text, t.col)
		}
		field = t.text
		if field == "" {
			return nil, queryErrorf("cannot parse query: ':' at column %d has no field name", t.col)
		}
		t = p.take()
	}
	var n node
	switch t.kind {
	case tTerm:
		n = p.termOf(field, t)
	case tPhrase:
		n = &termNode{field: field, value: t.text, phrase: true}
	case tRange:
		if field == "" {
			return nil, queryErrorf("cannot parse query: the range at column %d needs a field, as in metadata_modified:[NOW-1DAY TO NOW]", t.col)
		}
		n = &rangeNode{field: field, lo: t.lo, hi: t.hi, loInc: t.loInc, hiInc: t.hiInc}
	case tLParen:
		sub, err := p.paren(field, t)
		if err != nil {
			return nil, err
		}
		n = sub
	case tEOF:
		return nil, queryErrorf("cannot parse query: the query ends where a term was expected")
	default:
		return nil, queryErrorf("cannot parse query: unexpected %s at column %d", tokName(t), t.col)
	}
	return p.suffixes(n)
}

func (p *parser) paren(field string, open tok) (node, error) {
	p.depth++
	if p.depth > maxDepth {
		return nil, queryErrorf("cannot parse query: parentheses nested deeper than %d", maxDepth)
	}
	sub, err := p.group(field)
	if err != nil {
		return nil, err
	}
	p.depth--
	if p.take().kind != tRParen {
		return nil, queryErrorf("cannot parse query: the '(' at column %d is not closed", open.col)
	}
	return sub, nil
}

// termOf makes the node for a bare word: *:*, field:* and prefix* are
// special except in dismax, where * is an ordinary character.
func (p *parser) termOf(field string, t tok) node {
	if p.dismax {
		return &termNode{value: t.text}
	}
	if t.text == "*" && (field == "*" || field == "") {
		return allNode{}
	}
	n := &termNode{field: field, value: t.text}
	if t.wild {
		n.prefix = true
		n.value = strings.TrimSuffix(t.text, "*")
	}
	return n
}

// suffixes applies ^boost and skips ~n (fuzzy and proximity are not
// supported and match as if absent).
func (p *parser) suffixes(n node) (node, error) {
	for {
		t := p.peek()
		switch t.kind {
		case tBoost:
			p.take()
			b, err := strconv.ParseFloat(t.text, 64)
			if err != nil || b < 0 {
				return nil, queryErrorf("cannot parse query: bad boost %q at column %d", t.text, t.col)
			}
			if tn, ok := n.(*termNode); ok {
				tn.boost = b
			}
		case tFuzzy:
			p.take()
		default:
			return n, nil
		}
	}
}

func tokName(t tok) string {
	switch t.kind {
	case tRParen:
		return "')'"
	case tAnd, tOr, tNot, tPlus, tMinus:
		return opName(t.kind)
	case tField:
		return "field " + strconv.Quote(t.text)
	case tBoost:
		return "'^'"
	case tFuzzy:
		return "'~'"
	}
	return "token"
}
