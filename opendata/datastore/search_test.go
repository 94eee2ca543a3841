package datastore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata/datastore"
	"github.com/gdx-exchange/gdx/opendata/stats"
	statssql "github.com/gdx-exchange/gdx/opendata/stats/sqlstore"
)

// answer is the part of a datastore_search answer these tests read.
type answer struct {
	Success bool `json:"success"`
	Result  struct {
		Records []map[string]any  `json:"records"`
		Total   *int              `json:"total"`
		Links   map[string]string `json:"_links"`
	} `json:"result"`
}

func (f *fixture) search(t *testing.T, query string) answer {
	t.Helper()
	status, body := f.do(t, "GET", escapeQuery("/api/3/action/datastore_search?"+query), "", "")
	var a answer
	if err := json.Unmarshal([]byte(body), &a); err != nil || status != http.StatusOK {
		t.Fatalf("%s: status %d: %s", query, status, body)
	}
	return a
}

func numbers(a answer) string {
	var out []string
	for _, r := range a.Result.Records {
		out = append(out, fmt.Sprint(r["licence_number"]))
	}
	return strings.Join(out, " ")
}

func TestSearch(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine)
		f.seed(t)
		rid := "resource_id=" + dlaID
		tests := []struct {
			name, query, want string
			total             int
		}{
			{"one filter", rid + `&fields=licence_number&filters={"licence_type":"hotel"}`, "T-000001 T-000005 T-000009 T-000013 T-000017 T-000021", 6},
			{"filter list and bool", rid + `&fields=licence_number&filters={"status":["revoked"],"licensee_withheld":false}`, "T-000003 T-000007 T-000011 T-000015 T-000019 T-000023", 6},
			{"filter on _id", rid + `&fields=licence_number&filters={"_id":[2,3]}`, "T-000002 T-000003", 2},
			{"filter by date", rid + `&fields=licence_number&filters={"expires_on":"2025-02-28","province":"ขอนแก่น"}&limit=2`, "T-000002 N-000008", 6},
			{"filter null matches nothing", rid + `&filters={"expires_on":null}`, "", 0},
			{"empty list matches nothing", rid + `&filters={"status":[]}`, "", 0},
			{"thai substring inside a word", rid + `&fields=licence_number&q=ทดสอบ&limit=3`, "T-000001 T-000002 T-000003", 17},
			{"q in every word", rid + `&q=ทดสอบ ขอนแก่น&limit=0`, "", 6},
			{"q is case-insensitive", rid + `&fields=licence_number&q=RIVERSIDE`, "T-000007", 1},
			{"q matches LIKE wildcards literally", rid + `&q=%25`, "", 0},
			{"q object on a float field", rid + `&fields=licence_number&q={"latitude":"18.78"}&limit=1`, "T-000001", 20},
			{"sort desc", rid + `&fields=licence_number&sort=licence_number desc&limit=2`, "T-000023 T-000022", 24},
			{"offset", rid + `&fields=licence_number&offset=22`, "T-000023 N-000024", 24},
			{"another issuer's rows stay out", "resource_id=" + bmaID + `&fields=licence_number`, "T-000101 T-000102 N-000103", 3},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				a := f.search(t, tc.query)
				got, n := numbers(a), -1
				if a.Result.Total != nil {
					n = *a.Result.Total
				}
				if got != tc.want || n != tc.total {
					t.Errorf("got %q total %d, want %q total %d", got, n, tc.want, tc.total)
				}
			})
		}
	})
}

// TestPagingFollowsLinks walks the whole resource through _links.next
// and gets every row once.
func TestPagingFollowsLinks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine)
		f.seed(t)
		next := "/api/3/action/datastore_search?resource_id=" + dlaID + "&limit=5&sort=province"
		seen := map[any]bool{}
		for range 10 {
			status, body := f.do(t, "GET", next, "", "")
			var a answer
			if err := json.Unmarshal([]byte(body), &a); err != nil || status != 200 {
				t.Fatalf("%s: %d %s", next, status, body)
			}
			if len(a.Result.Records) == 0 {
				break
			}
			for _, r := range a.Result.Records {
				if seen[r["_id"]] {
					t.Fatalf("_id %v twice", r["_id"])
				}
				seen[r["_id"]] = true
			}
			next = a.Result.Links["next"]
		}
		if len(seen) != 24 {
			t.Errorf("paging saw %d rows, want 24", len(seen))
		}
	})
}

