package integration

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/gateway/openapi/openapitest"
)

// apiExchange is one call of the agency API that the OpenAPI document
// must describe.
type apiExchange struct {
	name   string
	agency string // whose certificate; "" for the probes' DLA default
	token  bool   // send a fresh request JWT of the agency
	method string
	path   string
	body   string
	status int
	// badRequest: the document itself forbids the request (it is sent to
	// see the refusal), so only the answer must match.
	badRequest bool
}

// TestOpenAPIDocumentDescribesTheLiveAPI fetches /openapi.json from the
// demo's public web listener, and checks real requests to the agency API
// and their answers against it with kin-openapi's openapi3filter. The
// security schemes are accepted as given: the server checked TLS and the
// JWT itself.
func TestOpenAPIDocumentDescribesTheLiveAPI(t *testing.T) {
	d := startDemo(t, t.TempDir())
	doc := fetchOpenAPI(t, d)
	v := loadOpenAPI(t, doc, d.Info.APIURL)
	person, company := d.sampleKey(t, "dopa.person"), d.sampleKey(t, "dbd.company")
	lookup := "/v1/datasets/dopa.person/records/"
	tests := []apiExchange{
		{name: "healthz", method: "GET", path: "/healthz", status: 200},
		{name: "readyz", method: "GET", path: "/readyz", status: 200},
		{name: "whoami", token: true, method: "GET", path: "/v1/whoami", status: 200},
		{name: "lookup", token: true, method: "GET", path: lookup + person, status: 200},
		{name: "lookup of some fields", token: true, method: "GET", path: lookup + person + "?fields=first_name_th,birth_date", status: 200},
		{name: "lookup of a company", token: true, method: "GET", path: "/v1/datasets/dbd.company/records/" + company, status: 200},
		{name: "batch", token: true, method: "POST", path: "/v1/datasets/dopa.person/records:batch",
			body: `{"keys":["` + person + `","12345"],"fields":["citizen_id","first_name_th","religion"]}`, status: 200},
		{name: "no token", method: "GET", path: lookup + person, status: 401},
		{name: "no grant", agency: "NOGRANT", token: true, method: "GET", path: lookup + person, status: 403},
		{name: "top secret", token: true, method: "GET", path: "/v1/datasets/dopa.protected-person/records/" + person, status: 403},
		{name: "unknown dataset", token: true, method: "GET", path: "/v1/datasets/dopa.nope/records/" + person, status: 404},
		{name: "bad key", token: true, method: "GET", path: lookup + "1234567890123", status: 400},
		{name: "unknown field", token: true, method: "GET", path: lookup + person + "?fields=first_name_th,salary", status: 400},
		{name: "unknown query parameter", token: true, method: "GET", path: lookup + person + "?debug=1", status: 400},
		{name: "batch too large", token: true, method: "POST", path: "/v1/datasets/dopa.person/records:batch",
			body: `{"keys":[` + strings.Repeat(`"1",`, 100) + `"1"]}`, status: 400, badRequest: true},
		{name: "batch with an unknown member", token: true, method: "POST", path: "/v1/datasets/dopa.person/records:batch",
			body: `{"keys":["` + person + `"],"key":"x"}`, status: 400, badRequest: true},
		{name: "long target", token: true, method: "GET", path: lookup + strings.Repeat("1", 9000), status: 414},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, res, body := d.callAPI(t, tt)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			reqErr, resErr := v.Check(ctx(t), req, []byte(tt.body), res, body)
			if resErr != nil {
				t.Errorf("the document does not describe the answer: %v\nbody: %.400s", resErr, body)
			}
			if tt.badRequest && reqErr == nil {
				t.Errorf("the document allows a request the API refuses")
			}
			if !tt.badRequest && reqErr != nil {
				t.Errorf("the document refuses the request: %v", reqErr)
			}
		})
	}
	t.Run("a document that disagrees fails", func(t *testing.T) {
		renamed := strings.Replace(string(doc), `"required": ["agency", "officer",`, `"required": ["agency", "officer_id",`, 1)
		if renamed == string(doc) {
			t.Fatal("the Whoami schema's required list moved; update the mutation")
		}
		req, res, body := d.callAPI(t, apiExchange{token: true, method: "GET", path: "/v1/whoami"})
		if _, err := loadOpenAPI(t, []byte(renamed), d.Info.APIURL).Check(ctx(t), req, nil, res, body); err == nil {
			t.Errorf("a document requiring officer_id accepts the whoami answer %s", body)
		}
	})
}

func loadOpenAPI(t *testing.T, doc []byte, apiURL string) *openapitest.Validator {
	t.Helper()
	v, err := openapitest.Load(doc, apiURL)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// fetchOpenAPI gets /openapi.json from the public web listener.
func fetchOpenAPI(t *testing.T, d *runningDemo) []byte {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx(t), http.MethodGet, d.Info.WebURL+"/openapi.json", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	doc, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/json" || res.Header.Get("ETag") == "" {
		t.Fatalf("GET /openapi.json: %d %q, ETag %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("ETag"))
	}
	return doc
}

// callAPI sends one exchange with the agency's client certificate and
// returns the request sent, the answer and its body.
func (d *runningDemo) callAPI(t *testing.T, x apiExchange) (*http.Request, *http.Response, []byte) {
	t.Helper()
	agency := x.agency
	if agency == "" {
		agency = "DLA"
	}
	req, err := http.NewRequestWithContext(ctx(t), x.method, d.Info.APIURL+x.path, bytes.NewReader([]byte(x.body)))
	if err != nil {
		t.Fatal(err)
	}
	if x.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if x.token {
		req.Header.Set("Authorization", "Bearer "+d.tokenFor(t, agency, "licensing"))
	}
	res, err := d.agencyClient(t, agency).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", x.method, x.path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return req, res, body
}
