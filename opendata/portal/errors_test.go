package portal_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/ckan"
	"github.com/gdx-exchange/gdx/opendata/portal"
)

// brokenStore fails as a database that went away does.
type brokenStore struct{}

func (brokenStore) Marker(context.Context) (opendata.Marker, error) {
	return opendata.Marker{}, errors.New("dial tcp 10.0.0.5:5432: password authentication failed for user gdx")
}
func (brokenStore) ListPackages(context.Context) ([]opendata.Package, error) { return nil, nil }

func TestServerErrorHidesCause(t *testing.T) {
	s, err := portal.New(portal.Config{SiteURL: siteURL}, portal.Deps{Packages: brokenStore{}, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	e := httpapi.NewEngine(slog.New(slog.DiscardHandler), 1<<20)
	s.Register(e)
	for _, path := range []string{"/", "/datasets", "/datasets/x", "/access", "/developers"} {
		w := httptest.NewRecorder()
		e.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		body := w.Body.String()
		id := w.Header().Get(httpapi.HeaderRequestID)
		if w.Code != http.StatusInternalServerError || strings.Contains(body, "password") || strings.Contains(body, "10.0.0.5") {
			t.Errorf("%s: %d\n%s", path, w.Code, body)
		}
		if id == "" || !strings.Contains(body, id) || !strings.Contains(body, "เกิดข้อผิดพลาด") {
			t.Errorf("%s: the error page does not show the request id %q", path, id)
		}
	}
	// Without the licence databases and the statistics, those pages say so.
	for path, want := range map[string]string{"/licences?q=1": "ไม่มีบริการตรวจสอบใบอนุญาต", "/statistics": "ไม่มีข้อมูลสถิติ"} {
		w := httptest.NewRecorder()
		e.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), want) {
			t.Errorf("%s: %d", path, w.Code)
		}
	}
}

// TestBesideCKAN mounts the portal and the CKAN API on one engine, as the
// public listener does: their routes must not collide.
func TestBesideCKAN(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	e := httpapi.NewEngine(log, 1<<20)
	h, err := ckan.New(ckan.Config{SiteURL: siteURL}, ckan.Deps{Packages: brokenStore{}, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	h.Register(e)
	s, err := portal.New(portal.Config{SiteURL: siteURL}, portal.Deps{Packages: brokenStore{}, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	s.Register(e)
	e.NoRoute(s.NotFoundHandlers()...)
	w := httptest.NewRecorder()
	e.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/nothing/here", nil))
	if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "<html lang=") || w.Header().Get("Content-Security-Policy") == "" {
		t.Errorf("unknown path: %d %s", w.Code, w.Body)
	}
}
