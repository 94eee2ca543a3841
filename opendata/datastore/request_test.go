package datastore_test

import (
	"mime/multipart"
	"net/url"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// TestRequestForms reads the data dict from every form CKAN's api view
// takes: each answers what the plain form answers.
func TestRequestForms(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine)
		f.seed(t)
		const path = "/api/3/action/datastore_search"
		wantStatus, want := f.do(t, "POST", path, "application/x-www-form-urlencoded", "resource_id="+bmaID+"&limit=1")
		if wantStatus != 200 {
			t.Fatalf("plain form: %d %s", wantStatus, want)
		}
		var mp strings.Builder
		w := multipart.NewWriter(&mp)
		_ = w.WriteField("resource_id", bmaID)
		_ = w.WriteField("limit", "1")
		_ = w.Close()
		forms := []struct{ name, ctype, body string }{
			{"form of one JSON key", "application/x-www-form-urlencoded",
				url.QueryEscape(`{"resource_id": "`+bmaID+`", "limit": 1}`) + "=1"},
			{"multipart form", w.FormDataContentType(), mp.String()},
		}
		for _, tc := range forms {
			if status, got := f.do(t, "POST", path, tc.ctype, tc.body); status != wantStatus || got != want {
				t.Errorf("%s: %d %s\nwant %d %s", tc.name, status, got, wantStatus, want)
			}
		}
	})
}
