package integration

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// lookupAnswer is the part of a lookup answer the tests read.
type lookupAnswer struct {
	Record   map[string]any `json:"record"`
	Withheld []struct {
		Field   string   `json:"field"`
		Reasons []string `json:"reasons"`
	} `json:"withheld"`
	Masked        map[string]string `json:"masked"`
	DecisionID    string            `json:"decision_id"`
	PolicyVersion string            `json:"policy_version"`
	AuditEvent    string            `json:"audit_event"`
	// problem fields
	Type    string   `json:"type"`
	Reason  string   `json:"reason"`
	Reasons []string `json:"reasons"`
	Results []struct {
		Key    string         `json:"key"`
		Record map[string]any `json:"record"`
		Error  *struct {
			Status int    `json:"status"`
			Reason string `json:"reason"`
			Type   string `json:"type"`
		} `json:"error"`
	} `json:"results"`
}

func (d *runningDemo) sampleKey(t *testing.T, dataset string) string {
	t.Helper()
	for _, ds := range d.Info.Datasets {
		if ds.ID == dataset && len(ds.SampleKeys) > 0 {
			return ds.SampleKeys[0]
		}
	}
	t.Fatalf("no sample key for %s", dataset)
	return ""
}

// lookup calls the agency API as code with a fresh token for the purpose.
func (d *runningDemo) lookup(t *testing.T, code, purpose, method, path string, body any) (*http.Response, lookupAnswer) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx(t), method, d.Info.APIURL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+d.tokenFor(t, code, purpose))
	res, err := d.agencyClient(t, code).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var a lookupAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("%s %s: status %d, body %q", method, path, res.StatusCode, raw)
	}
	return res, a
}

func (d *runningDemo) tokenFor(t *testing.T, code, purpose string) string {
	t.Helper()
	f := newForger(t, d, code)
	return f.token(t, func(c map[string]any) { c["purpose"] = purpose })
}

func TestLookups(t *testing.T) {
	d := startDemo(t, t.TempDir())
	person, company := d.sampleKey(t, "dopa.person"), d.sampleKey(t, "dbd.company")
	tests := []struct {
		name, agency, purpose, path string
		status                      int
		reason                      string
		check                       func(t *testing.T, a lookupAnswer)
	}{
		{"DLA reads a person for licensing", "DLA", "licensing", "/v1/datasets/dopa.person/records/" + person, 200, "", func(t *testing.T, a lookupAnswer) {
			requireStrings(t, a.Record, "first_name_th", "house_id")
			if a.Record["citizen_id"] != person || a.Record["address"] == nil {
				t.Errorf("record = %v", a.Record)
			}
			if _, ok := a.Record["religion"]; ok || !withheldFor(a, "religion", "sensitive_needs_s26_basis") {
				t.Errorf("religion must be withheld as PDPA s.26 data: %+v", a.Withheld)
			}
			if house, _ := a.Record["house_id"].(string); a.Masked["house_id"] != "partial" || !strings.HasPrefix(house, "xxxx") {
				t.Errorf("house_id must be masked: %v %v", a.Masked, a.Record["house_id"])
			}
			if a.DecisionID == "" || a.PolicyVersion == "" || a.AuditEvent == "" {
				t.Errorf("decision id, policy version and audit event are required: %+v", a)
			}
		}},
		{"RD gets fewer fields, citizen id masked", "RD", "tax_assessment", "/v1/datasets/dopa.person/records/" + person, 200, "", func(t *testing.T, a lookupAnswer) {
			requireStrings(t, a.Record, "citizen_id")
			if _, ok := a.Record["birth_date"]; ok || a.Record["citizen_id"] == person || a.Masked["citizen_id"] != "partial" {
				t.Errorf("RD record = %v, masked %v", a.Record, a.Masked)
			}
		}},
		{"Thai digits and hyphens in the key", "DLA", "licensing", "/v1/datasets/dopa.person/records/" + thaiDigits(person[:1]) + "-" + person[1:], 200, "", nil},
		{"DLA reads a company", "DLA", "licensing", "/v1/datasets/dbd.company/records/" + company, 200, "", func(t *testing.T, a lookupAnswer) {
			requireStrings(t, a.Record, "name_th")
			if a.Record["directors"] == nil {
				t.Errorf("company = %v", a.Record)
			}
		}},
		{"no grant", "NOGRANT", "licensing", "/v1/datasets/dopa.person/records/" + person, 403, "no_grant", nil},
		{"purpose outside the grant", "RD", "licensing", "/v1/datasets/dopa.person/records/" + person, 403, "purpose_not_in_grant", nil},
		{"top secret never", "DLA", "licensing", "/v1/datasets/dopa.protected-person/records/" + person, 403, "top_secret", nil},
		{"malformed key", "DLA", "licensing", "/v1/datasets/dopa.person/records/1234567890123", 400, "key_checksum", nil},
		{"unknown dataset", "DLA", "licensing", "/v1/datasets/dopa.nope/records/" + person, 404, "dataset_unknown", nil},
		{"unknown field", "DLA", "licensing", "/v1/datasets/dopa.person/records/" + person + "?fields=first_name_th,salary", 400, "unknown_field", nil},
		{"record the owner does not have", "DLA", "licensing", "/v1/datasets/dopa.person/records/" + withCheck("199999999999"), 404, "", func(t *testing.T, a lookupAnswer) {
			if !strings.HasPrefix(a.Type, "urn:gdx:problem:upstream:") {
				t.Errorf("a missing record is the owner's answer: type %q", a.Type)
			}
		}},
	}
	defer func() {
		t.Run("metrics", func(t *testing.T) { checkMetrics(t, d) })
	}()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, a := d.lookup(t, tt.agency, tt.purpose, http.MethodGet, tt.path, nil)
			if res.StatusCode != tt.status || (tt.reason != "" && a.Reason != tt.reason) {
				t.Fatalf("status %d reason %q (%v); want %d %q", res.StatusCode, a.Reason, a.Reasons, tt.status, tt.reason)
			}
			if tt.status != 200 && a.Record != nil {
				t.Fatalf("a refusal carried a record: %v", a.Record)
			}
			if tt.check != nil {
				tt.check(t, a)
			}
		})
	}
}

