package catalog_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

func person() catalog.Dataset {
	return catalog.Dataset{
		ID: "dopa.person", TitleTH: "ข้อมูลบุคคล", TitleEN: "Person", Owner: "DOPA",
		Classification: catalog.Confidential, KeyKind: catalog.KeyCitizenID, IAL: "2.3", AAL: "2",
		Fields: []catalog.Field{
			{Name: "citizen_id", Type: catalog.TypeString, Personal: true, Identifier: true},
			{Name: "first_name_th", Type: catalog.TypeString, Personal: true},
			{Name: "religion", Type: catalog.TypeString, Personal: true, Sensitive: true},
		},
	}
}

func TestDatasetValidate(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*catalog.Dataset)
		wantErr string
	}{
		{"valid", func(*catalog.Dataset) {}, ""},
		{"unknown classification", func(d *catalog.Dataset) { d.Classification = "restricted" }, `unknown classification "restricted"`},
		{"bad id", func(d *catalog.Dataset) { d.ID = "Bad ID" }, `dataset id "Bad ID"`},
		{"no title", func(d *catalog.Dataset) { d.TitleTH, d.TitleEN = "", " " }, "needs a Thai or English title"},
		{"bad owner", func(d *catalog.Dataset) { d.Owner = "dopa" }, `owner "dopa"`},
		{"unknown key kind", func(d *catalog.Dataset) { d.KeyKind = "passport" }, `unknown key kind "passport"`},
		{"bad ial", func(d *catalog.Dataset) { d.IAL = "2.4" }, `IAL "2.4"`},
		{"bad aal", func(d *catalog.Dataset) { d.AAL = "0" }, `AAL "0"`},
		{"no fields", func(d *catalog.Dataset) { d.Fields = nil }, "has no fields"},
		{"duplicate field", func(d *catalog.Dataset) { d.Fields = append(d.Fields, d.Fields[0]) }, `field "citizen_id" is listed twice`},
		{"bad field name", func(d *catalog.Dataset) { d.Fields[0].Name = "Citizen-ID" }, `field name "Citizen-ID"`},
		{"bad field type", func(d *catalog.Dataset) { d.Fields[0].Type = "uuid" }, `unknown type "uuid"`},
		{"sensitive not personal", func(d *catalog.Dataset) { d.Fields[2].Personal = false }, "sensitive but not personal"},
		{"bad tag", func(d *catalog.Dataset) { d.Tags = []string{"<script>"} }, `tag "<script>"`},
		{"thai tag ok", func(d *catalog.Dataset) { d.Tags = []string{"ทะเบียนราษฎร์"} }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := person()
			tt.edit(&d)
			checkErr(t, d.Validate(), tt.wantErr)
		})
	}
}

