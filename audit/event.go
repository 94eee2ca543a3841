package audit

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gdx-exchange/gdx/catalog"
)

// Kind says what an Event records.
type Kind string

// The event kinds.
const (
	KindLookup      Kind = "lookup"       // one record fetched (or refused after authentication)
	KindBatch       Kind = "batch"        // a batch of up to 100 keys under one decision
	KindDenial      Kind = "denial"       // the policy refused the request
	KindAuthFailure Kind = "auth_failure" // mTLS or request JWT verification failed
	KindAdmin       Kind = "admin"        // an administrative action
	KindWithhold    Kind = "withhold"     // lookups withheld from SubjectLookups (AddWithhold)
)

// Kinds lists every event kind.
var Kinds = []Kind{KindLookup, KindBatch, KindDenial, KindAuthFailure, KindAdmin, KindWithhold}

// Decision is the outcome an Event records.
type Decision string

// The decisions.
const (
	DecisionAllow Decision = "allow"
	DecisionDeny  Decision = "deny"
	DecisionError Decision = "error"
)

// Decisions lists every decision.
var Decisions = []Decision{DecisionAllow, DecisionDeny, DecisionError}

// Event is one audited request or action. The caller fills the fields
// from RequestID to Count, and Time if it wants another than now; the
// Writer assigns ID (and Time when zero) and the chain fields.
//
// Its JSON form (the admin API's and `gdx audit query`'s) names every
// field in snake_case, as the canonical encoding does.
type Event struct {
	ID        string    `json:"id"`   // NewID(Time), assigned by the Writer; sorts by time
	Time      time.Time `json:"time"` // stored in UTC to the microsecond
	RequestID string    `json:"request_id"`
	Kind      Kind      `json:"kind"`

	Agency  string `json:"agency"`  // the consumer agency (for KindWithhold: the agency whose lookups are withheld)
	Officer string `json:"officer"` // the acting officer's pseudonymous id (JWT sub), or the steward or operator
	Purpose string `json:"purpose"`
	Dataset string `json:"dataset"`
	Grant   string `json:"grant"` // the data-sharing grant the decision used, if any

	KeyKind   string   `json:"key_kind"`   // catalog.KeyKind of the record key
	KeyHash   string   `json:"key_hash"`   // Hasher.HashKey of the record key; never the key itself
	KeyHashes []string `json:"key_hashes"` // for KindBatch: the hash of every key, so SubjectLookups finds them
	Keys      int      `json:"keys"`       // for KindBatch: the number of keys asked for

	FieldsReturned []string `json:"fields_returned"`
	FieldsWithheld []string `json:"fields_withheld"`
	Decision       Decision `json:"decision"`
	Reasons        []string `json:"reasons"` // reason codes, "code" or "code:field" (policies.ParseReason)
	PolicyVersion  string   `json:"policy_version"`
	DecisionID     string   `json:"decision_id"`
	UpstreamStatus int      `json:"upstream_status"` // the owning agency's HTTP status, 0 when not called
	LatencyMicros  int64    `json:"latency_us"`      // the whole request
	Status         int      `json:"status"`          // the HTTP status answered

	ClientAddr     string `json:"client_addr"`
	CertThumbprint string `json:"cert_thumbprint"` // SHA-256 of the client certificate, base64url
	Check          string `json:"check"`           // the authentication check that failed
	Evidence       string `json:"evidence"`        // the request JWT (compact JWS), or the admin action as JSON

	// Action is the stable code of an operator's or steward's action
	// (KindAdmin, KindWithhold), such as "grant.approve".
	Action string `json:"action"`
	// Target names what the action changed, such as "grant/g-1a2b".
	Target string `json:"target"`
	// Count is, for a KindAuthFailure summary, how many failures it
	// stands for that were not audited one by one; 0 for an event that
	// stands for itself (see Occurrences).
	Count int `json:"count"`

	// The chain fields, assigned by the Writer.
	Writer   string `json:"writer"`    // the writer (replica) whose chain holds the event
	Seq      int64  `json:"seq"`       // 1, 2, 3, … within the writer's chain
	Version  int    `json:"version"`   // the canonical encoding Hash covers: CanonicalVersion, or older for older events
	PrevHash string `json:"prev_hash"` // hex SHA-256 of the previous link; GenesisHash for Seq 1
	Hash     string `json:"hash"`      // ChainHash(PrevHash, event)
}

