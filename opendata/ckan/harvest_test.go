package ckan_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata"
)

// harvester pages through package_search exactly as ckanext-harvest's
// CKANHarvester._search_for_datasets does: rows=100, start advancing by
// rows, sort=id asc, an optional fq, until a page comes back empty;
// duplicates across pages are dropped.
type harvester struct {
	t     *testing.T
	base  string
	pages int
}

func (h *harvester) search(fq string) map[string]json.RawMessage {
	h.t.Helper()
	params := url.Values{"rows": {"100"}, "start": {"0"}, "sort": {"id asc"}}
	if fq != "" {
		params.Set("fq", fq)
	}
	got := map[string]json.RawMessage{}
	var previous []byte
	for start := 0; ; start += 100 {
		params.Set("start", fmt.Sprint(start))
		r := do(h.t, http.MethodGet, h.base+"/api/3/action/package_search?"+params.Encode(), "", nil)
		if previous != nil && bytes.Equal(previous, r.Body) {
			h.t.Fatalf("the paging doesn't seem to work at start=%d", start)
		}
		previous = r.Body
		var res struct {
			Results []json.RawMessage `json:"results"`
		}
		envelope(h.t, r, &res)
		h.pages++
		if len(res.Results) == 0 {
			return got
		}
		for _, raw := range res.Results {
			var p struct{ ID string }
			if err := json.Unmarshal(raw, &p); err != nil {
				h.t.Fatal(err)
			}
			got[p.ID] = raw
		}
	}
}

// isoformat is Python's datetime.isoformat for a naive UTC time.
func isoformat(t time.Time) string {
	if t.Nanosecond()/1000 == 0 {
		return t.UTC().Format("2006-01-02T15:04:05")
	}
	return t.UTC().Format(opendata.TimeLayout)
}

func TestHarvesterConformance(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine)
		for _, n := range names(250, "stat") {
			f.stats.pkgs = append(f.stats.pkgs, statsPackage(n, "สถิติ "+n, "bulk"))
		}
		f.sync(t)
		mustRefresh(t, f)
		h := &harvester{t: t, base: f.srv.URL}

		full := h.search("")
		if h.pages != 4 || len(full) != 258 {
			t.Fatalf("full harvest: %d datasets in %d pages, want 258 in 4", len(full), h.pages)
		}
		f.checkComplete(t, full)

		gatherStarted := f.clock.t.Add(2 * time.Hour)
		f.clock.advance(3 * time.Hour)
		changed := f.changeSome(t)
		mustRefresh(t, f)

		since := isoformat(gatherStarted.Add(-time.Hour))
		incr := h.search("metadata_modified:[" + since + "Z TO *]")
		if got := sortedKeys(incr); !slices.Equal(got, changed) {
			t.Errorf("incremental harvest since %s found %d datasets %v, want the %d changed %v", since, len(got), got, len(changed), changed)
		}
		f.checkComplete(t, incr)
		if again := h.search(""); len(again) != 258 {
			t.Errorf("full harvest after the changes found %d datasets, want 258 (one deleted, one added)", len(again))
		}
	})
}

func mustRefresh(t testing.TB, f *fixture) {
	t.Helper()
	if err := f.handler.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
}

// changeSome edits three packages, deletes one and adds one, and returns
// the ids a harvester must see as changed (a deleted dataset leaves the
// search index, as in CKAN).
func (f *fixture) changeSome(t *testing.T) []string {
	t.Helper()
	pkgs := f.stats.pkgs
	var ids []string
	for _, i := range []int{3, 50, 200} {
		pkgs[i].Notes += " (ปรับปรุง)"
		ids = append(ids, pkgs[i].ID)
	}
	added := statsPackage("stat-new", "สถิติใหม่", "bulk")
	ids = append(ids, added.ID)
	f.stats.pkgs = append(append(slices.Clone(pkgs[:100]), pkgs[101:]...), added)
	if r := f.sync(t); r != (opendata.SyncResult{Created: 1, Updated: 3, Deleted: 1, Unchanged: 254}) {
		t.Fatalf("sync = %+v", r)
	}
	slices.Sort(ids)
	return ids
}

// checkComplete compares each harvested dict with package_show's: the
// harvester never calls package_show, so search must carry everything.
func (f *fixture) checkComplete(t *testing.T, got map[string]json.RawMessage) {
	t.Helper()
	for id, raw := range got {
		var show json.RawMessage
		envelope(t, f.get(t, "package_show", values("id", id)), &show)
		if !bytes.Equal(raw, show) {
			t.Errorf("search dict of %s differs from package_show:\n%s\n%s", id, truncate(raw), truncate(show))
			return
		}
		var p opendata.Package
		if err := json.Unmarshal(raw, &p); err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Resources {
			if r.URL == "" || r.URL[0] == '/' {
				t.Errorf("%s: resource URL %q is not absolute", p.Name, r.URL)
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
