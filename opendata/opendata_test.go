package opendata_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/opendata"
)

// fakeCatalog serves the demo catalog from memory.
type fakeCatalog struct{}

func (fakeCatalog) ListAgencies(context.Context) ([]catalog.Agency, error) {
	return demo.Agencies(), nil
}
func (fakeCatalog) ListDatasets(context.Context, catalog.DatasetFilter) ([]catalog.Dataset, error) {
	return demo.Datasets(), nil
}

func catalogPackages(t *testing.T) map[string]opendata.Package {
	t.Helper()
	p := opendata.CatalogProvider(fakeCatalog{}, opendata.CatalogConfig{WebURL: "http://127.0.0.1:8080/", APIURL: "https://127.0.0.1:8443"})
	pkgs, err := p.Packages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]opendata.Package{}
	for _, pkg := range pkgs {
		if err := pkg.Validate(); err != nil {
			t.Errorf("catalog package %s is invalid: %v", pkg.Name, err)
		}
		out[pkg.Name] = pkg
	}
	return out
}

func TestCatalogProviderEveryDataset(t *testing.T) {
	pkgs := catalogPackages(t)
	if len(pkgs) != len(demo.Datasets()) {
		t.Fatalf("got %d packages for %d datasets", len(pkgs), len(demo.Datasets()))
	}
	person := pkgs["dopa-person"]
	if person.Title != "ทะเบียนราษฎร: ข้อมูลบุคคล" || person.Organization.Name != "dopa" || person.Organization.Title != "กรมการปกครอง" {
		t.Errorf("person package: title %q org %+v", person.Title, person.Organization)
	}
	if person.Classification != "confidential" || person.ClassificationTH != "ลับ" || person.DataCategory != opendata.CategoryPersonal {
		t.Errorf("person classification %q/%q category %q", person.Classification, person.ClassificationTH, person.DataCategory)
	}
	religion := person.DataDictionary[9]
	if religion.Name != "religion" || !religion.Sensitive || !religion.Personal {
		t.Errorf("religion field = %+v, want sensitive and personal", religion)
	}
	if !strings.Contains(person.AccessibleCondition, "IAL 2.3") || !strings.Contains(person.AccessibleCondition, "data-sharing grant") ||
		!strings.Contains(person.AccessibleCondition, "s.26") {
		t.Errorf("person access conditions lack assurance, grant or s.26:\n%s", person.AccessibleCondition)
	}
	if house := pkgs["dopa-house"]; house.Notes == "" || house.DataCollect != "บ้าน/ที่อยู่อาศัย" {
		t.Errorf("a dataset without a description got notes %q and data_collect %q", house.Notes, house.DataCollect)
	}
	if person.UpdateFrequencyUnit != opendata.FrequencyRealtime || person.AllowHarvest != "True" || person.DataLanguage[0] != "ไทย" {
		t.Errorf("person GD-Catalog fields = %+v", person.GDCatalog)
	}
}

func TestCatalogProviderNoDataResources(t *testing.T) {
	for name, p := range catalogPackages(t) {
		if len(p.Resources) != 1 {
			t.Errorf("%s has %d resources, want the one access resource", name, len(p.Resources))
			continue
		}
		r := p.Resources[0]
		if r.ResourceType != "api" && r.ResourceType != "documentation" {
			t.Errorf("%s resource type %q is neither api nor documentation", name, r.ResourceType)
		}
		if !strings.HasPrefix(r.URL, "https://127.0.0.1:8443/v1/datasets/") && !strings.HasPrefix(r.URL, "http://127.0.0.1:8080/api/3/action/") {
			t.Errorf("%s resource URL %q is not an absolute access URL", name, r.URL)
		}
	}
	if r := catalogPackages(t)["dopa-protected-person"].Resources[0]; r.ResourceType != "documentation" {
		t.Errorf("top-secret dataset offers a %q resource, want documentation only", r.ResourceType)
	}
}

func TestCatalogLicences(t *testing.T) {
	pkgs := catalogPackages(t)
	if l := pkgs["dla-licences"]; l.LicenseID != "Creative Commons Attributions" || !l.IsOpen || l.DataCategory != opendata.CategoryPublic {
		t.Errorf("licence dataset licence %q open %v category %q", l.LicenseID, l.IsOpen, l.DataCategory)
	}
	if p := pkgs["dopa-house"]; p.LicenseID != opendata.LicenseNotSpecified || p.IsOpen {
		t.Errorf("no-licence dataset licence %q open %v", p.LicenseID, p.IsOpen)
	}
}

func TestChoicesAreThaiGDCatalog(t *testing.T) {
	pkgs := catalogPackages(t)
	for name, p := range pkgs {
		checks := map[string][]string{"data_type": {p.DataType}, "update_frequency_unit": {p.UpdateFrequencyUnit},
			"geo_coverage": {p.GeoCoverage}, "data_category": {p.DataCategory}, "license_id": {p.LicenseID},
			"objective": p.Objective, "data_format": p.DataFormat, "data_language": p.DataLanguage, "allow_harvest": {p.AllowHarvest},
			"data_support": {p.DataSupport}, "data_collect": {p.DataCollect}}
		for field, values := range checks {
			for _, v := range values {
				if !contains(opendata.Choices[field], v) {
					t.Errorf("%s: %s = %q is not a GD-Catalog choice", name, field, v)
				}
			}
		}
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func TestTimeFormat(t *testing.T) {
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{"microseconds in UTC", time.Date(2026, 3, 1, 16, 4, 5, 123456789, time.FixedZone("ICT", 7*3600)), `"2026-03-01T09:04:05.123456"`},
		{"six digits even when short", time.Date(2026, 3, 1, 9, 4, 5, 1000, time.UTC), `"2026-03-01T09:04:05.000001"`},
		{"zero is null", time.Time{}, `null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v opendata.Time
			if !tt.in.IsZero() {
				v = opendata.At(tt.in)
			}
			b, err := json.Marshal(v)
			if err != nil || string(b) != tt.want {
				t.Fatalf("Marshal = %s, %v; want %s", b, err, tt.want)
			}
			var back opendata.Time
			if err := json.Unmarshal(b, &back); err != nil || back != v {
				t.Errorf("round trip = %v, %v; want %v", back, err, v)
			}
		})
	}
	if _, err := opendata.ParseTime("2026-03-01 09:04"); err == nil {
		t.Error("ParseTime accepted a malformed timestamp")
	}
}
