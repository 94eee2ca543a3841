package datastore_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenCases are answers checked byte for byte (after indenting)
// against testdata/NAME.golden, the same file on both engines. In paths,
// {dla}, {bma}, {volume}, {reason} and {latency} stand for resource ids;
// query values are escaped by the harness.
var goldenCases = []struct {
	name, method, path, ctype, body string
}{
	{"search_default", "GET", "/api/3/action/datastore_search?resource_id={dla}&limit=3", "", ""},
	{"search_post_filters", "POST", "/api/3/action/datastore_search", "application/json",
		`{"resource_id": "{dla}", "filters": {"province": "ขอนแก่น", "status": ["active", "suspended"]}, "fields": ["_id", "licence_number", "province", "status"]}`},
	{"search_q_thai", "GET", "/api/action/datastore_search?resource_id={dla}&q=ทดสอบ 1&fields=licence_number,business_name&limit=4", "", ""},
	{"search_q_english", "GET", "/api/3/action/datastore_search?resource_id={dla}&q=riverside HOTEL", "", ""},
	{"search_q_object", "GET", `/api/3/action/datastore_search?resource_id={dla}&q={"district":"ขอนแก่น"}&fields=licence_number,district&limit=2`, "", ""},
	{"search_sort_paging", "GET", "/api/3/action/datastore_search?resource_id={dla}&sort=province asc, licence_number desc&fields=licence_number,province&limit=3&offset=6", "", ""},
	{"search_sort_nulls", "GET", "/api/3/action/datastore_search?resource_id={dla}&sort=latitude desc nulls last, _id&fields=_id,latitude,expires_on&limit=6", "", ""},
	{"search_no_total", "GET", "/api/3/action/datastore_search?resource_id={bma}&include_total=false", "", ""},
	{"search_lists", "GET", "/api/3/action/datastore_search?resource_id={dla}&records_format=lists&fields=licence_number,licensee_withheld,latitude&limit=5", "", ""},
	{"search_csv", "GET", "/api/3/action/datastore_search?resource_id={dla}&records_format=csv&limit=5", "", ""},
	{"search_tsv", "POST", "/api/3/action/datastore_search", "application/json",
		`{"id": "{dla}", "records_format": "tsv", "fields": "licence_number,office,issued_on", "limit": 2, "offset": 20}`},
	{"search_distinct", "GET", "/api/3/action/datastore_search?resource_id={dla}&fields=province,status&distinct=true&sort=province desc", "", ""},
	{"search_limit_capped", "GET", "/api/3/action/datastore_search?resource_id={bma}&limit=1000000&fields=licence_number", "", ""},
	{"search_form", "POST", "/api/3/action/datastore_search", "application/x-www-form-urlencoded",
		"resource_id={bma}&limit=0"},
	{"search_stats_volume", "GET", "/api/3/action/datastore_search?resource_id={volume}&filters={\"owner_agency\":\"DOPA\"}", "", ""},
	{"search_stats_reason", "GET", "/api/3/action/datastore_search?resource_id={reason}&sort=count desc", "", ""},
	{"search_stats_latency", "GET", "/api/3/action/datastore_search?resource_id={latency}", "", ""},
	{"info_licences", "GET", "/api/3/action/datastore_info?id={dla}", "", ""},
	{"info_latency", "POST", "/api/action/datastore_info", "application/json", `{"resource_id": "{latency}"}`},

	{"error_not_found", "GET", "/api/3/action/datastore_search?resource_id=no-such-resource", "", ""},
	{"error_info_not_found", "GET", "/api/3/action/datastore_info?id=no-such-resource", "", ""},
	{"error_missing_resource_id", "GET", "/api/3/action/datastore_search?limit=5", "", ""},
	{"error_info_missing_id", "GET", "/api/3/action/datastore_info", "", ""},
	{"error_filter_field", "GET", `/api/3/action/datastore_search?resource_id={dla}&filters={"person_name":"x"}`, "", ""},
	{"error_filter_json", "GET", `/api/3/action/datastore_search?resource_id={dla}&filters={"province":`, "", ""},
	{"error_filter_type", "GET", `/api/3/action/datastore_search?resource_id={dla}&filters={"latitude":"north"}`, "", ""},
	{"error_filters_not_object", "POST", "/api/3/action/datastore_search", "application/json", `{"resource_id": "{dla}", "filters": ["province"]}`},
	{"error_q_field", "GET", `/api/3/action/datastore_search?resource_id={dla}&q={"citizen_id":"3"}`, "", ""},
	{"error_sort_field", "GET", "/api/3/action/datastore_search?resource_id={dla}&sort=province, person_name desc", "", ""},
	{"error_fields_field", "GET", "/api/3/action/datastore_search?resource_id={dla}&fields=licence_number,citizen_id", "", ""},
	{"error_offset_negative", "GET", "/api/3/action/datastore_search?resource_id={dla}&offset=-5", "", ""},
	{"error_schema", "GET", "/api/3/action/datastore_search?resource_id={dla}&limit=ten&offset=1.5&records_format=xml", "", ""},
	{"error_limit_negative", "GET", "/api/3/action/datastore_search?resource_id={dla}&limit=-1", "", ""},
	{"error_junk", "GET", "/api/3/action/datastore_search?resource_id={dla}&rows=5&start=0", "", ""},
	{"error_distinct_sort", "GET", "/api/3/action/datastore_search?resource_id={dla}&fields=province&distinct=true&sort=status", "", ""},
	{"error_json_body", "POST", "/api/3/action/datastore_search", "application/json", `{"resource_id": `},
}

var ids = strings.NewReplacer("{dla}", dlaID, "{bma}", bmaID, "{volume}", volumeID, "{reason}", reasonID, "{latency}", latencyID)

func TestGolden(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine)
		f.seed(t)
		for _, tc := range goldenCases {
			t.Run(tc.name, func(t *testing.T) {
				status, body := f.do(t, tc.method, escapeQuery(ids.Replace(tc.path)), tc.ctype, ids.Replace(tc.body))
				checkGolden(t, tc.name, fmt.Sprintf("%d\n%s\n", status, indent(t, body)))
			})
		}
	})
}

// escapeQuery escapes the values of a readable query string.
func escapeQuery(target string) string {
	path, query, ok := strings.Cut(target, "?")
	if !ok {
		return target
	}
	parts := strings.Split(query, "&")
	for i, p := range parts {
		k, v, _ := strings.Cut(p, "=")
		parts[i] = k + "=" + url.QueryEscape(v)
	}
	return path + "?" + strings.Join(parts, "&")
}

func indent(t *testing.T, body string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(body), "", "  "); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, body)
	}
	return b.String()
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n%s", name, path, got)
	}
}
