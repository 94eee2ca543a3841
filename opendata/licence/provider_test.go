package licence_test

import (
	"context"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/publish"
	"github.com/gdx-exchange/gdx/opendata/publish/ckantest"
)

type agencies []catalog.Agency

func (a agencies) ListAgencies(context.Context) ([]catalog.Agency, error) { return a, nil }

// TestProviderPublishesEachIssuersDatabase checks the packages of the
// licence databases: one per issuer, every format, the CSV resource on the
// DataStore, and accepted as they are by a portal running thai_gdc's
// schema (the strict imitation in publish/ckantest).
func TestProviderPublishesEachIssuersDatabase(t *testing.T) {
	s := openStore(t, "sqlite")
	if _, err := licence.SeedDemoWith(ctx, s, licence.DemoConfig{Count: 2000}); err != nil {
		t.Fatal(err)
	}
	p := licence.Provider{Store: s, WebURL: "http://127.0.0.1:8080/",
		Agencies: agencies{{Code: "DLA", NameTH: "กรมส่งเสริมการปกครองท้องถิ่น", NameEN: "Department of Local Administration"}}}
	pkgs, err := p.Packages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	issuers, _ := s.Issuers(ctx)
	if len(pkgs) != len(issuers) || len(pkgs) < 2 {
		t.Fatalf("%d packages for %d issuers", len(pkgs), len(issuers))
	}
	dla := pkgs[0]
	for _, pk := range pkgs {
		if pk.Name == "dla-licences" {
			dla = pk
		}
		if err := pk.Validate(); err != nil {
			t.Errorf("%s: %v", pk.Name, err)
		}
	}
	if dla.Name != "dla-licences" || !strings.Contains(dla.Title, "กรมส่งเสริมการปกครองท้องถิ่น") || len(dla.Resources) != 4 {
		t.Fatalf("DLA's package: %s %q with %d resources", dla.Name, dla.Title, len(dla.Resources))
	}
	csv := dla.Resources[0]
	if csv.ID != opendata.TableResourceID("dla-licences", licence.TableName) || !csv.DatastoreActive ||
		csv.URL != "http://127.0.0.1:8080/download/dla-licences/licences.csv" {
		t.Errorf("CSV resource %+v", csv)
	}
	if csv.Rows == nil || *csv.Rows == 0 || csv.Schema == nil || len(csv.Schema.Fields) != len(licence.TableSchema) ||
		csv.Schema.Fields[14].Type != "date" {
		t.Errorf("the CSV resource does not publish its row count and schema: rows %v, schema %+v", csv.Rows, csv.Schema)
	}
	srv := ckantest.New(t, "tok")
	c, err := publish.NewClient(publish.ClientConfig{URL: srv.URL, Token: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := publish.Publish(ctx, c, pkgs, publish.Options{}, nil)
	if err != nil || rep.Err() != nil {
		t.Fatalf("a thai_gdc portal refused the licence packages: %v %+v", err, rep.Failures)
	}
}
