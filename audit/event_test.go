package audit_test

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

func TestValidate(t *testing.T) {
	h, _ := audit.NewHasher([]byte(strings.Repeat("k", 32)))
	ok := audit.Event{Kind: audit.KindLookup, Decision: audit.DecisionAllow, KeyHash: h.HashKey("citizen_id", "1103700000011")}
	tests := []struct {
		name string
		edit func(e *audit.Event)
		kind catalog.Kind
	}{
		{"a keyed hash is valid", func(*audit.Event) {}, ""},
		{"no key is valid", func(e *audit.Event) { e.KeyHash = "" }, ""},
		{"unknown kind", func(e *audit.Event) { e.Kind = "peek" }, catalog.KindInvalid},
		{"unknown decision", func(e *audit.Event) { e.Decision = "maybe" }, catalog.KindInvalid},
		{"a raw key as KeyHash", func(e *audit.Event) { e.KeyHash = "1103700000011" }, catalog.KindInvalid},
		{"a raw key among KeyHashes", func(e *audit.Event) { e.KeyHashes = []string{e.KeyHash, "1103700000011"} }, catalog.KindInvalid},
		{"a negative count", func(e *audit.Event) { e.Keys = -1 }, catalog.KindInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ok
			tt.edit(&e)
			if got := catalog.ErrorKind(e.Validate()); got != tt.kind {
				t.Errorf("Validate kind = %q, want %q", got, tt.kind)
			}
		})
	}
}

func TestNewIDSortsByTime(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	a, b := audit.NewID(at), audit.NewID(at.Add(time.Microsecond))
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(a) || a >= b || a[:16] == b[:16] {
		t.Errorf("NewID gave %s then %s", a, b)
	}
	if c := audit.NewID(at); c == a || c[:16] != a[:16] {
		t.Errorf("two ids at one time: %s, %s", a, c)
	}
}

func TestCursor(t *testing.T) {
	c := audit.Cursor{TimeMicros: 1735787045123456, ID: "00062b0b1bd4d9c0a1b2c3d4e5f60718"}
	if got, err := audit.ParseCursor(c.String()); err != nil || got != c {
		t.Errorf("ParseCursor(String()) = %+v, %v", got, err)
	}
	for _, bad := range []string{"", "!!", "MTIz", "eC55"} { // "", not base64, "123", "x.y"
		if _, err := audit.ParseCursor(bad); !catalog.IsKind(err, catalog.KindInvalid) {
			t.Errorf("ParseCursor(%q) = %v, want invalid", bad, err)
		}
	}
}

func TestCheckpointSignature(t *testing.T) {
	key := testKey("gw-1")
	pub := key.Public().(ed25519.PublicKey)
	c := audit.SignCheckpoint(key, audit.Link{Writer: "gw-1", Seq: 10, Hash: strings.Repeat("ab", 32)}, time.Now())
	tests := []struct {
		name string
		edit func(c *audit.Checkpoint)
		pub  ed25519.PublicKey
		want bool
	}{
		{"as signed", func(*audit.Checkpoint) {}, pub, true},
		{"another writer's key", func(*audit.Checkpoint) {}, testKey("gw-2").Public().(ed25519.PublicKey), false},
		{"no key", func(*audit.Checkpoint) {}, nil, false},
		{"seq changed", func(c *audit.Checkpoint) { c.Seq++ }, pub, false},
		{"hash changed", func(c *audit.Checkpoint) { c.Hash = audit.GenesisHash }, pub, false},
		{"time changed", func(c *audit.Checkpoint) { c.Time = c.Time.Add(time.Microsecond) }, pub, false},
		{"writer changed", func(c *audit.Checkpoint) { c.Writer = "gw-2" }, pub, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cc := c
			tt.edit(&cc)
			if got := cc.VerifySignature(tt.pub); got != tt.want {
				t.Errorf("VerifySignature = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWriterConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  audit.Config
	}{
		{"no name", audit.Config{Key: testKey("x")}},
		{"a name with a newline", audit.Config{Writer: "gw\n1", Key: testKey("x")}},
		{"a name too long", audit.Config{Writer: strings.Repeat("g", 65), Key: testKey("x")}},
		{"no key", audit.Config{Writer: "gw-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := audit.NewWriter(context.Background(), nil, tt.cfg); err == nil {
				t.Error("NewWriter accepted the config")
			}
		})
	}
}

func TestWithholdHides(t *testing.T) {
	until := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	e := audit.Event{Agency: "DLA", Dataset: "dopa.civil", Grant: "g-1"}
	tests := []struct {
		name string
		w    audit.Withhold
		at   time.Time
		want bool
	}{
		{"its grant before the end", audit.Withhold{Grant: "g-1", Until: until}, until.Add(-time.Second), true},
		{"its grant at the end", audit.Withhold{Grant: "g-1", Until: until}, until, false},
		{"another grant", audit.Withhold{Grant: "g-2", Agency: "DLA", Until: until}, until.AddDate(0, -1, 0), false},
		{"its agency", audit.Withhold{Agency: "DLA", Until: until}, until.AddDate(0, -1, 0), true},
		{"its agency and dataset", audit.Withhold{Agency: "DLA", Dataset: "dopa.civil", Until: until}, until.AddDate(0, -1, 0), true},
		{"its agency, another dataset", audit.Withhold{Agency: "DLA", Dataset: "dbd.juristic", Until: until}, until.AddDate(0, -1, 0), false},
		{"another agency", audit.Withhold{Agency: "RD", Until: until}, until.AddDate(0, -1, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.w.Hides(e, tt.at); got != tt.want {
				t.Errorf("Hides = %v, want %v", got, tt.want)
			}
		})
	}
}

func testKey(name string) ed25519.PrivateKey {
	seed := sha256.Sum256([]byte(name))
	return ed25519.NewKeyFromSeed(seed[:])
}
