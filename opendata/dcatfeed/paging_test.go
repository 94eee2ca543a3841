package dcatfeed_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

const pageSize = 10

// pagedFixture holds 25 packages (the demo catalog, the open package and
// enough more), three pages of ten.
func pagedFixture(t *testing.T, engine string) *fixture {
	return newFixture(t, engine, 25-len(demo.Datasets())-1, pageSize)
}

// harvest follows hydra:next from first as a DCAT harvester does and
// returns the dataset IRIs of every page in order, checking each page's
// Hydra view against want pages of total items.
func harvest(t *testing.T, f *fixture, first string, wantPages, total int) []string {
	t.Helper()
	var all []string
	next := first
	for n := 1; next != ""; n++ {
		if n > wantPages {
			t.Fatalf("page %d exists, want %d pages", n, wantPages)
		}
		u, err := url.Parse(next)
		if err != nil || !strings.HasPrefix(next, siteURL) {
			t.Fatalf("next link %q is not on the site", next)
		}
		d := parseJSONLD(t, f.mustGet(t, u.RequestURI()).Body)
		view := d.one(t, siteURL+"/catalog", "http://www.w3.org/ns/hydra/core#view")
		checkView(t, d, view, n, wantPages, total)
		page := d.refs(siteURL+"/catalog", dcatNS+"dataset")
		if want := min(pageSize, total-(n-1)*pageSize); len(page) != want {
			t.Errorf("page %d has %d datasets, want %d", n, len(page), want)
		}
		all = append(all, page...)
		next = d.one(t, view, hydraNS+"next")
	}
	return all
}

func checkView(t *testing.T, d doc, view string, n, pages, total int) {
	t.Helper()
	page := func(k int) string {
		u, _ := url.Parse(view)
		q := u.Query()
		q.Set("page", strconv.Itoa(k))
		u.RawQuery = q.Encode()
		return u.String()
	}
	if u, _ := url.Parse(view); u.Query().Get("page") != strconv.Itoa(n) {
		t.Errorf("page %d's view is %s", n, view)
	}
	want := map[string]string{hydraNS + "first": page(1), hydraNS + "last": page(pages),
		hydraNS + "totalItems": strconv.Itoa(total), hydraNS + "itemsPerPage": strconv.Itoa(pageSize),
		hydraNS + "previous": "", hydraNS + "next": ""}
	if n > 1 {
		want[hydraNS+"previous"] = page(n - 1)
	}
	if n < pages {
		want[hydraNS+"next"] = page(n + 1)
	}
	for p, v := range want {
		if got := d.one(t, view, p); got != v {
			t.Errorf("page %d: %s = %q, want %q", n, p, got, v)
		}
	}
}

func TestPagingReassemblesEveryDataset(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		f := pagedFixture(t, engine)
		got := harvest(t, f, siteURL+"/catalog.jsonld", 3, 25)
		var want []string
		pkgs, err := f.store.ListPackages(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pkgs {
			want = append(want, siteURL+"/dataset/"+p.ID)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("the pages hold %d datasets:\n%v\nwant each of the %d packages once:\n%v", len(got), got, len(want), want)
		}
		for _, path := range []string{"/catalog.jsonld?page=4", "/catalog?page=9"} {
			if r := f.get(t, path); r.Status != http.StatusNotFound || !strings.Contains(string(r.Body), "3 page(s)") {
				t.Errorf("GET %s: %d %s, want 404 naming the 3 pages", path, r.Status, r.Body)
			}
		}
	})
}

func TestBadPageOrDate(t *testing.T) {
	f := pagedFixture(t, "sqlite")
	tests := []struct{ query, want string }{
		{"page=0", "page must be a positive integer"},
		{"page=two", "page must be a positive integer"},
		{"page=-1", "page must be a positive integer"},
		{"modified_since=yesterday", "modified_since: \\\"yesterday\\\" is not an ISO 8601 date"},
		{"modified_since=2026-13-01", "modified_since"},
		{"modified_since=01%2F03%2F2026", "use ISO 8601"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := f.get(t, "/catalog.ttl?"+tt.query)
			if r.Status != http.StatusBadRequest || r.Header.Get("Content-Type") != "application/problem+json" || !strings.Contains(string(r.Body), tt.want) {
				t.Errorf("%d %s %s, want a 400 problem saying %q", r.Status, r.Header.Get("Content-Type"), r.Body, tt.want)
			}
		})
	}
}

func TestModifiedSince(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		f := pagedFixture(t, engine)
		f.clock.advance(30 * time.Second)
		before := f.clock.now()
		for _, i := range []int{1, 4, 7} {
			f.open.pkgs[i].Notes += " Revised."
		}
		f.sync(t)
		changed := map[string]bool{}
		pkgs, _ := f.store.ListPackages(ctx)
		for _, p := range pkgs {
			if p.MetadataModified.After(before) {
				changed[siteURL+"/dataset/"+p.ID] = true
			}
		}
		if len(changed) != 3 {
			t.Fatalf("%d packages changed, want 3", len(changed))
		}
		// at or after: the newest package's exact timestamp includes it
		var newest time.Time
		for _, p := range pkgs {
			if p.MetadataModified.After(newest) {
				newest = p.MetadataModified.Time
			}
		}
		tests := []struct {
			since string
			want  int
		}{
			{before.Format("2006-01-02T15:04:05.000000"), 3},
			{before.In(time.FixedZone("ICT", 7*3600)).Format("2006-01-02T15:04:05+07:00"), 3},
			{newest.Format("2006-01-02T15:04:05.000000Z"), 1},
			{before.Format("2006-01-02"), 25},
			{f.clock.now().Add(time.Hour).Format("2006-01-02T15:04:05Z"), 0},
		}
		for _, tt := range tests {
			t.Run(tt.since, func(t *testing.T) {
				q := url.Values{"modified_since": {tt.since}}.Encode()
				got := harvest(t, f, siteURL+"/catalog.jsonld?"+q, max(1, (tt.want+pageSize-1)/pageSize), tt.want)
				if len(got) != tt.want {
					t.Fatalf("modified_since=%s gave %d datasets, want %d", tt.since, len(got), tt.want)
				}
				for _, ds := range got {
					if tt.want == 3 && !changed[ds] {
						t.Errorf("modified_since=%s lists %s, which did not change", tt.since, ds)
					}
				}
			})
		}
	})
}

// TestCatalogOrder checks ckanext-dcat's order: newest change first.
func TestCatalogOrder(t *testing.T) {
	f := pagedFixture(t, "sqlite")
	f.open.pkgs[5].Notes += " Revised."
	f.sync(t)
	d := parseJSONLD(t, f.mustGet(t, "/catalog.jsonld").Body)
	if got := d.refs(siteURL+"/catalog", dcatNS+"dataset"); len(got) == 0 || got[0] != siteURL+"/dataset/"+f.open.pkgs[5].ID {
		t.Errorf("first dataset %v, want the one changed last (%s)", got[:1], f.open.pkgs[5].Name)
	}
}
