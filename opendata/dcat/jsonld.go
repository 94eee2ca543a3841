package dcat

import (
	"encoding/json"
	"io"
)

// writeJSONLD writes g as JSON-LD 1.1 in flattened, expanded form: a
// @graph of node objects with full IRIs. Without a remote @context a
// harvester needs no network to read it, and every JSON-LD processor
// reads it the same way.
func writeJSONLD(w io.Writer, g *graph) error {
	nodes := make([]map[string]any, 0, len(g.subjects))
	for _, s := range g.subjects {
		node := map[string]any{"@id": jsonldID(s)}
		for _, group := range g.predicates(s) {
			p := group[0].p
			if p == q("rdf:type") {
				var types []string
				for _, t := range group {
					types = append(types, t.o.value)
				}
				node["@type"] = types
				continue
			}
			var vals []map[string]string
			for _, t := range group {
				vals = append(vals, jsonldValue(t.o))
			}
			node[p] = vals
		}
		nodes = append(nodes, node)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(map[string]any{"@graph": nodes})
}

func jsonldID(t term) string {
	if t.kind == blankTerm {
		return "_:" + t.value
	}
	return t.value
}

func jsonldValue(o term) map[string]string {
	switch o.kind {
	case iriTerm, blankTerm:
		return map[string]string{"@id": jsonldID(o)}
	}
	v := map[string]string{"@value": o.value}
	if o.lang != "" {
		v["@language"] = o.lang
	} else if o.datatype != "" {
		v["@type"] = o.datatype
	}
	return v
}
