package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is a lexical token of the Lucene query syntax.
type tokKind int

const (
	tEOF tokKind = iota
	tTerm
	tPhrase
	tRange
	tField // a term followed by ':'
	tLParen
	tRParen
	tAnd
	tOr
	tNot
	tPlus
	tMinus
	tBoost // ^n
	tFuzzy // ~n (accepted and ignored)
)

// tok is one lexical token; col is its 1-based column in runes.
type tok struct {
	kind         tokKind
	text         string // unescaped term, phrase, field name or number
	lo, hi       string // range ends
	loInc, hiInc bool
	wild         bool // term ended with an unescaped *
	col          int
}

// lexer splits a query string. In dismax mode only quotes, +, - and the
// operators mean anything; every other special character separates words,
// and an odd quote is dropped, as Solr's dismax does.
type lexer struct {
	src    []rune
	pos    int
	dismax bool
}

func isSpecial(r rune) bool {
	return strings.ContainsRune(`+-!():^[]"{}~\`, r) || unicode.IsSpace(r)
}

// lexAll tokenises the whole query.
func lexAll(q string, dismax bool) ([]tok, error) {
	if !utf8.ValidString(q) {
		return nil, queryErrorf("cannot parse query: not valid UTF-8")
	}
	if dismax && strings.Count(q, `"`)%2 == 1 {
		q = strings.ReplaceAll(q, `"`, " ")
	}
	lx := &lexer{src: []rune(q), dismax: dismax}
	var out []tok
	for {
		t, err := lx.next()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
		if t.kind == tEOF {
			return out, nil
		}
	}
}

