package sqlstore

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// oldTrail is a trail written by the release before canonical encoding
// version 2; see its README.
const oldTrail = "../testdata/v1-trail"

// The old trail's contents, as its README lists them.
const (
	oldEvents      = 33
	oldCheckpoints = 3
	oldWriter      = "demo"
	oldWriterSeq   = 32
)

// TestOldTrail migrates the old trail's database on each engine (SQLite:
// the file itself; PostgreSQL: its rows copied into the schema as that
// release created it) and verifies it, untouched, tampered with, and
// continued by this release's Writer.
func TestOldTrail(t *testing.T) {
	ctx := context.Background()
	priv := oldTrailKey(t)
	keys := map[string]ed25519.PublicKey{oldWriter: priv.Public().(ed25519.PublicKey), "tools-vm": priv.Public().(ed25519.PublicKey)}
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		open := func(t *testing.T) (*sqldb.DB, *Store) {
			db := openOldTrail(t, engine)
			if err := Migrate(ctx, db); err != nil {
				t.Fatalf("migrate the old trail: %v", err)
			}
			return db, New(db)
		}
		t.Run("verifies as written", func(t *testing.T) {
			_, s := open(t)
			r := verifyOld(t, s, keys)
			if !r.OK() || r.Events != oldEvents || r.Checkpoints != oldCheckpoints || r.Writers != 2 {
				t.Fatalf("Verify = %+v, want %d events, %d checkpoints, 2 chains, no break", r, oldEvents, oldCheckpoints)
			}
			checkOldEvents(t, s)
		})
		for _, tc := range oldTamperCases {
			t.Run("tampered: "+tc.name, func(t *testing.T) {
				db, s := open(t)
				if n, err := db.Exec(ctx, tc.sql); err != nil || n != 1 {
					t.Fatalf("tamper: %d rows, %v", n, err)
				}
				r := verifyOld(t, s, keys)
				if len(r.Breaks) != 1 || r.Breaks[0].Seq != tc.seq || !strings.Contains(r.Breaks[0].Problem, tc.problem) {
					t.Errorf("Verify = %+v, want one break at seq %d with %q", r.Breaks, tc.seq, tc.problem)
				}
			})
		}
		t.Run("continued by a new writer", func(t *testing.T) {
			_, s := open(t)
			continueOldChain(t, s, priv)
			r := verifyOld(t, s, keys)
			if !r.OK() || r.Events != oldEvents+2 || r.Checkpoints != oldCheckpoints+1 {
				t.Fatalf("Verify = %+v, want %d events and %d checkpoints, no break", r, oldEvents+2, oldCheckpoints+1)
			}
		})
	})
}

// oldTamperCases change the migrated old trail with plain SQL.
var oldTamperCases = []struct {
	name    string
	sql     string
	seq     int64
	problem string
}{
	{"an old field changed", `UPDATE audit_events SET agency = 'EVIL' WHERE writer = 'demo' AND seq = 3`, 3, "altered"},
	{"an action slipped into an old event", `UPDATE audit_events SET action = 'grant.revoke' WHERE writer = 'demo' AND seq = 5`, 5, "does not cover"},
	{"an old event relabelled version 2", `UPDATE audit_events SET version = 2 WHERE writer = 'demo' AND seq = 2`, 2, "altered"},
	{"the summary's count raised", `UPDATE audit_events SET reasons = '["summary","count:1"]' WHERE writer = 'demo' AND seq = 32`, 32, "altered"},
}

func verifyOld(t *testing.T, s *Store, keys map[string]ed25519.PublicKey) audit.Report {
	t.Helper()
	r, err := audit.Verify(context.Background(), s, keys, nil)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return r
}

