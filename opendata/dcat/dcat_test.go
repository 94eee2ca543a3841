package dcat_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/foreigntest"
	"github.com/gdx-exchange/gdx/opendata/dcat"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const base = "http://127.0.0.1:8080"

var modified = time.Date(2026, 11, 30, 8, 15, 0, 0, time.UTC)

func dla() dcat.Agent {
	return dcat.Agent{IRI: base + "/organization/dla", Name: dcat.Text{"th": "กรมส่งเสริมการปกครองท้องถิ่น", "en": "Department of Local Administration"}, Type: dcat.PublisherNational}
}

func sampleCatalog() dcat.Catalog {
	licences := dcat.Dataset{
		IRI: base + "/dataset/dla-licences", Identifier: "dla-licences",
		Title:       dcat.Text{"th": "ฐานข้อมูลใบอนุญาต กรมส่งเสริมการปกครองท้องถิ่น", "en": "DLA licence database"},
		Description: dcat.Text{"th": "ใบอนุญาตที่ผู้รับใบอนุญาตต้องแสดง \"ณ สถานประกอบการ\"", "en": "Licences that licensees must display.\nUpdated daily."},
		Keywords:    []dcat.Text{{"th": "ใบอนุญาต"}, {"en": "licence"}},
		Themes:      []dcat.Concept{dcat.ThemeGovernment},
		Publisher:   dla(), Contact: dcat.Contact{Name: "DLA open data", Email: "opendata@dla.go.th"},
		LandingPage: base + "/dataset/dla-licences", AccessRights: dcat.AccessPublic,
		Issued: modified.AddDate(-1, 0, 0), Modified: modified,
		Spatial:   []string{dcat.CountryTH},
		Temporal:  &dcat.Period{Start: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		Frequency: "http://publications.europa.eu/resource/authority/frequency/DAILY",
		Languages: []string{dcat.LanguageTH},
	}
	for _, f := range []struct{ ext, media, code string }{{"csv", "text/csv", "CSV"}, {"json", "application/json", "JSON"}, {"parquet", "application/vnd.apache.parquet", "PARQUET"}, {"arrow", "application/vnd.apache.arrow.file", "ARROW"}} {
		licences.Distributions = append(licences.Distributions, dcat.Distribution{
			IRI: base + "/dataset/dla-licences/resource/licences-" + f.ext, Title: dcat.Text{"en": "Licences (" + f.code + ")"},
			AccessURL: base + "/dataset/dla-licences", DownloadURL: base + "/download/dla-licences/licences." + f.ext,
			MediaType: f.media, Format: f.code, License: "http://opendefinition.org/licenses/odc-by/", ByteSize: 123456, Modified: modified, Rows: 2000,
		})
	}
	closed := dcat.Dataset{
		IRI: base + "/dataset/dopa-person", Identifier: "dopa.person",
		Title:        dcat.Text{"th": "ทะเบียนราษฎร", "en": "Civil registry: persons"},
		Description:  dcat.Text{"en": "Confidential. Metadata only: agencies request access through a data-sharing grant."},
		Publisher:    dcat.Agent{IRI: base + "/organization/dopa", Name: dcat.Text{"en": "Department of Provincial Administration"}},
		AccessRights: dcat.AccessNone, Modified: modified,
	}
	return dcat.Catalog{
		IRI: base + "/catalog", Title: dcat.Text{"th": "แคตตาล็อกข้อมูล gdx", "en": "gdx data catalog"},
		Description: dcat.Text{"en": "Open data and the metadata catalog of the government data exchange."},
		Publisher:   dla(), Homepage: base + "/", Languages: []string{dcat.LanguageTH, dcat.LanguageEN},
		License: "http://opendefinition.org/licenses/odc-by/", Modified: modified,
		Datasets: []dcat.Dataset{licences, closed},
		Page: &dcat.Page{URL: base + "/catalog.ttl?page=1", First: base + "/catalog.ttl?page=1", Next: base + "/catalog.ttl?page=2",
			Last: base + "/catalog.ttl?page=2", TotalItems: 3, ItemsPerPage: 2},
	}
}

func TestCatalogSatisfiesDCATAPShapes(t *testing.T) {
	for _, s := range []dcat.Syntax{dcat.Turtle, dcat.RDFXML, dcat.JSONLD} {
		t.Run(string(s), func(t *testing.T) {
			var buf bytes.Buffer
			if err := dcat.WriteCatalog(&buf, s, sampleCatalog()); err != nil {
				t.Fatal(err)
			}
			golden(t, "catalog."+string(s), buf.Bytes())
			path := filepath.Join(t.TempDir(), "catalog."+string(s))
			os.WriteFile(path, buf.Bytes(), 0o600)
			rep := foreigntest.ValidateSHACL(t, foreigntest.DCATAPShapes(), path)
			for _, v := range rep.Violations() {
				t.Errorf("violation: %s %s: %s (%s)", v.Focus, v.Path, v.Message, v.Shape)
			}
			if rep.Triples < 80 {
				t.Errorf("the validator read only %d triples: the syntax was not understood", rep.Triples)
			}
		})
	}
}

func TestDatasetAlone(t *testing.T) {
	var buf bytes.Buffer
	if err := dcat.WriteDataset(&buf, dcat.Turtle, sampleCatalog().Datasets[0]); err != nil {
		t.Fatal(err)
	}
	golden(t, "dataset.ttl", buf.Bytes())
	path := filepath.Join(t.TempDir(), "dataset.ttl")
	os.WriteFile(path, buf.Bytes(), 0o600)
	for _, v := range foreigntest.ValidateSHACL(t, foreigntest.DCATAPShapes(), path).Violations() {
		t.Errorf("violation: %s %s: %s", v.Focus, v.Path, v.Message)
	}
}

func TestSyntaxesAreWellFormed(t *testing.T) {
	var buf bytes.Buffer
	dcat.WriteCatalog(&buf, dcat.RDFXML, sampleCatalog())
	dec := xml.NewDecoder(&buf)
	for {
		if _, err := dec.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("RDF/XML is not XML: %v", err)
			}
			break
		}
	}
	buf.Reset()
	dcat.WriteCatalog(&buf, dcat.JSONLD, sampleCatalog())
	var doc map[string][]map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil || len(doc["@graph"]) < 10 {
		t.Fatalf("JSON-LD: %v, %d nodes", err, len(doc["@graph"]))
	}
	buf.Reset()
	dcat.WriteCatalog(&buf, dcat.Turtle, sampleCatalog())
	if !strings.Contains(buf.String(), `"ใบอนุญาตที่ผู้รับใบอนุญาตต้องแสดง \"ณ สถานประกอบการ\""@th`) {
		t.Errorf("Turtle lost the Thai description or its escaping:\n%s", buf.String())
	}
}

func TestNegotiate(t *testing.T) {
	cases := map[string]dcat.Syntax{
		"":                    dcat.Turtle,
		"text/html":           dcat.Turtle,
		"application/ld+json": dcat.JSONLD,
		"application/json":    dcat.JSONLD,
		"application/rdf+xml;q=0.9, text/turtle;q=0.5": dcat.RDFXML,
		"text/turtle, application/ld+json;q=0.8":       dcat.Turtle,
	}
	for accept, want := range cases {
		if got := dcat.Negotiate(accept); got != want {
			t.Errorf("Negotiate(%q) = %s, want %s", accept, got, want)
		}
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff", name)
	}
}
