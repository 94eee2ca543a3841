package ckan_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenCases are wire-format answers checked byte for byte (after
// indenting) against testdata/NAME.golden on both engines.
var goldenCases = []struct {
	name, method, path, ctype, body string
}{
	{"package_show", "GET", "/api/3/action/package_show?id=dopa-person", "", ""},
	{"package_show_public", "GET", "/api/3/action/package_show?id=dla-licences", "", ""},
	{"package_show_by_id_stats", "GET", "/api/action/package_show?id=gdx-denials", "", ""},
	{"package_search_facets", "GET", `/api/3/action/package_search?q=ทะเบียน&facet.field=["organization","tags","res_format","license_id","data_category"]&rows=2`, "", ""},
	{"package_search_fq_fl", "GET", `/api/3/action/package_search?fq=organization:dopa&fl=id,name,metadata_modified&sort=name asc`, "", ""},
	{"package_search_rows0", "POST", "/api/3/action/package_search", "application/json", `{"rows": 0, "facet.field": ["groups"]}`},
	{"resource_show", "GET", "/api/3/action/resource_show?id={resource}", "", ""},
	{"organization_show", "GET", "/api/3/action/organization_show?id=dopa", "", ""},
	{"organization_list_all_fields", "GET", "/api/3/action/organization_list?all_fields=true&sort=package_count desc", "", ""},
	{"group_list", "GET", "/api/3/action/group_list", "", ""},
	{"tag_list", "GET", "/api/3/action/tag_list", "", ""},
	{"license_list", "GET", "/api/3/action/license_list", "", ""},
	{"status_show", "GET", "/api/3/action/status_show", "", ""},
	{"help_show", "GET", "/api/3/action/help_show?name=package_list", "", ""},
	{"jsonp", "GET", "/api/3/action/site_read?callback=cb", "", ""},

	{"error_unknown_action", "GET", "/api/3/action/package_create", "", ""},
	{"error_not_found", "GET", "/api/3/action/package_show?id=no-such-dataset", "", ""},
	{"error_missing_id", "GET", "/api/3/action/package_show", "", ""},
	{"error_validation_fields", "GET", `/api/3/action/package_search?rows=ten&start=-1&facet.field=tags`, "", ""},
	{"error_sort_field", "GET", "/api/3/action/organization_list?sort=created asc", "", ""},
	{"error_search_query_param", "GET", "/api/3/action/package_search?q=x&rowz=5&callbak=x", "", ""},
	{"error_search_query_syntax", "GET", `/api/3/action/package_search?fq=metadata_modified:[2026 TO`, "", ""},
	{"error_help_unknown", "GET", "/api/3/action/help_show?name=package_create", "", ""},
	{"error_json_body", "POST", "/api/3/action/package_show", "application/json", `{"id": `},
	{"error_json_not_object", "POST", "/api/3/action/package_show", "application/json", `["dopa-person"]`},
}

// resourceID is the access resource of dopa.person (a stable id).
var resourceID = opendata.StableID("resource", opendata.CatalogSource+":dopa.person")

func TestGolden(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine)
		for _, tc := range goldenCases {
			t.Run(tc.name, func(t *testing.T) {
				u := f.srv.URL + strings.NewReplacer(" ", "%20", "{resource}", resourceID).Replace(tc.path)
				r := do(t, tc.method, u, tc.ctype, strings.NewReader(tc.body))
				got := render(t, r)
				path := filepath.Join("testdata", tc.name+".golden")
				if *update && engine == sqldbtest.Engines[0] {
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("answer differs from %s:\n%s", path, got)
				}
			})
		}
	})
}

// render is the golden form: status, content type, then the body with
// its JSON indented (keys keep their order).
func render(t testing.TB, r response) []byte {
	t.Helper()
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d %s\n%s\n", r.Status, http.StatusText(r.Status), r.Type)
	var ind bytes.Buffer
	if err := json.Indent(&ind, r.Body, "", "  "); err != nil {
		b.Write(r.Body) // JSONP
	} else {
		b.Write(ind.Bytes())
	}
	b.WriteByte('\n')
	return b.Bytes()
}