// Occurrences returns how many requests or attempts e stands for: Count
// for a summary, else 1.
func (e Event) Occurrences() int { return max(e.Count, 1) }

// NewID returns a new event id for time t: 16 hex digits of t's unix
// microseconds followed by 16 random hex digits, so that ids sort by time.
func NewID(t time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(t.UnixMicro()))
	rand.Read(b[8:]) // never fails since Go 1.24
	return hex.EncodeToString(b[:])
}

// Validate checks what the caller fills: a known kind and decision, and key
// hashes that look like HashKey output, so that a raw record key can never
// be stored by mistake. Errors: invalid.
func (e Event) Validate() error {
	if !slices.Contains(Kinds, e.Kind) {
		return catalog.Errorf(catalog.KindInvalid, "audit event kind %q is unknown", e.Kind)
	}
	if !slices.Contains(Decisions, e.Decision) {
		return catalog.Errorf(catalog.KindInvalid, "audit event decision %q is unknown", e.Decision)
	}
	for _, h := range append([]string{e.KeyHash}, e.KeyHashes...) {
		if h != "" && !isKeyHash(h) {
			return catalog.Errorf(catalog.KindInvalid, "audit event key hash is not a keyed hash (raw key?)")
		}
	}
	if e.Keys < 0 || e.UpstreamStatus < 0 || e.Status < 0 || e.LatencyMicros < 0 || e.Count < 0 {
		return catalog.Errorf(catalog.KindInvalid, "audit event counts must not be negative")
	}
	return nil
}

// isKeyHash reports whether h has the shape of HashKey's output: 32 bytes
// in unpadded base64url.
func isKeyHash(h string) bool {
	if len(h) != 43 { // not HashKey's length; decoding skips newlines
		b, err := base64.RawURLEncoding.DecodeString(h)
		return err == nil && len(b) == 32
	}
	var in [43]byte // HashKey's text, decoded in place
	var b [33]byte
	copy(in[:], h)
	n, err := base64.RawURLEncoding.Decode(b[:], in[:])
	return err == nil && n == 32
}

// Limits on what one event stores, since some fields come from the caller
// (a request id header, an unverified token): longer text is cut.
const (
	MaxTextBytes     = 1 << 10  // any text field but Evidence, and each list item
	MaxEvidenceBytes = 16 << 10 // Evidence
)

// normalize gives e the form it is stored in, so that the hash computed
// before storing is the hash recomputed after reading: the time in UTC to
// the microsecond, every string valid UTF-8 without NUL (which PostgreSQL
// TEXT refuses) and within its limit, and empty lists as nil.
func normalize(e Event) Event {
	e.Time = time.UnixMicro(e.Time.UnixMicro()).UTC()
	for _, s := range e.strings() {
		*s = cleanText(*s, MaxTextBytes)
	}
	e.Evidence = cleanText(e.Evidence, MaxEvidenceBytes)
	lists := [...]*[]string{&e.KeyHashes, &e.FieldsReturned, &e.FieldsWithheld, &e.Reasons}
	total := 0
	for _, l := range lists {
		total += len(*l)
	}
	// NOTE: the event keeps copies of its lists, never the caller's; one
	// array holds them all, each list capped at its length so that an
	// append to one never writes into the next.
	all := make([]string, 0, total)
	for _, l := range lists {
		if len(*l) == 0 {
			*l = nil
			continue
		}
		start := len(all)
		for _, s := range *l {
			all = append(all, cleanText(s, MaxTextBytes))
		}
		*l = all[start:len(all):len(all)]
	}
	return e
}

// strings returns pointers to e's text fields but Evidence.
func (e *Event) strings() []*string {
	return []*string{&e.ID, &e.RequestID, (*string)(&e.Kind), &e.Agency, &e.Officer, &e.Purpose,
		&e.Dataset, &e.Grant, &e.KeyKind, &e.KeyHash, (*string)(&e.Decision), &e.PolicyVersion,
		&e.DecisionID, &e.ClientAddr, &e.CertThumbprint, &e.Check, &e.Action, &e.Target, &e.Writer}
}

// cleanText replaces invalid UTF-8, drops NUL bytes and cuts s to at most
// limit bytes at a character boundary.
func cleanText(s string, limit int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.ReplaceAll(s, "\x00", "")
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