// TestLatencyMatchesStats checks the SQL percentiles against
// stats.Latencies, which computes them in Go.
func TestLatencyMatchesStats(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine)
		f.seed(t)
		var want []string
		err := stats.Latencies(statssql.New(f.db)).Each(ctx, func(row []any) error {
			want = append(want, fmt.Sprint(row...))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		a := f.search(t, "resource_id="+latencyID)
		var got []string
		for _, r := range a.Result.Records {
			got = append(got, fmt.Sprint(r["month"], r["dataset"], r["requests"], r["p50_ms"], r["p90_ms"], r["p99_ms"]))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("datastore latencies\n%s\nwant (stats.Latencies)\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

// TestMountsBesideCKAN: the static DataStore routes and a catch-all
// /api/3/action/:action (as opendata/ckan registers it) share a router.
func TestMountsBesideCKAN(t *testing.T) {
	f := newFixture(t, "sqlite")
	f.seed(t)
	for _, base := range []string{"/api/3/action/", "/api/action/"} {
		f.router.GET(base+":action", func(c *gin.Context) { c.String(400, "ckan "+c.Param("action")) })
	}
	if status, body := f.do(t, "GET", "/api/action/package_list", "", ""); status != 400 || body != "ckan package_list" {
		t.Errorf("ckan action: %d %s", status, body)
	}
	if a := f.search(t, "resource_id="+bmaID); !a.Success || len(a.Result.Records) != 3 {
		t.Errorf("datastore_search beside ckan: %+v", a)
	}
}

func TestNewChecksConfig(t *testing.T) {
	db := sqldbtest.Open(t, "sqlite")
	if _, err := datastore.New(datastore.Config{SiteURL: "data.go.th"}, datastore.Deps{DB: db, Tables: &datastore.Tables{}}); err == nil {
		t.Error("New accepted a relative SiteURL")
	}
	if _, err := datastore.New(datastore.Config{SiteURL: siteURL}, datastore.Deps{DB: db}); err == nil {
		t.Error("New accepted no Tables")
	}
}

func TestTablesValidate(t *testing.T) {
	good := []datastore.Table{datastore.LicenceTable("DLA"), datastore.VolumeTable(), datastore.ReasonTable(), datastore.LatencyTable()}
	for _, tb := range good {
		if err := tb.Validate(); err != nil {
			t.Errorf("%s: %v", tb.From, err)
		}
	}
	bad := map[string]datastore.Table{
		"no id":        {From: "t"},
		"bad name":     {From: "t", ID: "_id", Columns: []datastore.Column{{Name: `a"; DROP`, Expr: "a", Type: datastore.Text}}},
		"_id again":    {From: "t", ID: "_id", Columns: []datastore.Column{{Name: "_id", Expr: "a", Type: datastore.Text}}},
		"no expr":      {From: "t", ID: "_id", Columns: []datastore.Column{{Name: "a", Type: datastore.Text}}},
		"unknown type": {From: "t", ID: "_id", Columns: []datastore.Column{{Name: "a", Expr: "a", Type: "jsonb"}}},
	}
	for name, tb := range bad {
		if tb.Validate() == nil {
			t.Errorf("%s: Validate accepted it", name)
		}
	}
}

func TestResolverErrorIsInternal(t *testing.T) {
	db := sqldbtest.Open(t, "sqlite")
	fail := datastore.ResolverFunc(func(context.Context, string) (datastore.Table, bool, error) {
		return datastore.Table{}, false, fmt.Errorf("catalog down")
	})
	h, err := datastore.New(datastore.Config{SiteURL: siteURL}, datastore.Deps{DB: db, Tables: fail})
	if err != nil {
		t.Fatal(err)
	}
	r := gin.New()
	h.Register(r)
	f := &fixture{router: r}
	status, body := f.do(t, "GET", "/api/3/action/datastore_search?resource_id=x", "", "")
	if status != 500 || strings.Contains(body, "catalog down") {
		t.Errorf("got %d %s; want 500 hiding the cause", status, body)
	}
}

func TestTooManyFilterValues(t *testing.T) {
	f := newFixture(t, "sqlite")
	values := make([]string, 10001)
	for i := range values {
		values[i] = fmt.Sprintf("%q", fmt.Sprint(i))
	}
	body := `{"resource_id": "` + dlaID + `", "filters": {"licence_number": [` + strings.Join(values, ",") + `]}}`
	if status, answer := f.do(t, "POST", "/api/3/action/datastore_search", "application/json", body); status != 409 ||
		!strings.Contains(answer, "Invalid query") {
		t.Errorf("got %d %s", status, answer[:min(len(answer), 200)])
	}
}
