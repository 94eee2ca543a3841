package dcat

import (
	"bufio"
	"encoding/xml"
	"io"
	"strings"
)

// writeRDFXML writes g as RDF/XML (W3C RDF 1.1 XML Syntax): one
// rdf:Description per subject, property elements named by prefix.
func writeRDFXML(w io.Writer, g *graph) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header + "<rdf:RDF")
	for _, n := range namespaces {
		bw.WriteString("\n    xmlns:" + n.prefix + `="` + xmlEscape(n.iri) + `"`)
	}
	bw.WriteString(">\n")
	for _, s := range g.subjects {
		bw.WriteString("  <rdf:Description " + xmlSubject(s) + ">\n")
		for _, group := range g.predicates(s) {
			name := xmlName(group[0].p)
			for _, t := range group {
				bw.WriteString("    " + xmlProperty(name, t.o) + "\n")
			}
		}
		bw.WriteString("  </rdf:Description>\n")
	}
	bw.WriteString("</rdf:RDF>\n")
	return bw.Flush()
}

func xmlSubject(s term) string {
	if s.kind == blankTerm {
		return `rdf:nodeID="` + s.value + `"`
	}
	return `rdf:about="` + xmlEscape(s.value) + `"`
}

// xmlProperty writes one property element: a reference as an empty
// element, a literal as content with its language or datatype.
func xmlProperty(name string, o term) string {
	switch o.kind {
	case iriTerm:
		return "<" + name + ` rdf:resource="` + xmlEscape(o.value) + `"/>`
	case blankTerm:
		return "<" + name + ` rdf:nodeID="` + o.value + `"/>`
	}
	attr := ""
	if o.lang != "" {
		attr = ` xml:lang="` + o.lang + `"`
	} else if o.datatype != "" {
		attr = ` rdf:datatype="` + xmlEscape(o.datatype) + `"`
	}
	return "<" + name + attr + ">" + xmlEscape(o.value) + "</" + name + ">"
}

// xmlName is the qualified name of a predicate. Every predicate gdx
// writes is in one of namespaces with a simple local name.
func xmlName(p string) string {
	for _, n := range namespaces {
		if local, ok := strings.CutPrefix(p, n.iri); ok && simpleLocal(local) {
			return n.prefix + ":" + local
		}
	}
	panic("dcat: predicate outside the known namespaces: " + p)
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
