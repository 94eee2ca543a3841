package dcatfeed_test

import (
	"encoding/json"
	"slices"
	"testing"
)

const (
	dcatNS  = "http://www.w3.org/ns/dcat#"
	dctNS   = "http://purl.org/dc/terms/"
	hydraNS = "http://www.w3.org/ns/hydra/core#"
)

// node is one subject of a flattened JSON-LD document as the feed writes
// it: @id, @type and the values of each predicate.
type node map[string]json.RawMessage

type value struct {
	ID    string `json:"@id"`
	Value string `json:"@value"`
	Lang  string `json:"@language"`
}

// doc indexes a JSON-LD document by subject.
type doc map[string]node

func parseJSONLD(t testing.TB, body []byte) doc {
	t.Helper()
	var g struct {
		Graph []node `json:"@graph"`
	}
	if err := json.Unmarshal(body, &g); err != nil {
		t.Fatalf("JSON-LD: %v\n%.400s", err, body)
	}
	d := doc{}
	for _, n := range g.Graph {
		var id string
		json.Unmarshal(n["@id"], &id)
		d[id] = n
	}
	return d
}

// values returns the objects of subject's predicate.
func (d doc) values(subject, predicate string) []value {
	var vs []value
	json.Unmarshal(d[subject][predicate], &vs)
	return vs
}

// one returns the only object of subject's predicate (an IRI or a
// literal), "" when there is none.
func (d doc) one(t testing.TB, subject, predicate string) string {
	t.Helper()
	vs := d.values(subject, predicate)
	switch len(vs) {
	case 0:
		return ""
	case 1:
		if vs[0].ID != "" {
			return vs[0].ID
		}
		return vs[0].Value
	}
	t.Errorf("%s has %d %s, want one", subject, len(vs), predicate)
	return ""
}

// refs returns the IRIs subject's predicate points to.
func (d doc) refs(subject, predicate string) []string {
	var out []string
	for _, v := range d.values(subject, predicate) {
		out = append(out, v.ID)
	}
	return out
}

// ofType returns the subjects of the class, sorted.
func (d doc) ofType(class string) []string {
	var out []string
	for id, n := range d {
		var types []string
		json.Unmarshal(n["@type"], &types)
		if slices.Contains(types, class) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}
