package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVerifyOldTrail runs `gdx audit verify` on the data directory of a
// trail written by the release before canonical encoding version 2
// (audit/testdata/v1-trail): it passes as written, and fails once an event
// is changed.
func TestVerifyOldTrail(t *testing.T) {
	fixture := filepath.Join("..", "audit", "testdata", "v1-trail")
	copyDir := func(t *testing.T) string {
		dir := t.TempDir()
		for _, name := range []string{"gdx.db", "audit-writer.key.pub"} {
			b, err := os.ReadFile(filepath.Join(fixture, name))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	t.Run("as written", func(t *testing.T) {
		out, err := exec.Command(gdxBinary(t), "audit", "verify", "--data", copyDir(t)).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "audit trail intact: 2 chains, 33 events, 3 signed checkpoints") {
			t.Fatalf("the old trail did not verify: %v\n%s", err, out)
		}
	})
	t.Run("tampered", func(t *testing.T) {
		dir := copyDir(t)
		tamper(t, filepath.Join(dir, "gdx.db"), `UPDATE audit_events SET officer = 'someone-else' WHERE writer = 'demo' AND seq = 1`)
		out, err := exec.Command(gdxBinary(t), "audit", "verify", "--data", dir).CombinedOutput()
		if err == nil || !strings.Contains(string(out), "chain demo broken at seq 1") {
			t.Fatalf("a tampered old trail verified: %v\n%s", err, out)
		}
	})
}
