package dcatfeed_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/goldentest"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/opendata/dcat"
)

var syntaxes = []struct {
	ext, accept, contentType string
}{
	{"ttl", "text/turtle", "text/turtle; charset=utf-8"},
	{"rdf", "application/rdf+xml", "application/rdf+xml"},
	{"jsonld", "application/ld+json", "application/ld+json"},
}

func TestCatalogSatisfiesDCATAPShapes(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, 0, 0)
	for _, s := range syntaxes {
		t.Run("catalog."+s.ext, func(t *testing.T) {
			r := f.mustGet(t, "/catalog", "Accept", s.accept)
			if got := r.Header.Get("Content-Type"); got != s.contentType {
				t.Errorf("Content-Type = %q, want %q", got, s.contentType)
			}
			validate(t, s.ext, r.Body, 300)
		})
	}
	f.clock.advance(time.Hour)
	t.Run("empty page", func(t *testing.T) {
		validate(t, "ttl", f.mustGet(t, "/catalog.ttl?modified_since="+f.clock.now().Format(time.RFC3339)).Body, 20)
	})
	for _, path := range []string{"/dataset/dla-open-licences.ttl", "/dataset/dla-open-licences.rdf", "/dataset/dopa-person.jsonld", "/dataset/dopa-protected-person.ttl"} {
		t.Run(path, func(t *testing.T) {
			validate(t, path[strings.LastIndexByte(path, '.')+1:], f.mustGet(t, path).Body, 25)
		})
	}
}

func TestDatasetGolden(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, 0, 0)
	goldentest.Check(t, "dla-open-licences.ttl", string(f.mustGet(t, "/dataset/dla-open-licences.ttl").Body))
}

// datasetByName finds a dataset of the document by its landing page.
func datasetByName(t testing.TB, d doc, name string) string {
	t.Helper()
	for _, ds := range d.ofType(dcatNS + "Dataset") {
		if d.one(t, ds, dcatNS+"landingPage") == siteURL+"/dataset/"+name {
			return ds
		}
	}
	t.Fatalf("no dataset with landing page %s/dataset/%s", siteURL, name)
	return ""
}

func TestOpenPackageMapping(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, 0, 0)
	d := parseJSONLD(t, f.mustGet(t, "/catalog.jsonld").Body)
	ds := datasetByName(t, d, "dla-open-licences")
	want := map[string]string{
		dctNS + "accessRights":       dcat.AccessPublic,
		dctNS + "accrualPeriodicity": "http://publications.europa.eu/resource/authority/frequency/DAILY",
		dctNS + "spatial":            dcat.CountryTH,
		dcatNS + "theme":             "http://publications.europa.eu/resource/authority/data-theme/GOVE",
		dctNS + "publisher":          siteURL + "/organization/dla",
		dctNS + "identifier":         openPackage().ID,
	}
	for p, v := range want {
		if got := d.one(t, ds, p); got != v {
			t.Errorf("%s = %q, want %q", p, got, v)
		}
	}
	if langs := d.refs(ds, dctNS+"language"); strings.Join(langs, " ") != dcat.LanguageTH+" "+dcat.LanguageEN {
		t.Errorf("languages = %v, want Thai and English", langs)
	}
	contact := d.one(t, ds, dcatNS+"contactPoint")
	if got := d.one(t, contact, "http://www.w3.org/2006/vcard/ns#hasEmail"); got != "mailto:opendata@dla.go.th" {
		t.Errorf("contact email = %q", got)
	}
	if got := d.one(t, d.one(t, ds, dctNS+"temporal"), dcatNS+"startDate"); got != "2020-01-01" {
		t.Errorf("temporal start = %q", got)
	}
	dists := d.refs(ds, dcatNS+"distribution")
	if len(dists) != 4 {
		t.Fatalf("%d distributions, want CSV, JSON, Parquet and Arrow", len(dists))
	}
	formats := map[string]string{"csv": "CSV", "json": "JSON", "parquet": "PARQUET", "arrow": ""}
	media := map[string]string{"csv": "text/csv", "json": "application/json", "parquet": "application/vnd.apache.parquet", "arrow": "application/vnd.apache.arrow.file"}
	for i, dist := range dists {
		res := openPackage().Resources[i]
		ext := res.URL[strings.LastIndexByte(res.URL, '.')+1:]
		checks := map[string]string{
			dcatNS + "downloadURL": res.URL,
			dcatNS + "accessURL":   siteURL + "/dataset/dla-open-licences/resource/" + res.ID,
			dcatNS + "mediaType":   dcat.IANAMediaType + media[ext],
			dcatNS + "byteSize":    "1234567",
			dctNS + "license":      "https://creativecommons.org/licenses/by/4.0/",
		}
		if formats[ext] != "" {
			checks[dctNS+"format"] = dcat.FileType + formats[ext]
		} else {
			checks[dctNS+"format"] = ""
		}
		for p, v := range checks {
			if got := d.one(t, dist, p); got != v {
				t.Errorf("%s distribution: %s = %q, want %q", ext, p, got, v)
			}
		}
	}
}

