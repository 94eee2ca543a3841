package dcatfeed_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/opendata/dcatfeed"
)

func TestPrivateAndUnharvestablePackages(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, 2, 0)
	f.open.pkgs[1].Private = true
	f.open.pkgs[2].AllowHarvest = "False"
	f.sync(t)
	if r := f.get(t, "/dataset/stats-000.ttl"); r.Status != http.StatusNotFound {
		t.Errorf("a private package's description is %d, want 404", r.Status)
	}
	if r := f.get(t, "/dataset/stats-001.ttl"); r.Status != http.StatusOK {
		t.Errorf("a package its publisher asked not to harvest is %d on its own, want 200", r.Status)
	}
	body := string(f.mustGet(t, "/catalog.ttl").Body)
	for _, p := range f.open.pkgs[1:3] {
		if strings.Contains(body, p.ID) {
			t.Errorf("the catalog lists %s (private %v, allow_harvest %q)", p.Name, p.Private, p.AllowHarvest)
		}
	}
	if !strings.Contains(body, f.open.pkgs[0].ID) {
		t.Error("the catalog lost the open package")
	}
}

func TestHead(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, 0, 0)
	for _, path := range []string{"/catalog", "/catalog.rdf", "/dataset/dla-open-licences.jsonld"} {
		res, err := http.Head(f.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || len(body) != 0 || res.Header.Get("ETag") == "" || res.Header.Get("Content-Type") == "" {
			t.Errorf("HEAD %s: %d, %d bytes, ETag %q", path, res.StatusCode, len(body), res.Header.Get("ETag"))
		}
	}
}

// TestRunPicksUpChanges checks that a change stored by any writer is
// served once Run has polled the marker.
func TestRunPicksUpChanges(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, 1, 0)
	feed, err := dcatfeed.New(dcatfeed.Config{SiteURL: siteURL, PollInterval: 20 * time.Millisecond}, dcatfeed.Deps{Packages: f.store})
	if err != nil {
		t.Fatal(err)
	}
	g := &fixture{srv: serveFeed(t, feed)}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- feed.Run(runCtx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run returned %v", err)
		}
	}()
	f.feed = nil // the fixture's own feed is not refreshed: only Run moves this one
	f.open.pkgs = append(f.open.pkgs, bulkPackage(7))
	f.sync(t)
	deadline := time.Now().Add(5 * time.Second)
	for {
		if strings.Contains(string(g.mustGet(t, "/catalog.ttl").Body), bulkPackage(7).ID) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("a synced package never reached the feed")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  dcatfeed.Config
		want string
	}{
		{"no site", dcatfeed.Config{}, "SiteURL must be an absolute http(s) URL"},
		{"relative site", dcatfeed.Config{SiteURL: "/data"}, "SiteURL"},
		{"page too big", dcatfeed.Config{SiteURL: siteURL, PageSize: 5000}, "PageSize must be between 0 (default 100) and 1000"},
		{"negative poll", dcatfeed.Config{SiteURL: siteURL, PollInterval: -time.Second}, "PollInterval"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.cfg.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := dcatfeed.New(dcatfeed.Config{SiteURL: siteURL}, dcatfeed.Deps{}); err == nil {
		t.Error("New accepted no package reader")
	}
}
