package integration

import (
	"context"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/policies"
	policiessql "github.com/gdx-exchange/gdx/policies/sqlstore"
)

// TestAuditTrail looks records up, then asks the audit what happened: the
// chain verifies, the citizen's view lists the lookups, authentication
// failures are there, and a tampered event is caught by `gdx audit verify`.
func TestAuditTrail(t *testing.T) {
	d := startDemo(t, t.TempDir())
	person := d.sampleKey(t, "dopa.person")
	var answers []lookupAnswer
	for _, who := range []struct{ agency, purpose string }{{"DLA", "licensing"}, {"RD", "tax_assessment"}, {"NOGRANT", "licensing"}} {
		_, a := d.lookup(t, who.agency, who.purpose, http.MethodGet, "/v1/datasets/dopa.person/records/"+person, nil)
		answers = append(answers, a)
	}
	t.Run("decision log rows link the audit events", func(t *testing.T) { checkDecisionLog(t, d, answers[:2]) })
	checkProblem(t, get(t, d.client(t, nil), d.Info.APIURL+"/v1/whoami", nil), http.StatusUnauthorized, "client_certificate_missing")

	gdx := func(args ...string) (string, error) {
		out, err := exec.Command(gdxBinary(t), append(args, "--data", d.Dir)...).CombinedOutput()
		return string(out), err
	}
	out, err := gdx("audit", "verify")
	if err != nil || !strings.Contains(out, "audit trail intact") {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	out, err = gdx("audit", "subject", "--key-kind", "citizen_id", "--key", person)
	if err != nil || !strings.Contains(out, "lookups of this record: 2") || !strings.Contains(out, "DLA") || !strings.Contains(out, "RD") || strings.Contains(out, "NOGRANT") {
		t.Fatalf("who looked at my record: %v\n%s", err, out)
	}
	out, err = gdx("audit", "withhold", "--grant", "g-rd-person", "--until", "2099-01-01", "--reason", "case 42/2569", "--by", "auditor-1")
	if err != nil {
		t.Fatalf("withhold: %v\n%s", err, out)
	}
	out, err = gdx("audit", "subject", "--key-kind", "citizen_id", "--key", person)
	if err != nil || !strings.Contains(out, "lookups of this record: 1") || strings.Contains(out, " RD ") {
		t.Fatalf("RD's lookups must be withheld from the citizen's view: %v\n%s", err, out)
	}
	out, err = gdx("audit", "query", "--kind", "withhold")
	if err != nil || !strings.Contains(out, "case 42/2569") {
		t.Fatalf("the withholding must be audited: %v\n%s", err, out)
	}
	out, err = gdx("audit", "query", "--kind", "auth_failure")
	if err != nil || !strings.Contains(out, "client_certificate_missing") {
		t.Fatalf("auth failures: %v\n%s", err, out)
	}
	out, err = gdx("audit", "query", "--agency", "DLA")
	if err != nil || !strings.Contains(out, "DLA") || strings.Contains(out, person) {
		t.Fatalf("audit query must list DLA's lookups without the raw citizen id: %v\n%s", err, out)
	}
	t.Run("no raw citizen id in the stored trail", func(t *testing.T) { checkNoRawKey(t, d, person) })

	tamper(t, filepath.Join(d.Dir, "gdx.db"), `UPDATE audit_events SET agency = 'DBD' WHERE agency = 'RD'`)
	out, err = gdx("audit", "verify")
	if err == nil || !strings.Contains(out, "broken at seq") {
		t.Fatalf("a tampered trail verified: %v\n%s", err, out)
	}
}

func tamper(t *testing.T, dbPath, stmt string) {
	t.Helper()
	db, err := sqldb.Open(context.Background(), "sqlite:"+dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := db.Exec(context.Background(), stmt); err != nil || n == 0 {
		t.Fatalf("tamper: %d rows, %v", n, err)
	}
}

// checkNoRawKey reads the demo's database: the lookups of key are in the
// audit trail under a keyed hash, and no column of any row of the audit
// tables or the decision log holds the key itself.
func checkNoRawKey(t *testing.T, d *runningDemo, key string) {
	ctx := context.Background()
	db, err := sqldb.Open(ctx, "sqlite:"+filepath.Join(d.Dir, "gdx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var hashed int64
	err = db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events
		WHERE kind = 'lookup' AND dataset = 'dopa.person' AND agency IN ('DLA', 'RD') AND key_hash <> ''`).Scan(&hashed)
	if err != nil || hashed < 2 {
		t.Fatalf("%d lookup events with a key hash (%v), want the 2 lookups that answered", hashed, err)
	}
	tables, err := sqldb.List(ctx, db, scanName,
		`SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'audit%' OR name = 'policy_decisions') ORDER BY name`)
	if err != nil || len(tables) < 2 {
		t.Fatalf("audit tables %v, %v", tables, err)
	}
	for _, table := range tables {
		cols, err := sqldb.List(ctx, db, scanName, `SELECT name FROM pragma_table_info($1)`, table)
		if err != nil || len(cols) == 0 {
			t.Fatalf("columns of %s: %v, %v", table, cols, err)
		}
		for _, col := range cols {
			var n int64
			q := `SELECT COUNT(*) FROM ` + table + ` WHERE instr(CAST(` + col + ` AS TEXT), $1) > 0`
			if err := db.QueryRow(ctx, q, key).Scan(&n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			if n > 0 {
				t.Errorf("%s.%s holds the raw citizen id in %d rows", table, col, n)
			}
		}
	}
}

func scanName(r sqldb.Row) (string, error) {
	var name string
	return name, r.Scan(&name)
}

// checkDecisionLog finds each answer's decision in the decision log, linked
// to the answer's audit event; the rows are written off the response path,
// so it waits a little for them.
func checkDecisionLog(t *testing.T, d *runningDemo, answers []lookupAnswer) {
	db, err := sqldb.Open(context.Background(), "sqlite:"+filepath.Join(d.Dir, "gdx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	log := policiessql.New(db)
	for _, a := range answers {
		var rec policies.DecisionRecord
		for start := time.Now(); ; time.Sleep(100 * time.Millisecond) {
			if rec, err = log.FindDecision(context.Background(), a.DecisionID); err == nil || time.Since(start) > 5*time.Second {
				break
			}
		}
		if err != nil || rec.AuditEvent != a.AuditEvent || rec.PolicyVersion != a.PolicyVersion {
			t.Errorf("decision %s: %+v, %v; want it linked to audit event %s", a.DecisionID, rec, err, a.AuditEvent)
		}
	}
}

// TestAuditVerifyFindsACutTail cuts the last events off the demo's chain
// and moves the chain's head back, so that the chain itself still links:
// `gdx audit verify` must still notice, through the decision log.
func TestAuditVerifyFindsACutTail(t *testing.T) {
	d := startDemo(t, t.TempDir())
	person := d.sampleKey(t, "dopa.person")
	for range 3 {
		d.lookup(t, "DLA", "licensing", http.MethodGet, "/v1/datasets/dopa.person/records/"+person, nil)
	}
	d.stop()
	gdx := func(args ...string) (string, error) {
		out, err := exec.Command(gdxBinary(t), append(args, "--data", d.Dir)...).CombinedOutput()
		return string(out), err
	}
	if out, err := gdx("audit", "verify"); err != nil {
		t.Fatalf("verify before: %v\n%s", err, out)
	}
	db := filepath.Join(d.Dir, "gdx.db")
	tamper(t, db, `DELETE FROM audit_checkpoints WHERE writer = 'demo' AND seq > (SELECT MAX(seq) - 2 FROM audit_events WHERE writer = 'demo')`)
	tamper(t, db, `DELETE FROM audit_events WHERE writer = 'demo' AND seq > (SELECT MAX(seq) - 2 FROM audit_events WHERE writer = 'demo')`)
	tamper(t, db, `UPDATE audit_chains SET seq = (SELECT MAX(seq) FROM audit_events WHERE writer = 'demo'),
		hash = (SELECT hash FROM audit_events WHERE writer = 'demo' ORDER BY seq DESC LIMIT 1) WHERE writer = 'demo'`)
	out, err := gdx("audit", "verify")
	if err == nil || !strings.Contains(out, "missing") {
		t.Fatalf("a cut tail verified: %v\n%s", err, out)
	}
	out, err = gdx("audit", "verify", "--key", "replica-9=/nonexistent.pub")
	if err == nil {
		t.Fatalf("a named writer's missing chain verified:\n%s", out)
	}
}