func TestBatchLookup(t *testing.T) {
	d := startDemo(t, t.TempDir())
	keys := append(d.Info.Datasets[0].SampleKeys[:0:0], d.sampleKeys(t, "dopa.person")...)
	keys = append(keys, "12345")
	res, a := d.lookup(t, "DLA", "licensing", http.MethodPost, "/v1/datasets/dopa.person/records:batch",
		map[string]any{"keys": keys, "fields": []string{"citizen_id", "first_name_th", "religion"}})
	if res.StatusCode != 200 || len(a.Results) != len(keys) || a.DecisionID == "" {
		t.Fatalf("status %d, %d results, decision %q", res.StatusCode, len(a.Results), a.DecisionID)
	}
	for _, r := range a.Results[:len(keys)-1] {
		if r.Error != nil {
			t.Errorf("key %s: %+v", r.Key, r.Error)
			continue
		}
		requireStrings(t, r.Record, "citizen_id", "first_name_th")
		if _, ok := r.Record["religion"]; ok {
			t.Errorf("key %s: religion returned without a s.26 basis: %v", r.Key, r.Record)
		}
	}
	if last := a.Results[len(keys)-1]; last.Error == nil || last.Error.Status != 400 {
		t.Errorf("the malformed key must fail alone: %+v", last)
	}
	res, a = d.lookup(t, "DLA", "licensing", http.MethodPost, "/v1/datasets/dopa.person/records:batch",
		map[string]any{"keys": make([]string, 101)})
	if res.StatusCode != 400 || a.Reason != "batch_size" {
		t.Fatalf("101 keys: %d %s", res.StatusCode, a.Reason)
	}
}

// requireStrings fails t unless every field is in the record as a
// non-empty string: a missing field must not pass as "".
func requireStrings(t *testing.T, record map[string]any, fields ...string) {
	t.Helper()
	for _, f := range fields {
		v, ok := record[f]
		if s, isString := v.(string); !ok || !isString || s == "" {
			t.Errorf("record field %s = %#v (present %v), want a non-empty string; record %v", f, v, ok, record)
		}
	}
}

func (d *runningDemo) sampleKeys(t *testing.T, dataset string) []string {
	for _, ds := range d.Info.Datasets {
		if ds.ID == dataset {
			return ds.SampleKeys
		}
	}
	t.Fatalf("no dataset %s", dataset)
	return nil
}

