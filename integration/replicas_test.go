package integration

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/policies"
	policiessql "github.com/gdx-exchange/gdx/policies/sqlstore"
)

// TestReplicasShareState runs two `gdx serve` replicas on one PostgreSQL
// and checks that what DESIGN.md says replicas share holds: the replay
// cache, rate limits and the active policy; that a suspension or a
// revocation made in the database reaches both within a second; and that
// each keeps its own audit chain and both verify.
func TestReplicasShareState(t *testing.T) {
	c := startServeCluster(t, 2)
	a, b := c.Replicas[0], c.Replicas[1]

	t.Run("a jti used on one replica is refused on the other", func(t *testing.T) {
		jti := "replica-" + randomID()
		tok, err := c.Token("DLA", "licensing", jti)
		if err != nil {
			t.Fatal(err)
		}
		path := samplePath("dopa.person", "")
		first, err := c.Call(a, "DLA", tok, path)
		if err != nil || first.Status != http.StatusOK {
			t.Fatalf("first use on %s: %v %d %s", a.Writer, err, first.Status, first.Raw)
		}
		again, err := c.Call(b, "DLA", tok, path)
		if err != nil {
			t.Fatal(err)
		}
		if again.Status != http.StatusUnauthorized || again.Body.Reason != "jti_replayed" || again.Header.Get("WWW-Authenticate") == "" {
			t.Fatalf("replay on %s: status %d reason %q WWW-Authenticate %q", b.Writer, again.Status, again.Body.Reason, again.Header.Get("WWW-Authenticate"))
		}
		if again.Body.Record != nil {
			t.Fatal("a replayed token got a record")
		}
	})

	t.Run("a rate limit holds across both replicas", func(t *testing.T) {
		// RD's grant on dbd.company: 120 a minute (2 a second), burst 20.
		const burst, perSecond = 20, 2.0
		path := samplePath("dbd.company", "")
		ok, limited := map[string]int{}, map[string]int{}
		start := time.Now()
		for i := 0; i < 2*burst+10; i++ {
			r := c.Replicas[i%2]
			ans := c.MustLookup(t, r, "RD", "tax_assessment", path)
			switch ans.Status {
			case http.StatusOK:
				ok[r.Writer]++
			case http.StatusTooManyRequests:
				limited[r.Writer]++
				if ans.Header.Get("Retry-After") == "" || ans.Body.Reason != "rate_limited" {
					t.Fatalf("429 without Retry-After or reason: %q %q", ans.Header.Get("Retry-After"), ans.Body.Reason)
				}
			default:
				t.Fatalf("lookup %d on %s: status %d %s", i, r.Writer, ans.Status, ans.Raw)
			}
		}
		allowed := ok[a.Writer] + ok[b.Writer]
		refill := int(time.Since(start).Seconds()*perSecond) + 1
		t.Logf("%d allowed (%v), %d limited (%v) in %s", allowed, ok, limited[a.Writer]+limited[b.Writer], limited, time.Since(start).Round(time.Millisecond))
		if allowed > burst+refill || allowed < burst-5 {
			t.Errorf("%d lookups allowed over two replicas; one shared bucket allows about %d", allowed, burst+refill)
		}
		if limited[a.Writer] == 0 || limited[b.Writer] == 0 {
			t.Errorf("both replicas must refuse once the shared bucket is empty: %v", limited)
		}
	})

	t.Run("a policy activated in the database serves on both within 5s", func(t *testing.T) {
		path := samplePath("dopa.person", "fields=citizen_id,first_name_th,birth_date")
		before := c.MustLookup(t, a, "DLA", "licensing", path)
		if before.Status != http.StatusOK || before.Body.Record["birth_date"] == nil {
			t.Fatalf("before: %d %s", before.Status, before.Raw)
		}
		v := activateOwnerPolicy(t, c.DB, birthDateWithheld)
		activated := time.Now()
		want := v.Label()
		if before.Body.PolicyVersion == want {
			t.Fatalf("policy %s was already serving", want)
		}
		pending := map[*serveReplica]bool{a: true, b: true}
		for len(pending) > 0 && time.Since(activated) < 5*time.Second {
			for r := range pending {
				ans := c.MustLookup(t, r, "DLA", "licensing", path)
				if ans.Status != http.StatusOK {
					t.Fatalf("%s: %d %s", r.Writer, ans.Status, ans.Raw)
				}
				if ans.Body.PolicyVersion != want {
					continue
				}
				if _, ok := ans.Body.Record["birth_date"]; ok || !withheldFor(ans.Body, "birth_date", "owner_withheld") {
					t.Fatalf("%s serves %s but returned birth_date: %s", r.Writer, want, ans.Raw)
				}
				t.Logf("%s serves %s after %s", r.Writer, want, time.Since(activated).Round(time.Millisecond))
				delete(pending, r)
			}
			time.Sleep(50 * time.Millisecond)
		}
		for r := range pending {
			t.Errorf("%s did not serve %s within 5s of its activation", r.Writer, want)
		}
	})

	t.Run("a change in the database is refused on both within 1s", func(t *testing.T) {
		testChangesReachBothReplicas(t, c)
	})

	t.Run("both audit chains verify", func(t *testing.T) {
		out := c.VerifyAudit(t)
		// One chain per replica, and the operator tools' chain that the
		// setup's audited catalog import started.
		if !strings.Contains(out, "3 chains") {
			t.Errorf("want one chain per replica and the tools' chain: %s", out)
		}
	})
}

// birthDateWithheld is a DOPA owner module that withholds birth_date from
// every consumer.
const birthDateWithheld = `package gdx.owner.dopa

withheld contains "birth_date" if {
	"birth_date" in input.requested_fields
}

decision := {
	"allow": true,
	"fields": {f | some f in input.requested_fields; not f in withheld},
	"masks": {},
	"reasons": {sprintf("owner_withheld:%s", [f]) | some f in withheld},
	"obligations": set(),
}
`

// activateOwnerPolicy adds DOPA's owner module to the active policy set
// through the steward workflow on the database at dbURL: a DOPA steward
// drafts, another DOPA steward approves and activates. No replica is told.
func activateOwnerPolicy(t *testing.T, dbURL, module string) policies.Version {
	t.Helper()
	bg, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := sqldb.Open(bg, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store := policiessql.New(db)
	wf := policies.NewWorkflow(store, nil)
	id, err := store.ActiveVersionID(bg)
	if err != nil || id == 0 {
		t.Fatalf("active policy: %d %v", id, err)
	}
	active, err := store.FindVersion(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	mods := active.Modules.Clone()
	mods["owner/dopa/policy.rego"] = module
	author := policies.Actor{Name: "somchai", Agency: "DOPA", Role: policies.RoleSteward}
	approver := policies.Actor{Name: "malee", Agency: "DOPA", Role: policies.RoleApprover}
	v, err := wf.Draft(bg, author, mods, "withhold birth dates")
	if err != nil {
		t.Fatalf("draft: %v", err)
	}
	if _, err := wf.Approve(bg, v.ID, approver); err != nil {
		t.Fatalf("approve: %v", err)
	}
	if v, err = wf.Activate(bg, v.ID, approver); err != nil {
		t.Fatalf("activate: %v", err)
	}
	return v
}