func TestGrantValidate(t *testing.T) {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	base := catalog.Grant{Consumer: "DLA", Dataset: "dopa.person", Purposes: []string{"licensing"},
		Fields: []string{"citizen_id", "first_name_th"}, ValidFrom: from, ValidTo: from.AddDate(1, 0, 0),
		Status: catalog.GrantActive}
	tests := []struct {
		name    string
		edit    func(*catalog.Grant)
		wantErr string
	}{
		{"valid", func(*catalog.Grant) {}, ""},
		{"missing field", func(g *catalog.Grant) { g.Fields = append(g.Fields, "salary") }, `field "salary" does not exist in dataset dopa.person`},
		{"no purpose", func(g *catalog.Grant) { g.Purposes = nil }, "names no purpose"},
		{"no field", func(g *catalog.Grant) { g.Fields = nil }, "names no field"},
		{"reversed validity", func(g *catalog.Grant) { g.ValidTo = from.Add(-time.Hour) }, "valid_to must be after valid_from"},
		{"open validity", func(g *catalog.Grant) { g.ValidTo = time.Time{} }, "needs valid_from and valid_to"},
		{"owner consumes own", func(g *catalog.Grant) { g.Consumer = "DOPA" }, "owns dataset"},
		{"negative rate", func(g *catalog.Grant) { g.RateLimit.PerMinute = -1 }, "must not be negative"},
		{"unknown status", func(g *catalog.Grant) { g.Status = "maybe" }, `unknown status "maybe"`},
		{"unmasked not granted", func(g *catalog.Grant) { g.Unmasked = []string{"religion"} }, `unmasked field "religion" is not among the granted fields`},
		{"other dataset", func(g *catalog.Grant) { g.Dataset = "dbd.company" }, `names dataset "dbd.company"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := base
			g.Fields = append([]string(nil), base.Fields...)
			tt.edit(&g)
			checkErr(t, g.Validate(person()), tt.wantErr)
		})
	}
}

func TestGrantOverlapsAndValidAt(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
	g := catalog.Grant{Consumer: "DLA", Dataset: "x.y", ValidFrom: day(1), ValidTo: day(10), Status: catalog.GrantActive}
	tests := []struct {
		name string
		o    catalog.Grant
		want bool
	}{
		{"inside", catalog.Grant{Consumer: "DLA", Dataset: "x.y", ValidFrom: day(3), ValidTo: day(4), Status: catalog.GrantRequested}, true},
		{"touching end", catalog.Grant{Consumer: "DLA", Dataset: "x.y", ValidFrom: day(10), ValidTo: day(20), Status: catalog.GrantActive}, false},
		{"other consumer", catalog.Grant{Consumer: "RD", Dataset: "x.y", ValidFrom: day(3), ValidTo: day(4), Status: catalog.GrantActive}, false},
		{"refused does not count", catalog.Grant{Consumer: "DLA", Dataset: "x.y", ValidFrom: day(3), ValidTo: day(4), Status: catalog.GrantRefused}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := g.Overlaps(tt.o); got != tt.want {
				t.Errorf("Overlaps = %v, want %v", got, tt.want)
			}
		})
	}
	if !g.ValidAt(day(1)) || g.ValidAt(day(10)) || g.ValidAt(day(0)) {
		t.Error("ValidAt must include valid_from and exclude valid_to")
	}
}

func TestPurposeAndAgencyValidate(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		wantErr string
	}{
		{"purpose ok", catalog.Purpose{Code: "licensing", DescriptionEN: "x", Basis: catalog.BasisPublicTask}.Validate(), ""},
		{"purpose bad basis", catalog.Purpose{Code: "licensing", DescriptionEN: "x", Basis: "whim"}.Validate(), `unknown lawful basis "whim"`},
		{"purpose bad s26", catalog.Purpose{Code: "licensing", DescriptionEN: "x", Basis: catalog.BasisConsent, SensitiveBasis: "curiosity"}.Validate(), `unknown s.26 basis "curiosity"`},
		{"purpose bad code", catalog.Purpose{Code: "Licensing!", DescriptionEN: "x", Basis: catalog.BasisConsent}.Validate(), `purpose code "Licensing!"`},
		{"agency ok", catalog.Agency{Code: "DLA", NameTH: "กรมส่งเสริมการปกครองท้องถิ่น", Status: catalog.AgencyActive}.Validate(), ""},
		{"agency bad status", catalog.Agency{Code: "DLA", NameEN: "x", Status: "gone"}.Validate(), `status "gone"`},
		{"agency bad code", catalog.Agency{Code: "d", NameEN: "x", Status: catalog.AgencyActive}.Validate(), `agency code "d"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkErr(t, tt.err, tt.wantErr) })
	}
}

func TestAssuranceMeets(t *testing.T) {
	if !catalog.IAL("3").Meets("2.3") || catalog.IAL("2.1").Meets("2.3") || catalog.IAL("9").Meets("1") {
		t.Error("IAL ordering wrong")
	}
	if !catalog.AAL("2").Meets("2") || catalog.AAL("1").Meets("2") {
		t.Error("AAL ordering wrong")
	}
}

func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error = %v, want it to contain %q", err, want)
	}
	if !catalog.IsKind(err, catalog.KindInvalid) {
		t.Fatalf("kind = %s, want invalid", catalog.ErrorKind(err))
	}
}
