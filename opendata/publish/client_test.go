package publish_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/opendata/publish"
)

// cannedServer answers every call with status and body, counting hits
// and remembering the last Authorization header.
func cannedServer(t *testing.T, status int, body string) (*httptest.Server, *atomic.Int32, *atomic.Value) {
	t.Helper()
	var hits atomic.Int32
	var auth atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		auth.Store(r.Header.Get("Authorization"))
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("request %s %s", r.Method, r.Header.Get("Content-Type"))
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits, &auth
}

func clientFor(t *testing.T, url, tok string, cfg publish.ClientConfig) *publish.Client {
	t.Helper()
	cfg.URL, cfg.Token = url, tok
	if cfg.Retry.Sleep == nil {
		cfg.Retry.Sleep = func(context.Context, time.Duration) error { return nil }
	}
	c, err := publish.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestClientParsesCKANAnswers(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   *publish.APIError // nil: success
	}{
		{"success", 200, `{"help": "h", "success": true, "result": {"id": "x"}}`, nil},
		{"validation with nested fields", 409, `{"help": "h", "success": false, "error": {"__type": "Validation Error",
			"name": ["That URL is already in use."], "resources": [{}, {"id": ["Resource id already exists."]}],
			"tags": [{"name": ["Tag \"x\" length is less than minimum 2"]}], "extras_validation": ["Duplicate key \"a\""]}}`,
			&publish.APIError{Action: "package_create", Status: 409, Type: "Validation Error", Fields: map[string][]string{
				"name": {"That URL is already in use."}, "resources[1].id": {"Resource id already exists."},
				"tags[0].name": {`Tag "x" length is less than minimum 2`}, "extras_validation": {`Duplicate key "a"`}}}},
		{"authorization", 403, `{"help": "h", "success": false, "error": {"__type": "Authorization Error",
			"message": "Access denied: Action package_create requires an authenticated user"}}`,
			&publish.APIError{Action: "package_create", Status: 403, Type: "Authorization Error",
				Message: "Access denied: Action package_create requires an authenticated user"}},
		{"not found", 404, `{"help": "h", "success": false, "error": {"__type": "Not Found Error", "message": "Not found"}}`,
			&publish.APIError{Action: "package_create", Status: 404, Type: "Not Found Error", Message: "Not found"}},
		{"unknown action is a bare string", 400, `"Bad request: Action name not known: package_create"`,
			&publish.APIError{Action: "package_create", Status: 400, Message: "Bad request: Action name not known: package_create"}},
		{"proxy page", 404, `<html><body>nginx</body></html>`,
			&publish.APIError{Action: "package_create", Status: 404, Message: "<html><body>nginx</body></html>"}},
		{"empty body", 404, ``, &publish.APIError{Action: "package_create", Status: 404, Message: "Not Found"}},
		{"success false with 200", 200, `{"success": false, "error": {"__type": "Validation Error", "id": ["Missing value"]}}`,
			&publish.APIError{Action: "package_create", Status: 200, Type: "Validation Error", Fields: map[string][]string{"id": {"Missing value"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _, _ := cannedServer(t, tt.status, tt.body)
			var got map[string]any
			err := clientFor(t, srv.URL, token, publish.ClientConfig{}).Call(context.Background(), "package_create", map[string]any{}, &got)
			if tt.want == nil {
				if err != nil || got["id"] != "x" {
					t.Fatalf("err = %v, result = %v", err, got)
				}
				return
			}
			var e *publish.APIError
			if !errors.As(err, &e) {
				t.Fatalf("err = %v (%T), want *APIError", err, err)
			}
			got2 := &publish.APIError{Action: e.Action, Status: e.Status, Type: e.Type, Message: e.Message, Fields: e.Fields}
			if !reflect.DeepEqual(got2, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got2, tt.want)
			}
		})
	}
}

func TestClientSendsTheTokenAndNeverShowsIt(t *testing.T) {
	srv, hits, auth := cannedServer(t, 500, `{"success": false, "error": {"__type": "Internal Server Error", "message": "Internal Server Error"}}`)
	c := clientFor(t, srv.URL, token, publish.ClientConfig{Retry: publish.Retry{Attempts: 3}})
	err := c.Call(context.Background(), "package_show", map[string]any{"id": "x"}, nil)
	if err == nil || hits.Load() != 3 {
		t.Fatalf("err = %v after %d attempts, want 3", err, hits.Load())
	}
	if auth.Load() != token {
		t.Errorf("Authorization = %q, want the bare token (CKAN 2.10+)", auth.Load())
	}
	srv.Close()
	err2 := c.Call(context.Background(), "package_show", map[string]any{"id": "x"}, nil)
	for _, e := range []error{err, err2} {
		if e == nil || strings.Contains(e.Error(), token) {
			t.Errorf("error %v is nil or shows the token", e)
		}
	}
}

func TestClientNeverRetriesA4xx(t *testing.T) {
	for _, status := range []int{400, 403, 404, 409} {
		srv, hits, _ := cannedServer(t, status, `{"success": false, "error": {"__type": "Validation Error"}}`)
		c := clientFor(t, srv.URL, token, publish.ClientConfig{})
		if err := c.Call(context.Background(), "package_create", map[string]any{}, nil); err == nil || hits.Load() != 1 {
			t.Errorf("%d: err = %v after %d attempts, want 1", status, err, hits.Load())
		}
	}
}

func TestClientRetriesANetworkErrorWithBoundedBackoff(t *testing.T) {
	srv, _, _ := cannedServer(t, 200, `{"success": true, "result": null}`)
	url := srv.URL
	srv.Close()
	var waits []time.Duration
	c := clientFor(t, url, token, publish.ClientConfig{Retry: publish.Retry{Attempts: 5, Base: 100 * time.Millisecond,
		Max: 300 * time.Millisecond, Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}})
	if err := c.Call(context.Background(), "package_show", map[string]any{}, nil); err == nil {
		t.Fatal("call to a closed server succeeded")
	}
	ceilings := []time.Duration{100, 200, 300, 300}
	if len(waits) != len(ceilings) {
		t.Fatalf("waits = %v, want %d", waits, len(ceilings))
	}
	for i, w := range waits {
		if w < 0 || w >= ceilings[i]*time.Millisecond {
			t.Errorf("wait %d = %v, want in [0, %v)", i, w, ceilings[i]*time.Millisecond)
		}
	}
}

func TestClientStopsRetryingWhenTheContextEnds(t *testing.T) {
	srv, hits, _ := cannedServer(t, 503, `busy`)
	ctx, cancel := context.WithCancel(context.Background())
	c := clientFor(t, srv.URL, token, publish.ClientConfig{Retry: publish.Retry{Attempts: 10,
		Sleep: func(context.Context, time.Duration) error { cancel(); return context.Canceled }}})
	if err := c.Call(ctx, "package_show", map[string]any{}, nil); err == nil || hits.Load() != 1 {
		t.Errorf("err = %v after %d attempts", err, hits.Load())
	}
}

func TestClientLimitsTheResponseBody(t *testing.T) {
	srv, _, _ := cannedServer(t, 200, `{"success": true, "result": "`+strings.Repeat("a", 4096)+`"}`)
	c := clientFor(t, srv.URL, token, publish.ClientConfig{MaxBody: 1024})
	err := c.Call(context.Background(), "package_show", map[string]any{}, nil)
	if err == nil || !strings.Contains(err.Error(), "larger than 1024 bytes") {
		t.Errorf("err = %v", err)
	}
}

func TestClientTimesOut(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-block }))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(block) })
	c := clientFor(t, srv.URL, token, publish.ClientConfig{Timeout: 50 * time.Millisecond, Retry: publish.Retry{Attempts: 1}})
	if err := c.Call(context.Background(), "package_show", map[string]any{}, nil); err == nil {
		t.Error("a call to a server that never answers succeeded")
	}
}

func TestNewClientRefusesABadURL(t *testing.T) {
	for _, u := range []string{"", "data.go.th", "ftp://data.go.th", "https://"} {
		if _, err := publish.NewClient(publish.ClientConfig{URL: u}); err == nil {
			t.Errorf("NewClient(%q) succeeded", u)
		}
	}
}

func TestClientNeverPrintsItsToken(t *testing.T) {
	c := clientFor(t, "https://user:secret@data.example/ckan", token, publish.ClientConfig{})
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%v %+v %#v %s", c, c, c, c)} {
		if strings.Contains(s, token) || strings.Contains(s, "secret") {
			t.Errorf("printed client shows a secret: %s", s)
		}
	}
}

func TestClientKeepsTheSitePath(t *testing.T) {
	var path atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path.Store(r.URL.Path)
		_, _ = w.Write([]byte(`{"success": true, "result": null}`))
	}))
	t.Cleanup(srv.Close)
	c := clientFor(t, srv.URL+"/portal/", token, publish.ClientConfig{})
	if err := c.Call(context.Background(), "package_show", map[string]any{"id": "x"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := path.Load(); got != "/portal/api/3/action/package_show" {
		t.Errorf("path = %v", got)
	}
}
