package publish_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/publish"
	"github.com/gdx-exchange/gdx/opendata/publish/ckantest"
)

const token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.test-token"

// newClient returns a client for srv that retries without waiting.
func newClient(t *testing.T, srv *ckantest.Server, tok string) *publish.Client {
	t.Helper()
	c, err := publish.NewClient(publish.ClientConfig{URL: srv.URL, Token: tok, Timeout: 5 * time.Second,
		Retry: publish.Retry{Sleep: func(context.Context, time.Duration) error { return nil }}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func agency(code, title string) *opendata.Organization {
	return opendata.NewOrganization(opendata.StableID("organization", code), strings.ToLower(code), title, code+" of Thailand")
}

func resource(pkg, name, format, url string) opendata.Resource {
	return opendata.Resource{ID: opendata.StableID("resource", pkg+":"+name), Name: name, Format: format,
		URL: url, Description: "ข้อมูล " + name, Mimetype: "text/csv", ResourceType: "file"}
}

func pkg(name, title string, org *opendata.Organization, res ...opendata.Resource) opendata.Package {
	p := opendata.Package{
		ID: opendata.StableID("package", name), Name: name, Title: title,
		Notes: "ฐานข้อมูล " + title, Maintainer: org.Title, MaintainerEmail: "opendata@" + org.Name + ".go.th", OwnerOrg: org.ID, Organization: org,
		Tags:      []opendata.Tag{opendata.NewTag("ใบอนุญาต"), opendata.NewTag("licence")},
		Extras:    []opendata.Extra{{Key: "gdx_dataset_id", Value: name}, {Key: "classification", Value: "public"}},
		Resources: res,
		GDCatalog: opendata.GDCatalog{DataType: opendata.DataTypeRecord, Objective: []string{"พันธกิจหน่วยงาน", "กฎหมายที่เกี่ยวข้อง"},
			UpdateFrequencyUnit: opendata.FrequencyDay, UpdateFrequencyInterval: "1", GeoCoverage: opendata.GeoCountry,
			DataSource: org.Title, DataFormat: []string{opendata.FormatJSON, opendata.FormatCSV},
			DataCategory: opendata.CategoryPublic, DataLanguage: []string{"ไทย"}, AllowHarvest: "True"},
	}
	p.SetLicense("cc-by")
	p.Normalize()
	return p
}

// fixture is three packages of two agencies, one with two resources.
func fixture() []opendata.Package {
	dla, dbd := agency("DLA", "กรมส่งเสริมการปกครองท้องถิ่น"), agency("DBD", "กรมพัฒนาธุรกิจการค้า")
	return []opendata.Package{
		pkg("dla-food-licences", "ใบอนุญาตจำหน่ายอาหาร", dla,
			resource("dla-food-licences", "licences.csv", "CSV", "https://gdx.example/download/dla-food.csv"),
			resource("dla-food-licences", "licences.json", "JSON", "https://gdx.example/download/dla-food.json")),
		pkg("dla-building-permits", "ใบอนุญาตก่อสร้างอาคาร", dla,
			resource("dla-building-permits", "permits.csv", "CSV", "https://gdx.example/download/dla-building.csv")),
		pkg("dbd-factory-licences", "ใบอนุญาตประกอบกิจการโรงงาน", dbd,
			resource("dbd-factory-licences", "factories.csv", "CSV", "https://gdx.example/download/dbd-factory.csv")),
	}
}

func names(pkgs []opendata.Package) []string {
	var out []string
	for _, p := range pkgs {
		out = append(out, p.Name)
	}
	return out
}

// assertRemoteHolds checks that the remote holds exactly pkgs, field by
// owned field, each under the organisation named by orgOf.
func assertRemoteHolds(t *testing.T, srv *ckantest.Server, pkgs []opendata.Package, orgOf func(opendata.Package) string) {
	t.Helper()
	remote := srv.Packages()
	var got []string
	byName := map[string]map[string]any{}
	for _, r := range remote {
		got = append(got, r["name"].(string))
		byName[r["name"].(string)] = r
	}
	want := names(pkgs)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Fatalf("remote holds %v, want %v", got, want)
	}
	for _, p := range pkgs {
		r := byName[p.Name]
		check := func(field string, want, got any) {
			if fmt.Sprint(want) != fmt.Sprint(got) {
				t.Errorf("%s: %s = %v, want %v", p.Name, field, got, want)
			}
		}
		check("title", p.Title, r["title"])
		check("notes", p.Notes, r["notes"])
		check("license_id", p.LicenseID, r["license_id"])
		check("organization", orgOf(p), r["organization"].(map[string]any)["name"])
		check("data_type", p.DataType, r["data_type"])
		check("data_format", sorted(p.DataFormat), sorted(toStrings(r["data_format"])))
		check("objective", sorted(p.Objective), sorted(toStrings(r["objective"])))
		check("tags", sorted(tagNames(p.Tags)), sorted(pluck(r["tags"], "name")))
		check("extras", extrasOf(p.Extras), extrasOfRemote(r["extras"]))
		res := r["resources"].([]map[string]any)
		if len(res) != len(p.Resources) {
			t.Fatalf("%s: remote has %d resources, want %d", p.Name, len(res), len(p.Resources))
		}
		for i, want := range p.Resources {
			check("resource id", want.ID, res[i]["id"])
			check("resource url", want.URL, res[i]["url"])
			check("resource name", want.Name, res[i]["name"])
			check("resource format", want.Format, res[i]["format"])
			check("resource description", want.Description, res[i]["description"])
		}
	}
}

func sorted(xs []string) []string {
	out := append([]string(nil), xs...)
	sort.Strings(out)
	return out
}

func toStrings(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	}
	return nil
}

func tagNames(tags []opendata.Tag) []string {
	var out []string
	for _, t := range tags {
		out = append(out, t.Name)
	}
	return out
}

func pluck(v any, key string) []string {
	var out []string
	for _, m := range v.([]map[string]any) {
		out = append(out, fmt.Sprint(m[key]))
	}
	return out
}

func extrasOf(ex []opendata.Extra) []string {
	var out []string
	for _, e := range ex {
		out = append(out, e.Key+"="+e.Value)
	}
	return sorted(out)
}

func extrasOfRemote(v any) []string {
	var out []string
	for _, m := range v.([]map[string]any) {
		out = append(out, fmt.Sprint(m["key"])+"="+fmt.Sprint(m["value"]))
	}
	return sorted(out)
}

// actions lists the actions of calls, in order.
func actions(calls []ckantest.Call) []string {
	var out []string
	for _, c := range calls {
		out = append(out, c.Action)
	}
	return out
}

func writes(calls []ckantest.Call) []ckantest.Call {
	var out []ckantest.Call
	for _, c := range calls {
		if c.Write {
			out = append(out, c)
		}
	}
	return out
}

func publishAll(t *testing.T, c publish.Caller, pkgs []opendata.Package, opts publish.Options) *publish.Report {
	t.Helper()
	r, err := publish.Publish(context.Background(), c, pkgs, opts, nil)
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	return r
}

func byAgency(p opendata.Package) string { return p.Organization.Name }
