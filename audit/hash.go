package audit

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gdx-exchange/gdx/catalog"
)

// GenesisHash is the PrevHash of every chain's first link: 32 zero bytes in
// hex.
var GenesisHash = strings.Repeat("0", 64)

// CanonicalVersion is the version of the canonical encoding, written as its
// first member "v". A change of encoding gets a new version; Canonical keeps
// producing every older one for the events that carry it.
const CanonicalVersion = 1

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

// Canonical returns the bytes of e that its hash covers: a JSON object
// with exactly the members of canonicalV1, in that order — "v" (1),
// "writer", "seq", "id", "time_us" (unix microseconds), then every other
// Event field in declaration order under its snake_case name ("keys",
// "latency_us", "check", …) — with no whitespace, no trailing newline,
// lists always as arrays ([] when empty, never null), integers in decimal,
// and strings escaped as encoding/json does with HTML escaping off
// (only ", \ and control characters escaped; U+2028 and U+2029 as \u2028
// and \u2029; everything else as UTF-8). PrevHash and Hash are not members:
// PrevHash is hashed in front (ChainHash) and Hash is the result.
//
// e must be normalised as the Writer does (UTC microseconds, valid UTF-8
// without NUL); a stored event read back always is.
func Canonical(e Event) []byte {
	c := canonicalV1{
		V: CanonicalVersion, Writer: e.Writer, Seq: e.Seq, ID: e.ID, TimeMicros: e.Time.UnixMicro(),
		RequestID: e.RequestID, Kind: e.Kind, Agency: e.Agency, Officer: e.Officer,
		Purpose: e.Purpose, Dataset: e.Dataset, Grant: e.Grant, KeyKind: e.KeyKind,
		KeyHash: e.KeyHash, KeyHashes: orEmpty(e.KeyHashes), Keys: e.Keys,
		FieldsReturned: orEmpty(e.FieldsReturned), FieldsWithheld: orEmpty(e.FieldsWithheld),
		Decision: e.Decision, Reasons: orEmpty(e.Reasons), PolicyVersion: e.PolicyVersion,
		DecisionID: e.DecisionID, UpstreamStatus: e.UpstreamStatus, LatencyMicros: e.LatencyMicros,
		Status: e.Status, ClientAddr: e.ClientAddr, CertThumbprint: e.CertThumbprint,
		Check: e.Check, Evidence: e.Evidence,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		panic(fmt.Sprintf("audit: encode canonical event: %v", err)) // strings, ints and lists always encode
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func orEmpty(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

// ChainHash returns the hash of a link: lowercase hex of
// SHA-256(prev || Canonical(e)), where prev is the 32 bytes that prevHash
// (hex) spells. A prevHash that is not 64 hex digits hashes as given,
// which can never match a hash the Writer made.
func ChainHash(prevHash string, e Event) string {
	h := sha256.New()
	prev, err := hex.DecodeString(prevHash)
	if err != nil || len(prev) != sha256.Size {
		prev = []byte(prevHash)
	}
	h.Write(prev)
	h.Write(Canonical(e))
	return hex.EncodeToString(h.Sum(nil))
}

// MinSecretBytes is the shortest secret NewHasher accepts.
const MinSecretBytes = 32

// Hasher makes the keyed hash under which a record key appears in the
// audit trail: with the exchange's secret, the same key always gives the
// same hash (so SubjectLookups can find it), and without it the hash says
// nothing about the key, not even by trying every citizen id.
type Hasher struct {
	secret []byte
}

// NewHasher returns a Hasher with the exchange's secret, which must be at
// least MinSecretBytes long. Errors: invalid.
func NewHasher(secret []byte) (*Hasher, error) {
	if len(secret) < MinSecretBytes {
		return nil, catalog.Errorf(catalog.KindInvalid, "audit: key hash secret has %d bytes, want at least %d",
			len(secret), MinSecretBytes)
	}
	return &Hasher{secret: bytes.Clone(secret)}, nil
}

// HashKey returns HMAC-SHA256(secret, kind || 0x00 || normalizedKey) in
// unpadded base64url (43 characters). kind is the catalog.KeyKind, so
// that equal digits of different kinds never share a hash; normalizedKey
// is catalog.NormalizeKey's output, so that every spelling of a key gives
// the same hash.
func (h *Hasher) HashKey(kind, normalizedKey string) string {
	m := hmac.New(sha256.New, h.secret)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(normalizedKey))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
