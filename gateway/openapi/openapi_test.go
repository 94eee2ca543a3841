package openapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/gateway/openapi"
	"github.com/gdx-exchange/gdx/gateway/openapi/openapitest"
)

const server = "https://api.gdx.test"

func load(t *testing.T, doc []byte) *openapitest.Validator {
	t.Helper()
	v, err := openapitest.Load(doc, server)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDocumentIsValidOpenAPI31(t *testing.T) {
	v := load(t, openapi.Document())
	if v.Doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", v.Doc.OpenAPI)
	}
	for _, p := range []string{"/healthz", "/readyz", "/v1/whoami", "/v1/datasets/{dataset}/records/{key}", "/v1/datasets/{dataset}/records:batch"} {
		if v.Doc.Paths.Find(p) == nil {
			t.Errorf("no path %s", p)
		}
	}
	schemes := v.Doc.Components.SecuritySchemes
	if s := schemes["mutualTLS"]; s == nil || s.Value.Type != "mutualTLS" {
		t.Errorf("mutualTLS scheme: %+v", s)
	}
	if s := schemes["requestJWT"]; s == nil || s.Value.Scheme != "bearer" || s.Value.BearerFormat != "JWT" {
		t.Errorf("requestJWT scheme: %+v", s)
	}
	claims := v.Doc.Components.Schemas["RequestJWTClaims"].Value
	for _, c := range []string{"iss", "sub", "aud", "iat", "exp", "jti", "purpose", "ial", "aal", "cnf"} {
		if !contains(claims.Required, c) {
			t.Errorf("claim %s is not required", c)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestGoldenAnswersMatch checks every answer in gateway's golden files,
// the agency API's wire contract, against the document.
func TestGoldenAnswersMatch(t *testing.T) {
	v := load(t, openapi.Document())
	checked := 0
	for _, file := range []string{"../testdata/answers.golden", "../testdata/reasons.golden"} {
		for _, e := range readGolden(t, file) {
			var p struct{ Reason string }
			_ = json.Unmarshal([]byte(e.body), &p)
			if p.Reason == "no_route" {
				continue // a path the document rightly does not have
			}
			if _, err := check(t, v, e, p.Reason); err != nil {
				t.Errorf("%s %s: %v", file, e.name, err)
			}
			checked++
		}
	}
	if checked < 40 {
		t.Errorf("checked %d golden answers; the golden files hold more", checked)
	}
}

// check validates one golden answer, returning the request's and the
// response's errors. A batch's request body, not in the golden file, is
// one well-formed key.
func check(t *testing.T, v *openapitest.Validator, e goldenExchange, reason string) (error, error) {
	t.Helper()
	var body []byte
	if e.method == http.MethodPost {
		body = []byte(`{"keys":["1000000000017"]}`)
	}
	req := httptest.NewRequest(e.method, server+e.target, strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer x.y.z")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return v.Check(context.Background(), req, body, e.response(reason), []byte(e.body))
}

func TestServesTheDocument(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	openapi.Handler{}.Register(e)
	res := serve(e, http.MethodGet, "")
	if res.Code != 200 || res.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("GET: %d %q", res.Code, res.Header().Get("Content-Type"))
	}
	if res.Body.String() != string(openapi.Document()) {
		t.Error("GET does not answer the embedded document")
	}
	etag := res.Header().Get("ETag")
	if etag == "" || !strings.Contains(res.Header().Get("Cache-Control"), "max-age=") {
		t.Errorf("caching headers: ETag %q, Cache-Control %q", etag, res.Header().Get("Cache-Control"))
	}
	tests := []struct {
		name, method, ifNoneMatch string
		status                    int
	}{
		{"matching etag", http.MethodGet, etag, 304},
		{"weak etag in a list", http.MethodGet, `"other", W/` + etag, 304},
		{"other etag", http.MethodGet, `"other"`, 200},
		{"head", http.MethodHead, "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if res := serve(e, tt.method, tt.ifNoneMatch); res.Code != tt.status {
				t.Errorf("status %d, want %d", res.Code, tt.status)
			}
		})
	}
}

func serve(h http.Handler, method, ifNoneMatch string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, openapi.Path, nil)
	if ifNoneMatch != "" {
		req.Header.Set("If-None-Match", ifNoneMatch)
	}
	res := httptest.NewRecorder()
	h.ServeHTTP(res, req)
	return res
}
