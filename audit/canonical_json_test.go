package audit

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// The canonical encoding as it was first written, through encoding/json:
// appendCanonical must give the same bytes for every event.

// canonicalV1 is the canonical encoding, version 1. Its member order is the
// order of the fields below and never changes.
type canonicalV1 struct {
	V              int      `json:"v"`
	Writer         string   `json:"writer"`
	Seq            int64    `json:"seq"`
	ID             string   `json:"id"`
	TimeMicros     int64    `json:"time_us"`
	RequestID      string   `json:"request_id"`
	Kind           Kind     `json:"kind"`
	Agency         string   `json:"agency"`
	Officer        string   `json:"officer"`
	Purpose        string   `json:"purpose"`
	Dataset        string   `json:"dataset"`
	Grant          string   `json:"grant"`
	KeyKind        string   `json:"key_kind"`
	KeyHash        string   `json:"key_hash"`
	KeyHashes      []string `json:"key_hashes"`
	Keys           int      `json:"keys"`
	FieldsReturned []string `json:"fields_returned"`
	FieldsWithheld []string `json:"fields_withheld"`
	Decision       Decision `json:"decision"`
	Reasons        []string `json:"reasons"`
	PolicyVersion  string   `json:"policy_version"`
	DecisionID     string   `json:"decision_id"`
	UpstreamStatus int      `json:"upstream_status"`
	LatencyMicros  int64    `json:"latency_us"`
	Status         int      `json:"status"`
	ClientAddr     string   `json:"client_addr"`
	CertThumbprint string   `json:"cert_thumbprint"`
	Check          string   `json:"check"`
	Evidence       string   `json:"evidence"`
}

// canonicalV2 is the canonical encoding, version 2: version 1's members
// (encoding/json writes an embedded struct's fields in place), then the
// typed fields of actions and summaries.
type canonicalV2 struct {
	canonicalV1
	Action string `json:"action"`
	Target string `json:"target"`
	Count  int    `json:"count"`
}

// canonicalByJSON is Canonical through encoding/json.
func canonicalByJSON(t testing.TB, e Event) []byte {
	t.Helper()
	orEmpty := func(l []string) []string {
		if l == nil {
			return []string{}
		}
		return l
	}
	v1 := canonicalV1{
		V: e.Version, Writer: e.Writer, Seq: e.Seq, ID: e.ID, TimeMicros: e.Time.UnixMicro(),
		RequestID: e.RequestID, Kind: e.Kind, Agency: e.Agency, Officer: e.Officer,
		Purpose: e.Purpose, Dataset: e.Dataset, Grant: e.Grant, KeyKind: e.KeyKind,
		KeyHash: e.KeyHash, KeyHashes: orEmpty(e.KeyHashes), Keys: e.Keys,
		FieldsReturned: orEmpty(e.FieldsReturned), FieldsWithheld: orEmpty(e.FieldsWithheld),
		Decision: e.Decision, Reasons: orEmpty(e.Reasons), PolicyVersion: e.PolicyVersion,
		DecisionID: e.DecisionID, UpstreamStatus: e.UpstreamStatus, LatencyMicros: e.LatencyMicros,
		Status: e.Status, ClientAddr: e.ClientAddr, CertThumbprint: e.CertThumbprint,
		Check: e.Check, Evidence: e.Evidence,
	}
	var c any = v1
	if e.Version != 1 {
		c = canonicalV2{canonicalV1: v1, Action: e.Action, Target: e.Target, Count: e.Count}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// awkwardTexts are strings every escaping rule of encoding/json meets.
func awkwardTexts() []string {
	var all strings.Builder
	for c := range 0x80 {
		all.WriteByte(byte(c))
	}
	return []string{"", "plain", all.String(), "ก่อน\u2028หลัง\u2029", "<a href=\"x\">&amp;</a>", "bad \xff\xfe utf-8 \xe0\x80",
		"tab\there\\back\"quote", "\x7f\u0085\ufeff", "emoji 🇹🇭", strings.Repeat("é", 300), "\xed\xa0\x80 surrogate"}
}

func TestCanonicalMatchesEncodingJSON(t *testing.T) {
	texts := awkwardTexts()
	for version := range 4 {
		for i, s := range texts {
			e := Event{Version: version, Writer: s, Seq: int64(i) - 1, ID: s, Time: time.UnixMicro(int64(i) * 1_234_567_891),
				RequestID: s, Kind: Kind(s), Agency: s, Officer: s, Purpose: s, Dataset: s, Grant: s, KeyKind: s, KeyHash: s,
				Keys: -i, Decision: Decision(s), PolicyVersion: s, DecisionID: s, UpstreamStatus: 504, LatencyMicros: 1 << 40,
				Status: i, ClientAddr: s, CertThumbprint: s, Check: s, Evidence: s, Action: s, Target: s, Count: i}
			if i%2 == 0 {
				e.KeyHashes, e.FieldsReturned, e.FieldsWithheld, e.Reasons = texts, texts[:i], []string{s}, []string{s, s}
			}
			if got, want := Canonical(e), canonicalByJSON(t, e); !bytes.Equal(got, want) {
				t.Errorf("version %d, text %d:\n got %s\nwant %s", version, i, got, want)
			}
		}
	}
}

func FuzzCanonicalMatchesEncodingJSON(f *testing.F) {
	for _, s := range awkwardTexts() {
		f.Add(s, s, int64(len(s)))
	}
	f.Fuzz(func(t *testing.T, a, b string, n int64) {
		e := Event{Version: int(n % 3), Writer: a, Seq: n, ID: b, Time: time.UnixMicro(n), Officer: a, Evidence: b,
			Reasons: []string{a, b}, FieldsReturned: []string{b}, Action: a, Count: int(n)}
		if got, want := Canonical(e), canonicalByJSON(t, e); !bytes.Equal(got, want) {
			t.Errorf("got %s\nwant %s", got, want)
		}
	})
}
