package audit

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/gdx-exchange/gdx/catalog"
)

// CanonicalVersion is the version of the canonical encoding the Writer
// seals new events with, written as the encoding's first member "v" and
// kept in Event.Version. A change of encoding gets a new version; Canonical
// keeps producing every older one for the events that carry it, so chains
// sealed by an older release still verify.
//
// The versions:
//   - 1: the members of canonicalV1.
//   - 2: version 1's members, then "action", "target" and "count"
//     (Event.Action, Target and Count, which version 1 events never hold).
const CanonicalVersion = 2

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

// Canonical returns the bytes of e that its hash covers, in the encoding
// e.Version names: a JSON object with exactly the members of that
// version, in order — "v" (e.Version), "writer", "seq", "id", "time_us"
// (unix microseconds), then every other Event field under its snake_case
// name ("keys", "latency_us", "check", …) in version 1's order, and for
// version 2 "action", "target" and "count" last — with no whitespace, no
// trailing newline, lists always as arrays ([] when empty, never null),
// integers in decimal, and strings escaped as encoding/json does with HTML
// escaping off (only ", \ and control characters escaped; U+2028 and
// U+2029 as \u2028 and \u2029; everything else as UTF-8). PrevHash and
// Hash are not members: PrevHash is hashed in front (ChainHash) and Hash
// is the result. A version other than 1 encodes as version 2 with its own
// "v", so a forged version never hashes like a real one; Verify refuses
// unknown versions anyway (CheckEncoding).
//
// e must be normalised as the Writer does (UTC microseconds, valid UTF-8
// without NUL); a stored event read back always is.
func Canonical(e Event) []byte {
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
		panic(fmt.Sprintf("audit: encode canonical event: %v", err)) // strings, ints and lists always encode
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// CheckEncoding checks that e's Version is one Canonical knows and that
// e holds no field its version's encoding leaves out: such a field would
// not be covered by the hash, so whoever could write the column could
// change it unseen. Stores refuse such events and Verify reports them as
// altered. Errors: invalid.
func (e Event) CheckEncoding() error {
	switch {
	case e.Version < 1 || e.Version > CanonicalVersion:
		return catalog.Errorf(catalog.KindInvalid, "audit event %s/%d has canonical encoding version %d, which is unknown",
			e.Writer, e.Seq, e.Version)
	case e.Version == 1 && (e.Action != "" || e.Target != "" || e.Count != 0):
		return catalog.Errorf(catalog.KindInvalid, "audit event %s/%d of encoding version 1 holds action, target or count, which that version does not cover",
			e.Writer, e.Seq)
	}
	return nil
}

func orEmpty(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}
