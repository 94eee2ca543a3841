package dcatfeed_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/sqldb"
)

func TestConditionalRequests(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, 3, 0)
	for _, path := range []string{"/catalog.ttl", "/catalog", "/catalog.jsonld?page=1", "/dataset/dla-open-licences.rdf"} {
		t.Run(path, func(t *testing.T) {
			first := f.mustGet(t, path)
			tag, lm := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
			if len(tag) < 10 || tag[0] != '"' || lm == "" {
				t.Fatalf("ETag %q, Last-Modified %q: want a strong ETag and a date", tag, lm)
			}
			for _, h := range [][]string{{"If-None-Match", tag}, {"If-None-Match", `"other", W/` + tag}, {"If-Modified-Since", lm}} {
				r := f.get(t, path, h...)
				if r.Status != http.StatusNotModified || len(r.Body) != 0 || r.Header.Get("ETag") != tag {
					t.Errorf("%s: %s: %d (%d bytes), ETag %q; want 304 with the ETag", path, h[0], r.Status, len(r.Body), r.Header.Get("ETag"))
				}
			}
			if r := f.get(t, path, "If-None-Match", `"stale"`, "If-Modified-Since", lm); r.Status != http.StatusOK {
				t.Errorf("%s: a stale If-None-Match with a current If-Modified-Since gave %d, want 200 (If-None-Match decides)", path, r.Status)
			}
		})
	}
	catalogTag := f.mustGet(t, "/catalog.ttl").Header.Get("ETag")
	datasetTag := f.mustGet(t, "/dataset/dla-open-licences.ttl").Header.Get("ETag")
	if other := f.mustGet(t, "/catalog.rdf").Header.Get("ETag"); other == catalogTag {
		t.Error("Turtle and RDF/XML share an ETag")
	}
	f.open.pkgs[0].Notes += " Revised."
	f.sync(t)
	r := f.get(t, "/catalog.ttl", "If-None-Match", catalogTag)
	if r.Status != http.StatusOK || r.Header.Get("ETag") == catalogTag {
		t.Errorf("after a change the old catalog ETag gave %d with ETag %s, want 200 and a new ETag", r.Status, r.Header.Get("ETag"))
	}
	if lm, _ := http.ParseTime(r.Header.Get("Last-Modified")); !lm.Equal(f.clock.now().Truncate(time.Second)) {
		t.Errorf("Last-Modified = %v, want the latest metadata_modified %v", lm, f.clock.now())
	}
	if r := f.get(t, "/dataset/dla-open-licences.ttl", "If-None-Match", datasetTag); r.Status != http.StatusOK {
		t.Errorf("the changed dataset's old ETag gave %d, want 200", r.Status)
	}
}
