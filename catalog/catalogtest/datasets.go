package catalogtest

import (
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
)

func testDatasets(t *testing.T, s catalog.Store) {
	seed(t, s)
	renamed := civil
	renamed.TitleTH, renamed.Tags = "ทะเบียนราษฎร (ปรับปรุง)", nil
	renamed.Fields = append([]catalog.Field{}, civil.Fields[:2]...)
	tests := []struct {
		name  string
		d     catalog.Dataset
		kind  catalog.Kind
		parts []string
	}{
		{"every field round trips, thai included", civil, "", nil},
		{"required fields alone round trip", juristic, "", nil},
		{"put replaces", renamed, "", nil},
		{"unregistered owner is invalid", change(civil, func(d *catalog.Dataset) { d.ID, d.Owner = "nope.data", "NOPE" }),
			catalog.KindInvalid, []string{"nope.data", "owner NOPE is not a registered agency"}},
		{"unknown classification is invalid", change(civil, func(d *catalog.Dataset) { d.ID, d.Classification = "dopa.x", "restricted" }),
			catalog.KindInvalid, []string{`dataset dopa.x: unknown classification "restricted"`}},
		{"sensitive field must be personal", change(civil, func(d *catalog.Dataset) {
			d.ID, d.Fields = "dopa.y", []catalog.Field{{Name: "health", Type: catalog.TypeString, Sensitive: true}}
		}), catalog.KindInvalid, []string{`field "health" is sensitive but not personal`}},
		{"no fields is invalid", change(civil, func(d *catalog.Dataset) { d.ID, d.Fields = "dopa.z", nil }),
			catalog.KindInvalid, []string{"dataset dopa.z: has no fields"}},
		{"bad id is invalid", change(civil, func(d *catalog.Dataset) { d.ID = "Bad ID" }),
			catalog.KindInvalid, []string{`dataset id "Bad ID"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, s.PutDataset(ctx, tt.d), tt.kind, tt.parts...)
			got, err := s.FindDataset(ctx, tt.d.ID)
			if tt.kind != "" {
				wantErr(t, err, catalog.KindNotFound)
				return
			}
			must(t, err)
			same(t, "dataset", got, tt.d)
		})
	}
	t.Run("missing dataset is not found", func(t *testing.T) {
		_, err := s.FindDataset(ctx, "nope.x")
		wantErr(t, err, catalog.KindNotFound, "nope.x")
	})
}

func testDatasetLists(t *testing.T, s catalog.Store) {
	seed(t, s)
	// '-' < '.' < '_' in byte order; a linguistic collation would ignore them.
	house := change(civil, func(d *catalog.Dataset) { d.ID, d.TitleEN = "dopa-house", "Houses" })
	stats := change(civil, func(d *catalog.Dataset) { d.ID, d.TitleEN = "dopa_stats", "Statistics" })
	must(t, s.PutDataset(ctx, stats))
	must(t, s.PutDataset(ctx, house))
	tests := []struct {
		name string
		f    catalog.DatasetFilter
		want []catalog.Dataset
	}{
		{"no filter lists all by id", catalog.DatasetFilter{}, []catalog.Dataset{juristic, house, civil, stats}},
		{"owner filter", catalog.DatasetFilter{Owner: "DOPA"}, []catalog.Dataset{house, civil, stats}},
		{"owner without datasets lists none", catalog.DatasetFilter{Owner: "DLA"}, nil},
		{"unknown owner lists none", catalog.DatasetFilter{Owner: "NOPE"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ListDatasets(ctx, tt.f)
			must(t, err)
			same(t, "datasets", got, tt.want)
		})
	}
}

// change returns a copy of d changed by f.
func change(d catalog.Dataset, f func(*catalog.Dataset)) catalog.Dataset {
	d.Fields = append([]catalog.Field(nil), d.Fields...)
	d.Tags = append([]string(nil), d.Tags...)
	f(&d)
	return d
}
