package dcat

import (
	"bufio"
	"io"
	"strings"
)

// writeTurtle writes g as Turtle (W3C RDF 1.1 Turtle), one block per
// subject, with the prefixes of namespaces.
func writeTurtle(w io.Writer, g *graph) error {
	bw := bufio.NewWriter(w)
	for _, n := range namespaces {
		bw.WriteString("@prefix " + n.prefix + ": <" + n.iri + "> .\n")
	}
	for _, s := range g.subjects {
		bw.WriteString("\n" + turtleTerm(s))
		for i, group := range g.predicates(s) {
			if i > 0 {
				bw.WriteString(" ;")
			}
			p := group[0].p
			if p == q("rdf:type") {
				bw.WriteString("\n    a ")
			} else {
				bw.WriteString("\n    " + turtleIRI(p) + " ")
			}
			for j, t := range group {
				if j > 0 {
					bw.WriteString(", ")
				}
				bw.WriteString(turtleTerm(t.o))
			}
		}
		bw.WriteString(" .\n")
	}
	return bw.Flush()
}

// turtleIRI writes an IRI as a prefixed name when its local part is
// simple enough for one, else in angle brackets.
func turtleIRI(s string) string {
	for _, n := range namespaces {
		if local, ok := strings.CutPrefix(s, n.iri); ok && simpleLocal(local) {
			return n.prefix + ":" + local
		}
	}
	return "<" + escapeIRI(s) + ">"
}

func simpleLocal(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || (i > 0 && (r >= '0' && r <= '9' || r == '_'))
		if !ok {
			return false
		}
	}
	return true
}

func turtleTerm(t term) string {
	switch t.kind {
	case iriTerm:
		return turtleIRI(t.value)
	case blankTerm:
		return "_:" + t.value
	}
	lit := `"` + escapeString(t.value) + `"`
	if t.lang != "" {
		return lit + "@" + t.lang
	}
	if t.datatype != "" {
		return lit + "^^" + turtleIRI(t.datatype)
	}
	return lit
}

// escapeString escapes a literal for Turtle's "..." form (ECHAR).
func escapeString(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				b.WriteString(`\u00`)
				b.WriteByte(hexDigit(byte(r) >> 4))
				b.WriteByte(hexDigit(byte(r) & 0xf))
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapeIRI percent-encodes the characters Turtle forbids inside <...>.
func escapeIRI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || strings.IndexByte("<>\"{}|^`\\", c) >= 0 {
			b.WriteByte('%')
			b.WriteByte(hexDigit(c >> 4))
			b.WriteByte(hexDigit(c & 0xf))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func hexDigit(c byte) byte { return "0123456789ABCDEF"[c&0xf] }
