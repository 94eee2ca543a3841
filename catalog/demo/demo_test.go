package demo_test

import (
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
)

func TestDemoCatalogIsValid(t *testing.T) {
	byID := map[string]catalog.Dataset{}
	levels := map[catalog.Classification]bool{}
	sensitive := false
	for _, d := range demo.Datasets() {
		if err := d.Validate(); err != nil {
			t.Fatal(err)
		}
		byID[d.ID] = d
		levels[d.Classification] = true
		for _, f := range d.Fields {
			sensitive = sensitive || f.Sensitive
		}
		for _, k := range demo.SampleKeys(d) {
			if _, err := catalog.NormalizeKey(d.KeyKind, k); err != nil {
				t.Errorf("sample key %s of %s: %v", k, d.ID, err)
			}
		}
	}
	if len(levels) != len(catalog.Classifications) || !sensitive {
		t.Errorf("demo needs every classification (%v) and a sensitive field (%v)", levels, sensitive)
	}
	for _, g := range demo.Grants(time.Now()) {
		if err := g.Validate(byID[g.Dataset]); err != nil {
			t.Error(err)
		}
	}
	for _, p := range demo.Purposes() {
		if err := p.Validate(); err != nil {
			t.Error(err)
		}
	}
}
