package audit_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenV2 is golden in encoding version 2, with the fields version 2
// adds set.
var goldenV2 = func() audit.Event {
	e := golden
	e.Version, e.Action, e.Target, e.Count = 2, "grant.approve", "grant/g-1a2b", 3
	return e
}()

// goldenV2Hash pins version 2's hash: changing it breaks every chain
// sealed since version 2, so it is never updated by -update.
const goldenV2Hash = "e059b258a43562b97c00f1c7e8f7bbc64261b0700db12937d44fb754aebc4928"

// checkGolden compares got with testdata/name, or rewrites the file
// under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n got %s\nwant %s", name, got, want)
	}
}

func TestCanonicalV2IsStable(t *testing.T) {
	got := audit.Canonical(goldenV2)
	checkGolden(t, "canonical-v2.json", append(got, '\n'))
	v1 := strings.TrimSuffix(strings.Replace(goldenCanonical, `"v":1`, `"v":2`, 1), "}")
	if want := v1 + `,"action":"grant.approve","target":"grant/g-1a2b","count":3}`; string(got) != want {
		t.Errorf("version 2 is not version 1's members then action, target and count:\n got %s\nwant %s", got, want)
	}
	if h := audit.ChainHash(goldenV2.PrevHash, goldenV2); h != goldenV2Hash {
		t.Errorf("ChainHash = %s, want %s", h, goldenV2Hash)
	}
}

func TestChainHashCoversVersion2Fields(t *testing.T) {
	checkHashCovers(t, goldenV2, []hashEdit{
		{"action", func(e *audit.Event) { e.Action = "grant.revoke" }},
		{"target", func(e *audit.Event) { e.Target = "grant/g-9" }},
		{"count", func(e *audit.Event) { e.Count = 4 }},
		{"version relabelled 1", func(e *audit.Event) { e.Version = 1 }},
		{"an unknown version", func(e *audit.Event) { e.Version = 3 }},
	})
}

func TestCheckEncoding(t *testing.T) {
	tests := []struct {
		name string
		edit func(e *audit.Event)
		ok   bool
	}{
		{"version 2 with its fields", func(*audit.Event) {}, true},
		{"version 1 without them", func(e *audit.Event) { e.Version, e.Action, e.Target, e.Count = 1, "", "", 0 }, true},
		{"version 1 with an action", func(e *audit.Event) { e.Version, e.Target, e.Count = 1, "", 0 }, false},
		{"version 1 with a target", func(e *audit.Event) { e.Version, e.Action, e.Count = 1, "", 0 }, false},
		{"version 1 with a count", func(e *audit.Event) { e.Version, e.Action, e.Target = 1, "", "" }, false},
		{"version 0", func(e *audit.Event) { e.Version = 0 }, false},
		{"a version from the future", func(e *audit.Event) { e.Version = audit.CanonicalVersion + 1 }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := goldenV2
			tt.edit(&e)
			err := e.CheckEncoding()
			if (err == nil) != tt.ok || (err != nil && !catalog.IsKind(err, catalog.KindInvalid)) {
				t.Errorf("CheckEncoding = %v, want ok=%v (else invalid)", err, tt.ok)
			}
		})
	}
}

// TestEventJSON pins the JSON form of an event that the admin API and
// `gdx audit query` print: snake_case names, action, target and count
// among them.
func TestEventJSON(t *testing.T) {
	got, err := json.MarshalIndent(goldenV2, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "event.json", append(got, '\n'))
	var members map[string]any
	if err := json.Unmarshal(got, &members); err != nil {
		t.Fatal(err)
	}
	for name := range members {
		if strings.ToLower(name) != name {
			t.Errorf("member %q is not snake_case", name)
		}
	}
	for _, name := range []string{"action", "target", "count", "version"} {
		if _, ok := members[name]; !ok {
			t.Errorf("member %q is missing", name)
		}
	}
}

func TestOccurrences(t *testing.T) {
	if n := (audit.Event{}).Occurrences(); n != 1 {
		t.Errorf("a single event stands for %d, want 1", n)
	}
	if n := (audit.Event{Count: 9}).Occurrences(); n != 9 {
		t.Errorf("a summary of 9 stands for %d, want 9", n)
	}
}
