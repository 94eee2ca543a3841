package dcat

import (
	"sort"
	"strings"
)

// Namespaces used in the output, by prefix.
var namespaces = []struct{ prefix, iri string }{
	{"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
	{"xsd", "http://www.w3.org/2001/XMLSchema#"},
	{"dcat", "http://www.w3.org/ns/dcat#"},
	{"dct", "http://purl.org/dc/terms/"},
	{"foaf", "http://xmlns.com/foaf/0.1/"},
	{"vcard", "http://www.w3.org/2006/vcard/ns#"},
	{"skos", "http://www.w3.org/2004/02/skos/core#"},
	{"hydra", "http://www.w3.org/ns/hydra/core#"},
	{"adms", "http://www.w3.org/ns/adms#"},
	{"locn", "http://www.w3.org/ns/locn#"},
}

func ns(prefix string) string {
	for _, n := range namespaces {
		if n.prefix == prefix {
			return n.iri
		}
	}
	panic("dcat: unknown prefix " + prefix)
}

// q expands a prefixed name such as "dct:title".
func q(name string) string {
	prefix, local, _ := strings.Cut(name, ":")
	return ns(prefix) + local
}

// termKind tells IRIs, blank nodes and literals apart.
type termKind int

const (
	iriTerm termKind = iota
	blankTerm
	literalTerm
)

// term is an RDF term. A literal has a language or a datatype (or
// neither: a plain xsd:string).
type term struct {
	kind     termKind
	value    string
	lang     string
	datatype string
}

func iri(s string) term           { return term{kind: iriTerm, value: s} }
func blank(id string) term        { return term{kind: blankTerm, value: id} }
func str(s string) term           { return term{kind: literalTerm, value: s} }
func langStr(s, lang string) term { return term{kind: literalTerm, value: s, lang: lang} }
func typed(s, datatype string) term {
	return term{kind: literalTerm, value: s, datatype: q(datatype)}
}

// triple is one statement; the predicate is always an IRI.
type triple struct {
	s term
	p string
	o term
}

// graph is an ordered set of triples, grouped by subject in the order
// subjects first appear, so the output reads top-down.
type graph struct {
	subjects []term
	props    map[term][]triple
	seen     map[triple]bool
}

func newGraph() *graph {
	return &graph{props: map[term][]triple{}, seen: map[triple]bool{}}
}

// add states s p o once; an empty literal states nothing.
func (g *graph) add(s term, p string, o term) {
	if o.kind == literalTerm && o.value == "" || o.kind == iriTerm && o.value == "" {
		return
	}
	t := triple{s, q(p), o}
	if g.seen[t] {
		return
	}
	g.seen[t] = true
	if _, ok := g.props[s]; !ok {
		g.subjects = append(g.subjects, s)
	}
	g.props[s] = append(g.props[s], t)
}

// typeOf states that s is of class c (rdf:type).
func (g *graph) typeOf(s term, class string) { g.add(s, "rdf:type", iri(q(class))) }

// predicates returns s's triples with rdf:type first, then by predicate in
// first-seen order, keeping objects together.
func (g *graph) predicates(s term) [][]triple {
	var order []string
	by := map[string][]triple{}
	for _, t := range g.props[s] {
		if _, ok := by[t.p]; !ok {
			order = append(order, t.p)
		}
		by[t.p] = append(by[t.p], t)
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i] == q("rdf:type") && order[j] != q("rdf:type") })
	out := make([][]triple, len(order))
	for i, p := range order {
		out[i] = by[p]
	}
	return out
}

// size is the number of triples.
func (g *graph) size() int { return len(g.seen) }