// TestUpstreamFailures switches the civil registry simulator's faults and
// checks the gateway answers in time, typed as the owner's failure.
func TestUpstreamFailures(t *testing.T) {
	d := startDemo(t, t.TempDir())
	person := d.sampleKey(t, "dopa.person")
	tests := []struct {
		name   string
		faults map[string]any
		status int
	}{
		{"garbage bodies", map[string]any{"garbage": true}, 502},
		{"owner failing", map[string]any{"error_rate": 1.0, "error_status": 503}, 502},
		{"owner hanging", map[string]any{"hang": true}, 504},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d.setFaults(t, "civil-registry", tt.faults)
			defer d.setFaults(t, "civil-registry", map[string]any{})
			start := time.Now()
			res, a := d.lookup(t, "DLA", "licensing", http.MethodGet, "/v1/datasets/dopa.person/records/"+person, nil)
			if res.StatusCode != tt.status || res.Header.Get("GDX-Error-Source") != "upstream" || a.Record != nil {
				t.Fatalf("status %d source %q type %q", res.StatusCode, res.Header.Get("GDX-Error-Source"), a.Type)
			}
			if took := time.Since(start); took > 12*time.Second {
				t.Errorf("took %s", took)
			}
		})
	}
}

func (d *runningDemo) setFaults(t *testing.T, upstream string, faults map[string]any) {
	t.Helper()
	var info struct {
		Simulators map[string]string `json:"simulators"`
	}
	json.Unmarshal(readFile(t, d.Dir, "demo.json"), &info)
	cert, err := tls.LoadX509KeyPair(filepath.Join(d.Dir, "upstream.crt"), filepath.Join(d.Dir, "upstream.key"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(faults)
	req, _ := http.NewRequest(http.MethodPut, info.Simulators[upstream]+"/_sim/faults", bytes.NewReader(b))
	res, err := d.client(t, &cert).Do(req)
	if err != nil || res.StatusCode >= 300 {
		t.Fatalf("set faults: %v %v", err, res)
	}
	res.Body.Close()
}

func TestRateLimit(t *testing.T) {
	d := startDemo(t, t.TempDir())
	company := d.sampleKey(t, "dbd.company")
	// RD's grant on dbd.company allows 120 a minute with a burst of 20.
	for i := 0; i < 40; i++ {
		res, a := d.lookup(t, "RD", "tax_assessment", http.MethodGet, "/v1/datasets/dbd.company/records/"+company, nil)
		if res.StatusCode == http.StatusTooManyRequests {
			if res.Header.Get("Retry-After") == "" || a.Reason != "rate_limited" || i < 15 {
				t.Fatalf("429 after %d lookups, Retry-After %q, reason %q", i, res.Header.Get("Retry-After"), a.Reason)
			}
			return
		}
		if res.StatusCode != 200 {
			t.Fatalf("lookup %d: status %d", i, res.StatusCode)
		}
	}
	t.Fatal("40 lookups at once were never limited")
}

func thaiDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune('๐' + (r - '0'))
	}
	return b.String()
}

// withCheck appends the mod-11 check digit to 12 digits.
func withCheck(first12 string) string {
	sum := 0
	for i := 0; i < 12; i++ {
		sum += int(first12[i]-'0') * (13 - i)
	}
	return first12 + string(rune('0'+(11-sum%11)%10))
}

func withheldFor(a lookupAnswer, field, reason string) bool {
	for _, w := range a.Withheld {
		if w.Field == field {
			for _, r := range w.Reasons {
				if r == reason {
					return true
				}
			}
		}
	}
	return false
}

// checkMetrics reads /metrics after the lookups and looks for every series
// the issue names.
func checkMetrics(t *testing.T, d *runningDemo) {
	res := get(t, d.client(t, nil), d.Info.AdminURL+"/metrics", nil)
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	for _, want := range []string{
		`gdx_lookups_total{agency="DLA",dataset="dopa.person",outcome="ok"}`,
		`gdx_lookups_total{agency="NOGRANT",dataset="dopa.person",outcome="denied"}`,
		"gdx_lookup_duration_seconds_bucket", "gdx_decision_duration_seconds_bucket",
		`gdx_upstream_duration_seconds_bucket{connector="civil-registry/person",outcome="ok"`,
		"gdx_audit_commit_seconds_bucket", "gdx_audit_queue_depth", `gdx_breaker_open{upstream="civil-registry"} 0`,
		"# TYPE gdx_audit_checkpoint_errors_total counter\ngdx_audit_checkpoint_errors_total 0",
		"# TYPE gdx_audit_events_rejected_total counter", "process_resident_memory_bytes", "process_open_fds",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