func (lx *lexer) next() (tok, error) {
	for lx.pos < len(lx.src) && (unicode.IsSpace(lx.src[lx.pos]) || (lx.dismax && strings.ContainsRune(`():^[]{}~!\`, lx.src[lx.pos]))) {
		lx.pos++
	}
	if lx.pos >= len(lx.src) {
		return tok{kind: tEOF, col: lx.pos + 1}, nil
	}
	col := lx.pos + 1
	r := lx.src[lx.pos]
	single := map[rune]tokKind{'(': tLParen, ')': tRParen, '+': tPlus, '-': tMinus, '!': tNot}
	if k, ok := single[r]; ok {
		lx.pos++
		return tok{kind: k, col: col}, nil
	}
	switch {
	case r == '&' && lx.peek(1) == '&':
		lx.pos += 2
		return tok{kind: tAnd, col: col}, nil
	case r == '|' && lx.peek(1) == '|':
		lx.pos += 2
		return tok{kind: tOr, col: col}, nil
	case r == '"':
		return lx.phrase(col)
	case r == '[' || r == '{':
		return lx.rangeTok(col)
	case r == '^' || r == '~':
		return lx.number(col)
	case r == ':' || r == ']' || r == '}':
		return tok{}, queryErrorf("cannot parse query: unexpected %q at column %d", r, col)
	}
	return lx.term(col)
}

func (lx *lexer) peek(n int) rune {
	if lx.pos+n < len(lx.src) {
		return lx.src[lx.pos+n]
	}
	return 0
}

// term reads a bare word with backslash escapes. A word directly followed
// by ':' is a field name; AND, OR and NOT are operators.
func (lx *lexer) term(col int) (tok, error) {
	var b strings.Builder
	wild := false
	for lx.pos < len(lx.src) {
		r := lx.src[lx.pos]
		if r == '\\' {
			if lx.pos+1 >= len(lx.src) {
				return tok{}, queryErrorf("cannot parse query: '\\' at the end of the query escapes nothing")
			}
			b.WriteRune(lx.src[lx.pos+1])
			lx.pos += 2
			wild = false
			continue
		}
		if isSpecial(r) && !(b.Len() > 0 && (r == '+' || r == '-' || r == '!')) {
			break
		}
		if lx.dismax && r == ':' {
			break
		}
		b.WriteRune(r)
		wild = r == '*'
		lx.pos++
	}
	text := b.String()
	if !lx.dismax && lx.pos < len(lx.src) && lx.src[lx.pos] == ':' {
		lx.pos++
		return tok{kind: tField, text: text, col: col}, nil
	}
	switch text {
	case "AND":
		return tok{kind: tAnd, col: col}, nil
	case "OR":
		return tok{kind: tOr, col: col}, nil
	case "NOT":
		return tok{kind: tNot, col: col}, nil
	}
	return tok{kind: tTerm, text: text, wild: wild, col: col}, nil
}

// phrase reads "..." with \" escapes.
func (lx *lexer) phrase(col int) (tok, error) {
	lx.pos++
	var b strings.Builder
	for lx.pos < len(lx.src) {
		r := lx.src[lx.pos]
		switch {
		case r == '\\' && lx.pos+1 < len(lx.src):
			b.WriteRune(lx.src[lx.pos+1])
			lx.pos += 2
		case r == '"':
			lx.pos++
			return tok{kind: tPhrase, text: b.String(), col: col}, nil
		default:
			b.WriteRune(r)
			lx.pos++
		}
	}
	return tok{}, queryErrorf("cannot parse query: the phrase starting at column %d has no closing quote", col)
}

// number reads ^2.5 or ~1; the number is optional after ~.
func (lx *lexer) number(col int) (tok, error) {
	kind := tBoost
	if lx.src[lx.pos] == '~' {
		kind = tFuzzy
	}
	lx.pos++
	start := lx.pos
	for lx.pos < len(lx.src) && (unicode.IsDigit(lx.src[lx.pos]) || lx.src[lx.pos] == '.') {
		lx.pos++
	}
	num := string(lx.src[start:lx.pos])
	if kind == tBoost && num == "" {
		return tok{}, queryErrorf("cannot parse query: '^' at column %d needs a number", col)
	}
	return tok{kind: kind, text: num, col: col}, nil
}

// rangeTok reads [lo TO hi] or {lo TO hi} (mixed brackets allowed). An end
// may be quoted.
func (lx *lexer) rangeTok(col int) (tok, error) {
	t := tok{kind: tRange, loInc: lx.src[lx.pos] == '[', col: col}
	lx.pos++
	var words []string
	for {
		for lx.pos < len(lx.src) && unicode.IsSpace(lx.src[lx.pos]) {
			lx.pos++
		}
		if lx.pos >= len(lx.src) {
			return tok{}, queryErrorf("cannot parse query: the range starting at column %d is not closed with ] or }", col)
		}
		r := lx.src[lx.pos]
		if r == ']' || r == '}' {
			t.hiInc = r == ']'
			lx.pos++
			break
		}
		w, err := lx.rangeWord(col)
		if err != nil {
			return tok{}, err
		}
		words = append(words, w)
	}
	if len(words) != 3 || words[1] != "TO" {
		return tok{}, queryErrorf("cannot parse query: the range at column %d must read [a TO b] or {a TO b}", col)
	}
	t.lo, t.hi = words[0], words[2]
	return t, nil
}

// rangeWord reads one end of a range: a quoted string or anything up to
// a space or a closing bracket.
func (lx *lexer) rangeWord(col int) (string, error) {
	if lx.src[lx.pos] == '"' {
		p, err := lx.phrase(lx.pos + 1)
		return p.text, err
	}
	var b strings.Builder
	for lx.pos < len(lx.src) {
		r := lx.src[lx.pos]
		if unicode.IsSpace(r) || r == ']' || r == '}' {
			break
		}
		if r == '[' || r == '{' {
			return "", queryErrorf("cannot parse query: unexpected %q inside the range at column %d", r, col)
		}
		if r == '\\' && lx.pos+1 < len(lx.src) {
			lx.pos++
			r = lx.src[lx.pos]
		}
		b.WriteRune(r)
		lx.pos++
	}
	return b.String(), nil
}
