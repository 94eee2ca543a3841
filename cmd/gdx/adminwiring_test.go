package main

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	auditsql "github.com/gdx-exchange/gdx/audit/sqlstore"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// TestAdminAuditorTypedFields records a steward's action through the
// admin API's auditor and reads it back through the admin trail: Action
// and Target are fields of their own, not reasons, and the event's JSON
// names them in snake_case.
func TestAdminAuditorTypedFields(t *testing.T) {
	ctx := context.Background()
	db, err := sqldb.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "gdx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := auditsql.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	store := auditsql.New(db)
	seed := sha256.Sum256([]byte("adminwiring test"))
	w, err := audit.NewWriter(ctx, store, audit.Config{Writer: "gw-test", Key: ed25519.NewKeyFromSeed(seed[:])})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	err = adminAuditor{w}.RecordAdmin(ctx, admin.AdminEvent{Time: time.Now(), RequestID: "req-1", Steward: "dopa-approver",
		Agency: "DOPA", Action: admin.ActionGrantApprove, Target: "grant/g-1a2b", Outcome: admin.OutcomeDone})
	if err != nil {
		t.Fatal(err)
	}
	page, err := auditTrail{Querier: store, Writer: w}.Query(ctx, audit.Filter{Kind: audit.KindAdmin})
	if err != nil || len(page.Events) != 1 {
		t.Fatalf("Query = %d events, %v; want 1", len(page.Events), err)
	}
	e := page.Events[0]
	if e.Action != admin.ActionGrantApprove || e.Target != "grant/g-1a2b" || e.Reasons != nil ||
		e.Officer != "dopa-approver" || e.Decision != audit.DecisionAllow {
		t.Errorf("admin event = %+v, want action %s on grant/g-1a2b by dopa-approver, no reasons", e, admin.ActionGrantApprove)
	}
	var members map[string]any
	b, _ := json.Marshal(e)
	if err := json.Unmarshal(b, &members); err != nil {
		t.Fatal(err)
	}
	if members["action"] != admin.ActionGrantApprove || members["target"] != "grant/g-1a2b" || members["count"] != 0.0 {
		t.Errorf("event JSON = %s, want action, target and count members", b)
	}
}
