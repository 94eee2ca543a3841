package download_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/parquet/file"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/opendata/download"
	"github.com/gdx-exchange/gdx/opendata/tabular"
)

// table is an in-memory licence table whose version the test moves.
type table struct {
	rows     int
	modified time.Time
	failAt   int // fail the walk after this many rows; 0 never
}

func (t *table) Schema() tabular.Schema {
	return tabular.Schema{{Name: "licence_no", Type: tabular.String}, {Name: "business_name", Type: tabular.String}}
}

func (t *table) Each(ctx context.Context, fn func([]any) error) error {
	for i := 0; i < t.rows; i++ {
		if t.failAt > 0 && i == t.failAt {
			return errors.New("database went away")
		}
		if err := fn([]any{fmt.Sprintf("DLA-%06d", i), "ร้านอาหารครัวไทย"}); err != nil {
			return err
		}
	}
	return nil
}

func (t *table) Version(context.Context) (download.Version, error) {
	return download.Version{Modified: t.modified, Rows: int64(t.rows)}, nil
}

type tables map[string]*table

func (ts tables) Table(_ context.Context, pkg, name string) (download.Table, error) {
	if t, ok := ts[pkg+"/"+name]; ok {
		return t, nil
	}
	return nil, catalog.Errorf(catalog.KindNotFound, "dataset %s has no table %s", pkg, name)
}

func serve(t *testing.T, ts tables) *httptest.Server {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e := httpapi.NewEngine(log, 1<<20)
	(&download.Handler{Tables: ts, Log: log}).Register(e)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, method, url string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	tr := &http.Transport{DisableCompression: true}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return resp, body
}

var modified = time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)

func TestDownloadHeadersAndBody(t *testing.T) {
	srv := serve(t, tables{"dla-licences/licences": {rows: 3, modified: modified}})
	resp, body := get(t, "GET", srv.URL+"/download/dla-licences/licences.csv", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	for h, want := range map[string]string{
		"Content-Type":        "text/csv; charset=utf-8",
		"Content-Disposition": `attachment; filename="dla-licences-licences.csv"`,
		"Last-Modified":       "Mon, 30 Nov 2026 10:00:00 GMT",
		"X-Row-Count":         "3",
	} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if !strings.HasPrefix(resp.Header.Get("ETag"), `"`) {
		t.Errorf("ETag %q is not a strong tag", resp.Header.Get("ETag"))
	}
	if want := "\ufefflicence_no,business_name\r\nDLA-000000,ร้านอาหารครัวไทย\r\n"; !strings.HasPrefix(string(body), want) {
		t.Errorf("body starts %q", body[:min(len(body), 60)])
	}
	head, hbody := get(t, "HEAD", srv.URL+"/download/dla-licences/licences.csv", nil)
	if head.StatusCode != 200 || len(hbody) != 0 || head.Header.Get("ETag") != resp.Header.Get("ETag") {
		t.Errorf("HEAD: %d, %d bytes, ETag %q", head.StatusCode, len(hbody), head.Header.Get("ETag"))
	}
}

func TestConditionalRequests(t *testing.T) {
	tbl := &table{rows: 10, modified: modified}
	srv := serve(t, tables{"dla-licences/licences": tbl})
	url := srv.URL + "/download/dla-licences/licences.json"
	first, _ := get(t, "GET", url, nil)
	etag := first.Header.Get("ETag")

	cases := []struct {
		name string
		hdr  map[string]string
		want int
	}{
		{"same ETag", map[string]string{"If-None-Match": etag}, 304},
		{"one of several ETags", map[string]string{"If-None-Match": `"abc", ` + etag}, 304},
		{"other ETag", map[string]string{"If-None-Match": `"abc"`}, 200},
		{"not modified since", map[string]string{"If-Modified-Since": modified.Format(http.TimeFormat)}, 304},
		{"modified since", map[string]string{"If-Modified-Since": modified.Add(-time.Hour).Format(http.TimeFormat)}, 200},
		{"If-None-Match wins", map[string]string{"If-None-Match": `"abc"`, "If-Modified-Since": modified.Format(http.TimeFormat)}, 200},
	}
	for _, c := range cases {
		resp, body := get(t, "GET", url, c.hdr)
		if resp.StatusCode != c.want || (c.want == 304 && len(body) != 0) {
			t.Errorf("%s: %d with %d bytes, want %d", c.name, resp.StatusCode, len(body), c.want)
		}
	}
	tbl.rows, tbl.modified = 11, modified.Add(time.Minute)
	if resp, _ := get(t, "GET", url, map[string]string{"If-None-Match": etag}); resp.StatusCode != 200 || resp.Header.Get("ETag") == etag {
		t.Errorf("after a change the old ETag answered %d with ETag %s", resp.StatusCode, resp.Header.Get("ETag"))
	}
	csv, _ := get(t, "GET", srv.URL+"/download/dla-licences/licences.csv", nil)
	if csv.Header.Get("ETag") == first.Header.Get("ETag") {
		t.Error("CSV and JSON share an ETag")
	}
}

func TestGzipWhenAsked(t *testing.T) {
	srv := serve(t, tables{"dla-licences/licences": {rows: 5000, modified: modified}})
	url := srv.URL + "/download/dla-licences/licences.csv"
	_, plain := get(t, "GET", url, nil)
	resp, zipped := get(t, "GET", url, map[string]string{"Accept-Encoding": "br, gzip"})
	if resp.Header.Get("Content-Encoding") != "gzip" || len(zipped) >= len(plain)/2 {
		t.Fatalf("Content-Encoding %q, %d bytes zipped vs %d plain", resp.Header.Get("Content-Encoding"), len(zipped), len(plain))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if !bytes.Equal(unzipped, plain) {
		t.Error("the gzipped download is not the plain one")
	}
	if resp, _ := get(t, "GET", url, map[string]string{"Accept-Encoding": "gzip;q=0"}); resp.Header.Get("Content-Encoding") != "" {
		t.Error("gzip sent although refused with q=0")
	}
}

func TestParquetDownloadIsReadable(t *testing.T) {
	srv := serve(t, tables{"dla-licences/licences": {rows: 1234, modified: modified}})
	_, body := get(t, "GET", srv.URL+"/download/dla-licences/licences.parquet", nil)
	pf, err := file.NewParquetReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if pf.NumRows() != 1234 {
		t.Errorf("parquet has %d rows", pf.NumRows())
	}
}

func TestUnknownDownloadsAreNotFound(t *testing.T) {
	srv := serve(t, tables{"dla-licences/licences": {rows: 1}})
	for _, path := range []string{"/download/dla-licences/licences.xlsx", "/download/dla-licences/permits.csv", "/download/DLA/licences.csv", "/download/dla-licences/licences"} {
		resp, body := get(t, "GET", srv.URL+path, nil)
		if resp.StatusCode != 404 || !strings.Contains(resp.Header.Get("Content-Type"), "problem+json") {
			t.Errorf("%s: %d %s %s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
}

// TestAFailureMidwayCutsTheDownload makes sure a client can tell a broken
// download from a complete one.
func TestAFailureMidwayCutsTheDownload(t *testing.T) {
	srv := serve(t, tables{"dla-licences/licences": {rows: 200_000, failAt: 150_000, modified: modified}})
	resp, err := http.Get(srv.URL + "/download/dla-licences/licences.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	if err == nil {
		t.Fatal("a download that failed midway ended cleanly")
	}
}
