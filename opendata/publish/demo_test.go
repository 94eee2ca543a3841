package publish_test

import (
	"context"
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/publish"
	"github.com/gdx-exchange/gdx/opendata/publish/ckantest"
)

// demoCatalog is the demo catalog as opendata.CatalogReader.
type demoCatalog struct{}

func (demoCatalog) ListAgencies(context.Context) ([]catalog.Agency, error) {
	return demo.Agencies(), nil
}
func (demoCatalog) ListDatasets(context.Context, catalog.DatasetFilter) ([]catalog.Dataset, error) {
	return demo.Datasets(), nil
}

func demoPackages(t *testing.T) []opendata.Package {
	t.Helper()
	pkgs, err := opendata.CatalogProvider(demoCatalog{}, opendata.CatalogConfig{WebURL: "http://127.0.0.1:8080",
		APIURL: "https://127.0.0.1:8443"}).Packages(context.Background())
	if err != nil || len(pkgs) == 0 {
		t.Fatalf("demo packages: %v (%d)", err, len(pkgs))
	}
	return pkgs
}

// TestPublishTheDemoCatalog publishes the packages the real catalog
// provider makes of the demo catalog. A stock CKAN takes them all and a
// second run is silent. Under thai_gdc's schema every package either
// lands or is refused with CKAN's field messages, the run goes through
// all of them, and a second run tries again only the refused ones.
func TestPublishTheDemoCatalog(t *testing.T) {
	pkgs := demoPackages(t)
	t.Run("stock CKAN", func(t *testing.T) {
		srv := ckantest.New(t, token)
		srv.SetSchema(ckantest.Core)
		c := newClient(t, srv, token)
		if r := publishAll(t, c, pkgs, publish.Options{}); len(r.Packages.Created) != len(pkgs) || r.Err() != nil {
			t.Fatalf("report = %+v", r)
		}
		srv.ResetCalls()
		if r := publishAll(t, c, pkgs, publish.Options{}); r.Changed() || srv.Writes() != 0 {
			t.Errorf("second run wrote %v", actions(writes(srv.Calls())))
		}
	})
	t.Run("thai_gdc", func(t *testing.T) {
		srv := ckantest.New(t, token)
		c := newClient(t, srv, token)
		r := publishAll(t, c, pkgs, publish.Options{})
		if len(r.Packages.Created)+len(r.Packages.Failed) != len(pkgs) {
			t.Fatalf("packages = %+v", r.Packages)
		}
		for _, f := range r.Failures {
			if f.Status != 409 || len(f.Fields) == 0 {
				t.Errorf("failure without CKAN's field messages: %+v", f)
			}
			t.Logf("refused %s: %s", f.Name, (&publish.APIError{Fields: f.Fields}).FieldSummary())
		}
		srv.ResetCalls()
		publishAll(t, c, pkgs, publish.Options{})
		if got := len(writes(srv.Calls())); got != len(r.Packages.Failed) {
			t.Errorf("second run made %d writes, want one retry per refused package (%d)", got, len(r.Packages.Failed))
		}
	})
}
