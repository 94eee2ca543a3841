package dcat

import (
	"fmt"
	"io"
	"mime"
	"strings"
)

// Syntax is an RDF serialisation.
type Syntax string

// The syntaxes gdx writes, by file extension.
const (
	Turtle Syntax = "ttl"
	RDFXML Syntax = "rdf"
	JSONLD Syntax = "jsonld"
)

// MediaType is the syntax's registered media type.
func (s Syntax) MediaType() string {
	switch s {
	case Turtle:
		return "text/turtle"
	case RDFXML:
		return "application/rdf+xml"
	case JSONLD:
		return "application/ld+json"
	}
	return ""
}

// ParseSyntax reads a file extension ("ttl", "rdf", "jsonld").
func ParseSyntax(ext string) (Syntax, error) {
	switch s := Syntax(strings.TrimPrefix(ext, ".")); s {
	case Turtle, RDFXML, JSONLD:
		return s, nil
	}
	return "", fmt.Errorf("unknown RDF syntax %q: use ttl, rdf or jsonld", ext)
}

// Negotiate picks the syntax an Accept header prefers (RFC 9110 §12.5.1),
// Turtle when it names none of them.
func Negotiate(accept string) Syntax {
	best, bestQ := Turtle, -1.0
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		qv := 1.0
		if v, ok := params["q"]; ok {
			fmt.Sscanf(v, "%g", &qv)
		}
		for _, s := range []Syntax{Turtle, RDFXML, JSONLD} {
			if (mt == s.MediaType() || mt == "application/json" && s == JSONLD) && qv > bestQ {
				best, bestQ = s, qv
			}
		}
	}
	return best
}

// WriteCatalog writes the catalog (one page of it when c.Page is set).
func WriteCatalog(w io.Writer, s Syntax, c Catalog) error {
	return write(w, s, build(c))
}

// WriteDataset writes one dataset on its own.
func WriteDataset(w io.Writer, s Syntax, d Dataset) error {
	return write(w, s, buildDataset(d))
}

func write(w io.Writer, s Syntax, g *graph) error {
	switch s {
	case Turtle:
		return writeTurtle(w, g)
	case RDFXML:
		return writeRDFXML(w, g)
	case JSONLD:
		return writeJSONLD(w, g)
	}
	return fmt.Errorf("unknown RDF syntax %q", s)
}
