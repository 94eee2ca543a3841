package opendata_test

import (
	"slices"
	"testing"

	"github.com/gdx-exchange/gdx/opendata"
)

func TestSearchDoc(t *testing.T) {
	org := opendata.NewOrganization("org-1", "dla", "กรมส่งเสริมการปกครองท้องถิ่น", "DLA")
	p := opendata.Package{ID: "p-1", Name: "licences", Title: "ใบอนุญาต", Notes: "notes", State: opendata.StateActive,
		Type: "dataset", Private: true, OwnerOrg: org.ID, Organization: org, NumResources: 2,
		Tags:      []opendata.Tag{opendata.NewTag("ใบอนุญาต")},
		Groups:    []opendata.Group{{ID: "g-1", Name: "stats", Title: "สถิติ"}},
		Resources: []opendata.Resource{{Name: "CSV file", Format: "CSV", URL: "http://x/a.csv"}, {Name: "no format"}},
		Extras:    []opendata.Extra{{Key: "title_en", Value: "Licences"}},
		GDCatalog: opendata.GDCatalog{DataFormat: []string{"CSV", ""}}}
	d := opendata.SearchDoc(p)
	if d.ID != "p-1" || d.Name != "licences" || d.Title != "ใบอนุญาต" || d.Notes != "notes" {
		t.Errorf("doc names %+v", d)
	}
	want := map[string][]string{
		"state": {"active"}, "type": {"dataset"}, "dataset_type": {"dataset"}, "entity_type": {"package"},
		"capacity": {"private"}, "owner_org": {"org-1"}, "title_string": {"ใบอนุญาต"},
		"num_resources": {"2"}, "num_tags": {"0"}, "organization": {"dla"}, "tags": {"ใบอนุญาต"},
		"groups": {"stats"}, "res_format": {"CSV"}, "res_url": {"http://x/a.csv"}, "data_format": {"CSV"},
		"extras_title_en": {"Licences"},
	}
	for k, v := range want {
		if !slices.Equal(d.Fields[k], v) {
			t.Errorf("field %s = %q, want %q", k, d.Fields[k], v)
		}
	}
	for k := range d.Fields {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected field %s = %q (empty values are not indexed)", k, d.Fields[k])
		}
	}
	wantText := []string{org.Title, "ใบอนุญาต", "สถิติ", "CSV file", "", "no format", "", "Licences"}
	if !slices.Equal(d.Text, wantText) {
		t.Errorf("text = %q, want %q", d.Text, wantText)
	}
	if _, ok := d.Dates["metadata_modified"]; !ok {
		t.Error("no metadata_modified date")
	}
}
