package audit_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

// golden is an event of encoding version 1 with every field of that
// version set; its encoding and hash are pinned below, as the first
// release wrote them, so that a change of the canonical encoding fails
// here before it breaks every stored chain (canonical_test.go pins
// version 2).
var golden = audit.Event{
	ID: "00062b0b1bd4d9c0a1b2c3d4e5f60718", Time: time.Date(2025, 1, 2, 3, 4, 5, 123456000, time.UTC),
	RequestID: "req-1", Kind: audit.KindBatch, Agency: "DLA", Officer: "officer-7", Purpose: "license.approval",
	Dataset: "dopa.civil", Grant: "g-1", KeyKind: "citizen_id", KeyHash: "",
	KeyHashes: []string{"ZWFzdGVyIGVnZyBmb3IgdGhlIGF1ZGl0IGNoYWluIQo"}, Keys: 1,
	FieldsReturned: []string{"first_name_th"}, FieldsWithheld: []string{"religion"}, Decision: audit.DecisionAllow,
	Reasons: []string{"ศาสนา <sensitive> & \"quoted\"\n"}, PolicyVersion: "v3", DecisionID: "d-1",
	UpstreamStatus: 200, LatencyMicros: 1234, Status: 200, ClientAddr: "10.0.0.7:50123",
	CertThumbprint: "x5t", Check: "", Evidence: "a.b.c", Writer: "gw-1", Seq: 7, Version: 1,
	PrevHash: strings.Repeat("ab", 32),
}

const goldenCanonical = `{"v":1,"writer":"gw-1","seq":7,"id":"00062b0b1bd4d9c0a1b2c3d4e5f60718",` +
	`"time_us":1735787045123456,"request_id":"req-1","kind":"batch","agency":"DLA","officer":"officer-7",` +
	`"purpose":"license.approval","dataset":"dopa.civil","grant":"g-1","key_kind":"citizen_id","key_hash":"",` +
	`"key_hashes":["ZWFzdGVyIGVnZyBmb3IgdGhlIGF1ZGl0IGNoYWluIQo"],"keys":1,"fields_returned":["first_name_th"],` +
	`"fields_withheld":["religion"],"decision":"allow","reasons":["ศาสนา <sensitive> & \"quoted\"\n"],` +
	`"policy_version":"v3","decision_id":"d-1","upstream_status":200,"latency_us":1234,"status":200,` +
	`"client_addr":"10.0.0.7:50123","cert_thumbprint":"x5t","check":"","evidence":"a.b.c"}`

const goldenHash = "c4e19d8966c22b42701406e5ad21c7e17ed6fbe3478d777754f6e2a23cb98f3c"

func TestCanonicalIsStable(t *testing.T) {
	if got := string(audit.Canonical(golden)); got != goldenCanonical {
		t.Errorf("Canonical =\n%s\nwant\n%s", got, goldenCanonical)
	}
	if got := audit.ChainHash(golden.PrevHash, golden); got != goldenHash {
		t.Errorf("ChainHash = %s, want %s", got, goldenHash)
	}
}

// hashEdit changes one thing of an event that its hash must cover.
type hashEdit struct {
	name string
	edit func(e *audit.Event)
}

// checkHashCovers checks that every edit of base changes its hash.
func checkHashCovers(t *testing.T, base audit.Event, edits []hashEdit) {
	t.Helper()
	want := audit.ChainHash(base.PrevHash, base)
	for _, tt := range edits {
		t.Run(tt.name, func(t *testing.T) {
			e := base
			e.FieldsReturned = append([]string(nil), base.FieldsReturned...)
			tt.edit(&e)
			if audit.ChainHash(e.PrevHash, e) == want {
				t.Error("the hash did not change")
			}
		})
	}
}

func TestChainHashCoversEveryLinkField(t *testing.T) {
	checkHashCovers(t, golden, []hashEdit{
		{"previous hash", func(e *audit.Event) { e.PrevHash = audit.GenesisHash }},
		{"writer", func(e *audit.Event) { e.Writer = "gw-2" }},
		{"seq", func(e *audit.Event) { e.Seq++ }},
		{"time by a microsecond", func(e *audit.Event) { e.Time = e.Time.Add(time.Microsecond) }},
		{"agency", func(e *audit.Event) { e.Agency = "RD" }},
		{"a field returned more", func(e *audit.Event) { e.FieldsReturned = append(e.FieldsReturned, "religion") }},
		{"reasons reordered", func(e *audit.Event) { e.Reasons = []string{"b", "a"} }},
		{"evidence", func(e *audit.Event) { e.Evidence = "x.y.z" }},
		{"status", func(e *audit.Event) { e.Status = 503 }},
	})
	t.Run("hash and empty lists are not covered", func(t *testing.T) {
		e := golden
		e.Hash, e.FieldsWithheld = "anything", nil
		f := golden
		f.FieldsWithheld = []string{}
		if audit.ChainHash(e.PrevHash, e) != audit.ChainHash(f.PrevHash, f) ||
			string(audit.Canonical(e)) == goldenCanonical {
			t.Error("Hash or nil-versus-empty lists changed the hash, or FieldsWithheld did not")
		}
	})
}

func TestHashKey(t *testing.T) {
	secret := []byte(strings.Repeat("k", audit.MinSecretBytes))
	h, err := audit.NewHasher(secret)
	if err != nil {
		t.Fatal(err)
	}
	other, err := audit.NewHasher(append(secret, 'x'))
	if err != nil {
		t.Fatal(err)
	}
	base := h.HashKey("citizen_id", "1103700000011")
	tests := []struct {
		name string
		got  string
		same bool
	}{
		{"the same key hashes the same", h.HashKey("citizen_id", "1103700000011"), true},
		{"another key differs", h.HashKey("citizen_id", "1103700000029"), false},
		{"another kind differs", h.HashKey("juristic_id", "1103700000011"), false},
		{"kind and key do not run together", h.HashKey("citizen_id1", "103700000011"), false},
		{"another secret differs", other.HashKey("citizen_id", "1103700000011"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if (tt.got == base) != tt.same {
				t.Errorf("HashKey = %s, base %s, want same=%v", tt.got, base, tt.same)
			}
		})
	}
	if len(base) != 43 || strings.ContainsAny(base, "+/=") {
		t.Errorf("HashKey = %q, want 43 characters of unpadded base64url", base)
	}
	if _, err := audit.NewHasher(secret[:audit.MinSecretBytes-1]); !catalog.IsKind(err, catalog.KindInvalid) {
		t.Errorf("NewHasher with a short secret: %v, want invalid", err)
	}
}
