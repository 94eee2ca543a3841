package ckan_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// answer is a decoded Action API answer.
type answer struct {
	Success bool            `json:"success"`
	Result  json.RawMessage `json:"result"`
	Error   map[string]any  `json:"error"`
}

func TestActions(t *testing.T) {
	tests := []struct {
		name   string
		action string
		q      url.Values
		status int
		check  func(t *testing.T, a answer)
	}{
		{"package_list names every active package by name", "package_list", nil, 200, wantList(
			"dbd-company", "dla-licences", "dopa-biometrics", "dopa-house", "dopa-person", "dopa-protected-person", "gdx-denials", "gdx-monthly-requests")},
		{"package_list pages", "package_list", values("limit", "2", "offset", "1"), 200, wantList("dla-licences", "dopa-biometrics")},
		{"package_list refuses a bad limit", "package_list", values("limit", "two"), 409, wantError("limit", []any{"Invalid integer"})},
		{"organization_list by name", "organization_list", values("sort", "name asc"), 200, wantList("dbd", "dga", "dla", "dopa")},
		{"organization_list by package count", "organization_list", values("sort", "package_count"), 200, wantFirst("dopa")},
		{"organization_list filters by q", "organization_list", values("q", "Digital"), 200, wantList("dga")},
		{"organization_show with datasets", "organization_show", values("id", "dopa", "include_datasets", "true"), 200,
			wantKey("package_count", 4.0, "packages", 4)},
		{"organization_show of a group is not found", "organization_show", values("id", "exchange"), 404,
			wantError("message", "Not found")},
		{"group_show", "group_show", values("id", "exchange"), 200, wantKey("package_count", 2.0, "is_organization", false)},
		{"group_package_show pages", "group_package_show", values("id", "exchange", "limit", "1"), 200, wantLen(1)},
		{"group_package_show refuses a negative limit", "group_package_show", values("id", "exchange", "limit", "-1"), 409,
			wantError("message", "Limit must be a positive integer")},
		{"tag_list filters by query", "tag_list", values("query", "civil"), 200, wantList("civil registry")},
		{"tag_show with datasets", "tag_show", values("id", "สถิติ", "include_datasets", "true"), 200, wantKey("name", "สถิติ", "packages", 2)},
		{"tag_show of an unknown tag", "tag_show", values("id", "nope"), 404, wantError("message", "Not found")},
		{"help_show needs a name", "help_show", nil, 409, wantError("name", []any{"Missing value"})},
		{"current_package_list_with_resources pages", "current_package_list_with_resources", values("limit", "3"), 200, wantLen(3)},
		{"package_search ranks a Thai word inside a title", "package_search", values("q", "ใบอนุญาต"), 200, wantFirstResult("dla-licences")},
		{"package_search fq by tag", "package_search", values("fq", "tags:สถิติ"), 200, wantCount(2)},
		{"package_search fq_list ANDs", "package_search", url.Values{"fq_list": {"organization:dopa", "-tags:ทะเบียนบ้าน"}}, 200, wantCount(3)},
		{"package_search OR and parentheses", "package_search", values("fq", "(organization:dbd OR organization:dla) -name:dla-licences"), 200, wantCount(1)},
		{"package_search newest first", "package_search", values("sort", "metadata_modified desc", "rows", "1"), 200, wantFirstResult("gdx-denials")},
		{"package_search facet.limit 0 lists no values", "package_search", values("facet.field", `["tags"]`, "facet.limit", "0", "rows", "0"), 200,
			wantKey("facets", map[string]any{"tags": map[string]any{}})},
		{"package_search start past the end", "package_search", values("start", "100"), 200, wantKey("count", 8.0, "results", 0)},
		{"package_search refuses a non-list facet.field", "package_search", values("facet.field", `{"a": 1}`), 409,
			wantError("facet.field", []any{"Not a list"})},
	}
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := f.get(t, tt.action, tt.q)
				var a answer
				if err := json.Unmarshal(r.Body, &a); err != nil || r.Status != tt.status || a.Success != (tt.status == http.StatusOK) {
					t.Fatalf("answer %d %s, want status %d", r.Status, truncate(r.Body), tt.status)
				}
				tt.check(t, a)
			})
		}
	})
}

func result[T any](t *testing.T, a answer) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(a.Result, &v); err != nil {
		t.Fatalf("result %s: %v", truncate(a.Result), err)
	}
	return v
}

func wantList(want ...string) func(*testing.T, answer) {
	return func(t *testing.T, a answer) {
		if got := result[[]string](t, a); !slices.Equal(got, want) {
			t.Errorf("result = %q, want %q", got, want)
		}
	}
}

func wantFirst(want string) func(*testing.T, answer) {
	return func(t *testing.T, a answer) {
		if got := result[[]string](t, a); len(got) == 0 || got[0] != want {
			t.Errorf("result = %q, want %q first", got, want)
		}
	}
}

func wantLen(n int) func(*testing.T, answer) {
	return func(t *testing.T, a answer) {
		if got := result[[]any](t, a); len(got) != n {
			t.Errorf("result has %d items, want %d", len(got), n)
		}
	}
}

// wantKey checks keys of a result object: a number or other value
// compares equal; an int is the length of a list.
func wantKey(kv ...any) func(*testing.T, answer) {
	return func(t *testing.T, a answer) {
		m := result[map[string]any](t, a)
		for i := 0; i+1 < len(kv); i += 2 {
			key, want := kv[i].(string), kv[i+1]
			got := m[key]
			if n, ok := want.(int); ok {
				if list, _ := got.([]any); len(list) != n {
					t.Errorf("%s has %d items, want %d", key, len(list), n)
				}
				continue
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s = %v, want %v", key, got, want)
			}
		}
	}
}

func wantCount(n int) func(*testing.T, answer) {
	return wantKey("count", float64(n))
}

func wantFirstResult(name string) func(*testing.T, answer) {
	return func(t *testing.T, a answer) {
		res := result[struct {
			Results []struct{ Name string } `json:"results"`
		}](t, a)
		if len(res.Results) == 0 || res.Results[0].Name != name {
			t.Errorf("results %+v, want %s first", res.Results, name)
		}
	}
}

func wantError(key string, want any) func(*testing.T, answer) {
	return func(t *testing.T, a answer) {
		if fmt.Sprint(a.Error[key]) != fmt.Sprint(want) {
			t.Errorf("error[%s] = %v, want %v (error %v)", key, a.Error[key], want, a.Error)
		}
	}
}
