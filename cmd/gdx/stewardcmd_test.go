package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/policies"
)

// seededDir returns a data directory whose database holds the demo
// catalog and the demo policy set active as v1.
func seededDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	seedDatabase(t, dataDir(dir).databaseURL())
	return dir
}

// seedDatabase fills the database at url with the demo catalog and the
// demo policy set active as v1.
func seedDatabase(t *testing.T, url string) {
	t.Helper()
	ctx := context.Background()
	st, err := openStores(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := demo.Seed(ctx, st.catalog, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := policies.NewWorkflow(st.policies, nil).Bootstrap(ctx, policies.DemoSet()); err != nil {
		t.Fatal(err)
	}
}

// withStdin makes the commands read s as standard input.
func withStdin(t *testing.T, s string) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(s)
	t.Cleanup(func() { stdin = old })
}

func TestStewardCommands(t *testing.T) {
	dir := seededDir(t)
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte("a long file password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		stdin    string
		args     []string
		wantCode int
		want     string
	}{
		{"add reads the password from stdin", "a long stdin password\n",
			[]string{"steward", "add", "--data", dir, "--code", "DOPA", "--username", "somsri", "--roles", "steward,approver"}, 0, "added steward somsri of DOPA (steward,approver)"},
		{"add reads the password from a file", "",
			[]string{"steward", "add", "--data", dir, "--code", "DGA", "--username", "dga-root", "--roles", "admin", "--password-file", pwFile}, 0, "added steward dga-root"},
		{"a password flag does not exist", "",
			[]string{"steward", "add", "--data", dir, "--code", "DOPA", "--username", "x-user", "--password", "hunter2hunter2"}, 2, "unknown flag: --password"},
		{"a short password is refused", "short\n",
			[]string{"steward", "add", "--data", dir, "--code", "DOPA", "--username", "shorty"}, 1, "at least 12 characters"},
		{"an unknown role is refused", "",
			[]string{"steward", "add", "--data", dir, "--code", "DOPA", "--username", "roley", "--roles", "king"}, 2, `unknown role "king"`},
		{"an unknown agency is refused", "a long stdin password\n",
			[]string{"steward", "add", "--data", dir, "--code", "NOPE", "--username", "nobody"}, 1, `agency "NOPE" is not registered`},
		{"a taken username is refused", "a long stdin password\n",
			[]string{"steward", "add", "--data", dir, "--code", "DLA", "--username", "somsri"}, 1, "username somsri is taken"},
		{"list shows the accounts", "",
			[]string{"steward", "list", "--data", dir}, 0, "dga-root"},
		{"passwd changes the password", "another long password\n",
			[]string{"steward", "passwd", "--data", dir, "--username", "somsri"}, 0, "changed the password of somsri"},
		{"passwd of an unknown steward fails", "another long password\n",
			[]string{"steward", "passwd", "--data", dir, "--username", "ghost"}, 1, `no steward "ghost"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			withStdin(t, tt.stdin)
			code, stdout, stderr := runGDX(t, tt.args...)
			if code != tt.wantCode || !strings.Contains(stdout+stderr, tt.want) {
				t.Errorf("exit %d, want %d; output does not say %q:\n%s%s", code, tt.wantCode, tt.want, stdout, stderr)
			}
		})
	}
	t.Run("the new password verifies and is stored hashed", func(t *testing.T) {
		st, err := openStores(context.Background(), dataDir(dir).databaseURL())
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		s, err := st.admin.FindStewardByUsername(context.Background(), "somsri")
		if err != nil {
			t.Fatal(err)
		}
		ok, err := admin.VerifyPassword(s.PasswordHash, "another long password")
		if !ok || err != nil || strings.Contains(s.PasswordHash, "another") {
			t.Errorf("stored hash %q does not verify the new password: %v", s.PasswordHash, err)
		}
	})
}
