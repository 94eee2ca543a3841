package gateway

import (
	"crypto/x509"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/internal/goldentest"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/policies"
)

// TestReasonProblems answers one request for each reason code the agency
// API gives outside the request JWT's checks (authn has those), checks the
// body names that reason, and pins every problem+json body in
// testdata/reasons.golden. CheckCertUntrusted and CheckTLSProtocol are
// handshake refusals: the audit names them, no HTTP answer does.
func TestReasonProblems(t *testing.T) {
	person := "/v1/datasets/dopa.person/records/" + demo.PersonKey(1)
	get := func(path string) apiCall { return apiCall{method: http.MethodGet, path: path} }
	batch := func(body string) apiCall {
		return apiCall{method: http.MethodPost, path: "/v1/datasets/dopa.person/records:batch", body: body}
	}
	with := func(c apiCall, edit func(*apiCall)) apiCall { edit(&c); return c }
	keys := make([]string, 21)
	for i := range keys {
		keys[i] = demo.PersonKey(i + 1)
	}
	tests := []struct {
		reason string
		call   apiCall
	}{
		{ReasonNoClientCert, with(get(person), func(c *apiCall) { c.noCert = true })},
		{CheckCertWeak, with(get(person), func(c *apiCall) { c.cert = clientCert(t, "DLA", true, nil) })},
		{CheckCertExpired, with(get(person), func(c *apiCall) {
			c.cert = clientCert(t, "DLA", false, func(x *x509.Certificate) { x.NotAfter = time.Now().Add(-time.Minute) })
		})},
		{CheckCertRevoked, with(get(person), func(c *apiCall) {
			c.cert = clientCert(t, "DLA", false, func(x *x509.Certificate) { x.Subject.OrganizationalUnit = []string{unitRevoked} })
		})},
		{CheckRevocationList, with(get(person), func(c *apiCall) {
			c.cert = clientCert(t, "DLA", false, func(x *x509.Certificate) { x.Subject.OrganizationalUnit = []string{unitStaleList} })
		})},
		{ReasonCertIdentity, with(get(person), func(c *apiCall) {
			c.cert = clientCert(t, "DLA", false, func(x *x509.Certificate) { x.Subject.CommonName = "RD" })
		})},
		{ReasonUnknownAgency, with(get(person), func(c *apiCall) { c.agency = "ZZZ" })},
		{ReasonAgencySuspend, with(get(person), func(c *apiCall) { c.agency = agencyGone })},
		{ReasonHeadersTooLarge, with(get(person), func(c *apiCall) {
			c.header = http.Header{"X-Padding": {strings.Repeat("x", maxHeaderTotal)}}
		})},
		{httpapi.ReasonNoRoute, get("/v2/nowhere")},
		{httpapi.ReasonNoRoute, apiCall{method: http.MethodPost, path: "/v1/datasets/dopa.person/records:frob", body: "{}"}},
		{ReasonDatasetUnknown, get("/v1/datasets/dopa.nothing/records/1")},
		{policies.ReasonTopSecret, get("/v1/datasets/" + demo.ProtectedDataset + "/records/" + demo.PersonKey(1))},
		{catalog.ReasonKeyMalformed, get("/v1/datasets/dopa.person/records/12345")},
		{catalog.ReasonKeyChecksum, get("/v1/datasets/dopa.person/records/1000000000018")},
		{catalog.ReasonKeyNotSupported, get("/v1/datasets/" + demo.LicenceDataset + "/records/1")},
		{policies.ReasonUnknownField, get(person + "?fields=first_name_th,shoe_size")},
		{ReasonTooManyFields, get(person + "?fields=" + strings.Repeat("a,", MaxRequestedFields+1))},
		{ReasonFieldsTooLong, get(person + "?fields=" + strings.Repeat("a", MaxFieldsParam+1))},
		{ReasonRateLimited, with(get(person), func(c *apiCall) { c.agency = agencyLimited })},
		{audit.ReasonUnavailable, with(get(person), func(c *apiCall) { c.agency = agencyNoAudit })},
		{policies.ReasonNoGrant, with(get(person), func(c *apiCall) { c.agency = "NOGRANT" })},
		{policies.ReasonPurposeNotGrant, with(get(person), func(c *apiCall) { c.token = "statistics" })},
		{ReasonDenied, with(get(person), func(c *apiCall) { c.agency = agencySilent })},
		{ReasonBatchSize, batch(`{"keys":[]}`)},
		{ReasonBatchOverBurst, with(batch(`{"keys":["`+strings.Join(keys, `","`)+`"]}`), func(c *apiCall) {
			c.agency, c.token = "RD", "tax_assessment"
		})},
		{ReasonBodyMalformed, batch(`{"keys":["1"],}`)},
		{ReasonBodyTooLarge, batch(`{"keys":["` + strings.Repeat("1", answerBodyLimit) + `"]}`)},
		{httpapi.ReasonUnknownMember, batch(`{"keys":["1"],"shoe_size":42}`)},
		{httpapi.ReasonDuplicateMember, batch(`{"keys":["1"],"keys":["2"]}`)},
		{httpapi.ReasonBodyNotUTF8, batch("{\"keys\":[\"1\xff\"]}")},
		{httpapi.ReasonBodyNUL, batch(`{"keys":["1\u0000"]}`)},
		{httpapi.ReasonBodyEmpty, batch(``)},
		{httpapi.ReasonQueryUnknown, get(person + "?debug=1")},
		{httpapi.ReasonQueryRepeated, get(person + "?fields=first_name_th&fields=religion")},
		{httpapi.ReasonQueryMalformed, get(person + "?fields=first_name_th;religion")},
	}
	h := answerRoutes(t)
	var all strings.Builder
	for i, tt := range tests {
		tt.call.name = fmt.Sprintf("%s (%d)", tt.reason, i+1)
		rec, got := tt.call.do(t, h)
		all.WriteString(got)
		var p httpapi.Problem
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Reason != tt.reason ||
			rec.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %q, want a problem with reason %q", tt.call.name, rec.Code, rec.Body.String(), tt.reason)
		}
	}
	goldentest.Check(t, "reasons.golden", all.String())
	covered := map[string]bool{CheckCertUntrusted: true, CheckTLSProtocol: true}
	for _, tt := range tests {
		covered[tt.reason] = true
	}
	for name, code := range declaredReasons(t, "reasons.go") {
		if !covered[code] {
			t.Errorf("reason %s (%q) has no row in TestReasonProblems", name, code)
		}
	}
}

// declaredReasons returns the string constants declared in file.
func declaredReasons(t *testing.T, file string) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			v := spec.(*ast.ValueSpec)
			for i, name := range v.Names {
				if lit, ok := v.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					out[name.Name], _ = strconv.Unquote(lit.Value)
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no reason constants in %s", file)
	}
	return out
}
