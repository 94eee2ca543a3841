package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/pgtest"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// adminEvents returns the admin events stored in the database's audit
// trail, oldest first, as the admin service recorded them.
func adminEvents(t *testing.T, url string) []admin.AdminEvent {
	t.Helper()
	ctx := context.Background()
	st, err := openStores(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	page, err := st.audit.Query(ctx, audit.Filter{Kind: audit.KindAdmin, Limit: audit.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var out []admin.AdminEvent
	for i := len(page.Events) - 1; i >= 0; i-- {
		var e admin.AdminEvent
		if err := json.Unmarshal([]byte(page.Events[i].Evidence), &e); err != nil {
			t.Fatalf("admin event %s: evidence %q: %v", page.Events[i].ID, page.Events[i].Evidence, err)
		}
		out = append(out, e)
	}
	return out
}

// operatorEnv is a seeded database beside a data directory that holds a
// CA and DLA's credentials.
type operatorEnv struct{ dir, url string }

// args appends the flags that name the data directory and the database.
func (e operatorEnv) args(a ...string) []string {
	return append(slices.Clone(a), "--data", e.dir, "--database-url", e.url)
}

func newOperatorEnv(t *testing.T, engine string) operatorEnv {
	t.Helper()
	e := operatorEnv{dir: t.TempDir()}
	e.url = dataDir(e.dir).databaseURL()
	if engine == sqldb.Postgres {
		e.url = pgtest.New(t)
	}
	seedDatabase(t, e.url)
	for _, args := range [][]string{{"certs", "init", "--data", e.dir}, e.args("certs", "issue", "--agency", "DLA")} {
		if code, _, stderr := runGDX(t, args...); code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
	}
	return e
}

// operatorDir is newOperatorEnv's data directory on SQLite, whose
// database is the directory's own gdx.db.
func operatorDir(t *testing.T) string { return newOperatorEnv(t, sqldb.SQLite).dir }

func TestOperatorCommandsAreAudited(t *testing.T) {
	sqldbtest.Each(t, testOperatorCommandsAreAudited)
}

func testOperatorCommandsAreAudited(t *testing.T, engine string) {
	env := newOperatorEnv(t, engine)
	ctx := context.Background()
	st, err := openStores(ctx, env.url)
	if err != nil {
		t.Fatal(err)
	}
	issued, err := st.certs.ListIssued(ctx)
	st.Close()
	if err != nil || len(issued) == 0 {
		t.Fatalf("no issued certificate: %v", err)
	}
	jwk, err := certs.NewSigningKey("ES256", "")
	if err != nil {
		t.Fatal(err)
	}
	pubFile := filepath.Join(t.TempDir(), "rd.pub.jwk")
	pub, _ := json.Marshal(certs.PublicJWK(jwk))
	os.WriteFile(pubFile, pub, 0o644)
	catalogFile := filepath.Join(t.TempDir(), "catalog.json")
	os.WriteFile(catalogFile, []byte(`{"purposes":[{"code":"census","description_en":"Counting people","basis":"public_task"}]}`), 0o644)
	pwFile := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pwFile, []byte("a long enough password\n"), 0o600)

	tests := []struct {
		args   []string
		action string
		target string
	}{
		{[]string{"agency", "add", "--code", "NEWCO", "--name-th", "กรมใหม่"}, admin.ActionAgencyAdd, "agency/NEWCO"},
		{[]string{"agency", "suspend", "--code", "RD"}, admin.ActionAgencySuspend, "agency/RD"},
		{[]string{"agency", "activate", "--code", "RD"}, admin.ActionAgencyActivate, "agency/RD"},
		{[]string{"agency", "key", "add", "--code", "RD", "--jwk", pubFile}, admin.ActionKeyAdd, "key/RD"},
		{[]string{"agency", "key", "rotate", "--code", "DLA"}, admin.ActionKeyRotate, "key/DLA/"},
		{[]string{"agency", "key", "revoke", "--code", "RD", "--kid", jwk.KeyID}, admin.ActionKeyRevoke, "key/RD/" + jwk.KeyID},
		{[]string{"steward", "add", "--code", "DOPA", "--username", "somchai", "--password-file", pwFile}, admin.ActionStewardAdd, "steward/somchai"},
		{[]string{"steward", "passwd", "--username", "somchai", "--password-file", pwFile}, admin.ActionStewardPasswd, "steward/somchai"},
		{[]string{"certs", "revoke", "--serial", issued[0].Serial, "--reason", "key compromise"}, admin.ActionCertRevoke, "cert/" + issued[0].Serial},
		{[]string{"catalog", "import", "--in", catalogFile}, admin.ActionCatalogImport, "catalog"},
	}
	operator := admin.OperatorPrefix + operatorName()
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			code, stdout, stderr := runGDX(t, env.args(tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s%s", code, stdout, stderr)
			}
			events := adminEvents(t, env.url)
			if len(events) < 2 {
				t.Fatalf("%d admin events in the trail, want the attempt and the outcome", len(events))
			}
			attempt, done := events[len(events)-2], events[len(events)-1]
			for _, e := range []admin.AdminEvent{attempt, done} {
				if e.Action != tt.action || !strings.HasPrefix(e.Target, tt.target) || e.Steward != operator || e.Agency != admin.CentralOffice {
					t.Errorf("event %+v, want %s on %s by %s", e, tt.action, tt.target, operator)
				}
			}
			if attempt.Outcome != admin.OutcomeAttempted || done.Outcome != admin.OutcomeDone ||
				attempt.RequestID == "" || attempt.RequestID != done.RequestID {
				t.Errorf("outcomes %s, %s with request ids %q, %q; want attempted then done of one request",
					attempt.Outcome, done.Outcome, attempt.RequestID, done.RequestID)
			}
			if strings.Contains(attempt.Detail+done.Detail, "a long enough password") {
				t.Error("the audit holds the password")
			}
		})
	}
	t.Run("the trail still verifies", func(t *testing.T) {
		if code, stdout, stderr := runGDX(t, env.args("audit", "verify")...); code != 0 || !strings.Contains(stdout, "audit trail intact") {
			t.Fatalf("exit %d: %s%s", code, stdout, stderr)
		}
	})
}

func TestOperatorRefusalIsAuditedAsFailed(t *testing.T) {
	dir := operatorDir(t)
	code, _, stderr := runGDX(t, "agency", "suspend", "--data", dir, "--code", "NOSUCH")
	if code != 1 || !strings.Contains(stderr, "NOSUCH") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	events := adminEvents(t, dataDir(dir).databaseURL())
	if len(events) < 2 || events[len(events)-1].Outcome != admin.OutcomeFailed || events[len(events)-1].Error == "" {
		t.Fatalf("the refused suspension is not audited as failed: %+v", events)
	}
}

func TestOperatorNeedsADataDirectoryForItsKey(t *testing.T) {
	url := dataDir(seededDir(t)).databaseURL()
	code, _, stderr := runGDX(t, "agency", "suspend", "--database-url", url, "--data", filepath.Join(t.TempDir(), "absent"), "--code", "RD")
	if code != 1 || !strings.Contains(stderr, "--audit-key") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	key := filepath.Join(t.TempDir(), "tools.key")
	if code, _, stderr := runGDX(t, "agency", "suspend", "--database-url", url, "--audit-key", key, "--code", "RD"); code != 0 {
		t.Fatalf("with --audit-key: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(key + ".pub"); err != nil {
		t.Errorf("the operator's checkpoint key was not created: %v", err)
	}
}