// checkOldEvents checks that the old events read back as the old release
// wrote them: version 1, the summary's count still in its reasons.
func checkOldEvents(t *testing.T, s *Store) {
	t.Helper()
	events, err := s.ScanChain(context.Background(), oldWriter, 0, 100)
	if err != nil || len(events) != oldWriterSeq {
		t.Fatalf("ScanChain = %d events, %v; want %d", len(events), err, oldWriterSeq)
	}
	for _, e := range events {
		if e.Version != 1 || e.Action != "" || e.Target != "" || e.Count != 0 {
			t.Fatalf("old event %d reads back as version %d with action %q, target %q, count %d", e.Seq, e.Version, e.Action, e.Target, e.Count)
		}
	}
	if last := events[len(events)-1]; last.Kind != audit.KindAuthFailure || strings.Join(last.Reasons, ",") != "summary,count:9" {
		t.Errorf("the old summary reads back as %s %v", last.Kind, last.Reasons)
	}
}

// continueOldChain appends two events of this release to the old chain.
func continueOldChain(t *testing.T, s *Store, key ed25519.PrivateKey) {
	t.Helper()
	ctx := context.Background()
	w, err := audit.NewWriter(ctx, s, audit.Config{Writer: oldWriter, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []audit.Event{
		{Kind: audit.KindAdmin, Officer: "dga-admin", Decision: audit.DecisionAllow, Action: "grant.approve", Target: "grant/g-1"},
		{Kind: audit.KindAuthFailure, Decision: audit.DecisionDeny, Check: "token_missing", Count: 7},
	} {
		got, err := w.Append(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		if got.Seq <= oldWriterSeq || got.Version != audit.CanonicalVersion {
			t.Errorf("new event at seq %d, version %d; want after %d at %d", got.Seq, got.Version, oldWriterSeq, audit.CanonicalVersion)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// oldTrailKey reads the old demo's checkpoint key.
func oldTrailKey(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(oldTrail, "audit-writer.key"))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		t.Fatal("audit-writer.key is not PEM")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return k.(ed25519.PrivateKey)
}

// openOldTrail returns a database holding the old trail at the old
// release's schema, on the engine.
func openOldTrail(t *testing.T, engine string) *sqldb.DB {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(oldTrail, "gdx.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "gdx.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	file := sqldbtest.OpenURL(t, "sqlite:"+path)
	if engine == sqldb.SQLite {
		return file
	}
	db := sqldbtest.Open(t, engine)
	if err := db.Migrate(context.Background(), Schema.Owner, firstMigration(t)); err != nil {
		t.Fatalf("create the old schema: %v", err)
	}
	for _, table := range oldTables {
		copyTable(t, file, db, table)
	}
	return db
}

// firstMigration is the audit schema as the old release created it.
func firstMigration(t *testing.T) fs.FS {
	t.Helper()
	b, err := fs.ReadFile(migrationFiles, "migrations/001_audit.sql")
	if err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{"001_audit.sql": {Data: b}}
}

// oldTables are the old schema's tables and columns.
var oldTables = []struct{ name, columns string }{
	{"audit_events", `writer, seq, id, time_us, request_id, kind, agency, officer, purpose, dataset,
		grant_id, key_kind, key_hash, key_hashes, keys, fields_returned, fields_withheld, decision,
		reasons, policy_version, decision_id, upstream_status, latency_us, status, client_addr,
		cert_thumbprint, auth_check, evidence, prev_hash, hash`},
	{"audit_event_keys", "key_hash, time_us, event_id"},
	{"audit_chains", "writer, seq, hash, updated_us"},
	{"audit_checkpoints", "writer, seq, hash, time_us, signature"},
	{"audit_withholds", withholdColumns},
}

// copyTable copies every row of a table, value by value.
func copyTable(t *testing.T, from, to *sqldb.DB, table struct{ name, columns string }) {
	t.Helper()
	ctx := context.Background()
	n := strings.Count(table.columns, ",") + 1
	rows, err := sqldb.List(ctx, from, func(r sqldb.Row) ([]any, error) {
		vals := make([]any, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		return vals, r.Scan(ptrs...)
	}, `SELECT `+table.columns+` FROM `+table.name)
	if err != nil || len(rows) == 0 {
		t.Fatalf("read %s: %d rows, %v", table.name, len(rows), err)
	}
	for _, vals := range rows {
		if _, err := to.Exec(ctx, multiInsert(table.name, table.columns, n, 1), vals...); err != nil {
			t.Fatalf("copy a row of %s: %v", table.name, err)
		}
	}
}