func TestNonPublicPackagesOfferNoDownload(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, 0, 0)
	d := parseJSONLD(t, f.mustGet(t, "/catalog.jsonld").Body)
	for name, rights := range map[string]string{"dopa-person": dcat.AccessRestrict, "dopa-protected-person": dcat.AccessNone, "dla-open-licences": dcat.AccessPublic} {
		ds := datasetByName(t, d, name)
		if got := d.one(t, ds, dctNS+"accessRights"); got != rights {
			t.Errorf("%s access rights = %q, want %q", name, got, rights)
		}
		for _, dist := range d.refs(ds, dcatNS+"distribution") {
			if d.one(t, dist, dcatNS+"accessURL") == "" {
				t.Errorf("%s distribution %s has no access URL", name, dist)
			}
			if rights != dcat.AccessPublic && d.one(t, dist, dcatNS+"downloadURL") != "" {
				t.Errorf("%s (%s) offers a download URL", name, rights)
			}
		}
	}
	person := datasetByName(t, d, "dopa-person")
	dist := d.refs(person, dcatNS+"distribution")
	if len(dist) != 1 || !strings.HasPrefix(d.one(t, dist[0], dcatNS+"accessURL"), "https://api.gdx.test/v1/datasets/") {
		t.Errorf("dopa-person distributions %v: want the agency API as access URL", dist)
	}
	if got := d.one(t, person, dctNS+"accrualPeriodicity"); got != "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT" {
		t.Errorf("a real-time dataset's frequency = %q", got)
	}
}

func TestNegotiation(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, 0, 0)
	tests := []struct{ accept, want string }{
		{"", "text/turtle; charset=utf-8"},
		{"text/html,application/xhtml+xml", "text/turtle; charset=utf-8"},
		{"application/ld+json", "application/ld+json"},
		{"application/json", "application/ld+json"},
		{"application/rdf+xml;q=0.9, text/turtle;q=0.5", "application/rdf+xml"},
		{"text/turtle, application/ld+json;q=0.8", "text/turtle; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.accept, func(t *testing.T) {
			r := f.mustGet(t, "/catalog", "Accept", tt.accept)
			if got := r.Header.Get("Content-Type"); got != tt.want {
				t.Errorf("Content-Type = %q, want %q", got, tt.want)
			}
			if r.Header.Get("Vary") != "Accept" {
				t.Errorf("Vary = %q, want Accept", r.Header.Get("Vary"))
			}
		})
	}
	for _, s := range syntaxes {
		for _, path := range []string{"/catalog." + s.ext, "/dataset/dla-open-licences." + s.ext} {
			if got := f.mustGet(t, path, "Accept", "text/turtle").Header.Get("Content-Type"); got != s.contentType {
				t.Errorf("%s: Content-Type = %q, want %q whatever the Accept", path, got, s.contentType)
			}
		}
	}
}

func TestDatasetNotFound(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, 2, 0)
	f.open.pkgs = f.open.pkgs[:2] // stats-001 is deleted
	f.sync(t)
	for _, path := range []string{"/dataset/no-such-dataset.ttl", "/dataset/stats-001.jsonld", "/dataset/dla-open-licences.xml", "/dataset/dla-open-licences"} {
		r := f.get(t, path)
		if r.Status != http.StatusNotFound || r.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("GET %s: %d %s %s, want a 404 problem", path, r.Status, r.Header.Get("Content-Type"), r.Body)
		}
	}
	if r := f.get(t, "/dataset/stats-000.ttl"); r.Status != http.StatusOK {
		t.Errorf("the package kept is %d", r.Status)
	}
	d := parseJSONLD(t, f.mustGet(t, "/catalog.jsonld").Body)
	for _, ds := range d.ofType(dcatNS + "Dataset") {
		if strings.HasSuffix(d.one(t, ds, dcatNS+"landingPage"), "/stats-001") {
			t.Error("the catalog lists a deleted package")
		}
	}
}
