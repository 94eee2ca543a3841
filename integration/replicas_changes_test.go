package integration

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	catalogsql "github.com/gdx-exchange/gdx/catalog/sqlstore"
	certssql "github.com/gdx-exchange/gdx/certs/sqlstore"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// changeWithin is the promise of issue 11 item 3: a suspension, a key
// revocation, a certificate revocation or a revoked grant made anywhere is
// refused on every replica within a second, while the replicas serve
// from memory.
const changeWithin = time.Second

// stateChange is one change made in the database by a process that is
// neither replica, and what a replica answers before and after it.
type stateChange struct {
	name   string
	change func(t *testing.T, db *sqldb.DB)
	probe  func(c *serveCluster, r *serveReplica) (clusterAnswer, error)
	before int // status before the change
	status int // status after it
	reason string
}

// testChangesReachBothReplicas makes each change through a database handle
// of the test process, which no replica is told of, and polls both
// replicas until each refuses; the time from the change's start to each
// replica's first refusal must be within changeWithin.
func testChangesReachBothReplicas(t *testing.T, c *serveCluster) {
	bg := context.Background()
	db, err := sqldb.Open(bg, c.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	whoami := func(code string) func(*serveCluster, *serveReplica) (clusterAnswer, error) {
		return func(c *serveCluster, r *serveReplica) (clusterAnswer, error) {
			return c.Lookup(r, code, "licensing", "/v1/whoami")
		}
	}
	changes := []stateChange{
		{"agency suspended", func(t *testing.T, db *sqldb.DB) {
			s := catalogsql.New(db)
			a, err := s.FindAgency(bg, "NOGRANT")
			if err != nil {
				t.Fatal(err)
			}
			a.Status = catalog.AgencySuspended
			if err := s.UpdateAgency(bg, a); err != nil {
				t.Fatal(err)
			}
		}, whoami("NOGRANT"), http.StatusOK, http.StatusUnauthorized, "agency_suspended"},
		{"signing key revoked", func(t *testing.T, db *sqldb.DB) {
			if err := certssql.New(db).RevokeKey(bg, "DOPA", c.forgers["DOPA"].key.KeyID, time.Now()); err != nil {
				t.Fatal(err)
			}
		}, whoami("DOPA"), http.StatusOK, http.StatusUnauthorized, "kid_unknown"},
		{"client certificate revoked", func(t *testing.T, db *sqldb.DB) {
			serial := serialOf(t, readFile(t, filepath.Join(c.Dir, c.view.Info.Agencies["DBD"]), "client.crt"))
			if err := certssql.New(db).Revoke(bg, serial, "key compromise", time.Now()); err != nil {
				t.Fatal(err)
			}
		}, whoami("DBD"), http.StatusOK, http.StatusUnauthorized, "client_certificate_revoked"},
		{"grant revoked", func(t *testing.T, db *sqldb.DB) {
			s := catalogsql.New(db)
			g, err := s.FindGrant(bg, "g-dla-company")
			if err != nil {
				t.Fatal(err)
			}
			g.Status = catalog.GrantRevoked
			if err := s.UpdateGrant(bg, g); err != nil {
				t.Fatal(err)
			}
		}, func(c *serveCluster, r *serveReplica) (clusterAnswer, error) {
			return c.Lookup(r, "DLA", "licensing", samplePath("dbd.company", ""))
		}, http.StatusOK, http.StatusForbidden, ""},
	}
	for _, r := range c.Replicas {
		if v := metricValue(t, r, "gdx_cache_notices_live"); v != "1" {
			t.Fatalf("%s: gdx_cache_notices_live %q, want 1: its caches are not following the database", r.Writer, v)
		}
	}
	for _, ch := range changes {
		t.Run(ch.name, func(t *testing.T) { awaitRefusal(t, c, db, ch) })
	}
	t.Run("after the notices' connections were killed", func(t *testing.T) {
		if _, err := db.Exec(bg, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE application_name = $1 AND datname = current_database()`, sqldb.StreamApplicationName); err != nil {
			t.Fatal(err)
		}
		for _, r := range c.Replicas {
			awaitLog(t, r, "change notices lost")
			if v := metricValue(t, r, "gdx_cache_notices_lost_total"); v != "1" {
				t.Errorf("%s: gdx_cache_notices_lost_total %q, want 1", r.Writer, v)
			}
		}
		awaitRefusal(t, c, db, stateChange{"house grant revoked", func(t *testing.T, db *sqldb.DB) {
			s := catalogsql.New(db)
			g, err := s.FindGrant(bg, "g-dla-house")
			if err != nil {
				t.Fatal(err)
			}
			g.Status = catalog.GrantRevoked
			if err := s.UpdateGrant(bg, g); err != nil {
				t.Fatal(err)
			}
		}, func(c *serveCluster, r *serveReplica) (clusterAnswer, error) {
			return c.Lookup(r, "DLA", "licensing", samplePath("dopa.house", ""))
		}, http.StatusOK, http.StatusForbidden, ""})
		for _, r := range c.Replicas {
			awaitLog(t, r, "change notices restored")
			if v := metricValue(t, r, "gdx_cache_notices_live"); v != "1" {
				t.Errorf("%s: gdx_cache_notices_live %q after the reconnection, want 1", r.Writer, v)
			}
		}
	})
}

// metricValue returns the value of the unlabelled series name on the
// replica's /metrics, or "".
func metricValue(t *testing.T, r *serveReplica, name string) string {
	t.Helper()
	res, err := http.Get(r.Web + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			return v
		}
	}
	return ""
}

// awaitLog waits up to 5 s for the replica to log text.
func awaitLog(t *testing.T, r *serveReplica, text string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(r.Logs.String(), text); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not log %q", r.Writer, text)
		}
	}
}

// awaitRefusal checks the state before, makes the change and polls both
// replicas until each answers the refusal.
func awaitRefusal(t *testing.T, c *serveCluster, db *sqldb.DB, ch stateChange) {
	t.Helper()
	for _, r := range c.Replicas {
		// Twice, so that the answer comes from the replica's caches.
		for range 2 {
			if a, err := ch.probe(c, r); err != nil || a.Status != ch.before {
				t.Fatalf("before the change, %s answered %d %s (%v)", r.Writer, a.Status, a.Raw, err)
			}
		}
	}
	start := time.Now()
	ch.change(t, db)
	pending := map[*serveReplica]bool{}
	for _, r := range c.Replicas {
		pending[r] = true
	}
	for len(pending) > 0 && time.Since(start) < 5*changeWithin {
		for r := range pending {
			a, err := ch.probe(c, r)
			if err != nil {
				t.Fatalf("%s: %v", r.Writer, err)
			}
			switch {
			case a.Status == ch.before:
				continue
			case a.Status != ch.status || (ch.reason != "" && a.Body.Reason != ch.reason):
				t.Fatalf("%s answered %d %s, want %d %s", r.Writer, a.Status, a.Raw, ch.status, ch.reason)
			}
			took := time.Since(start)
			t.Logf("%s refuses %s after %s", r.Writer, ch.name, took.Round(time.Millisecond))
			if took > changeWithin {
				t.Errorf("%s refused only after %s, more than %s", r.Writer, took.Round(time.Millisecond), changeWithin)
			}
			delete(pending, r)
		}
		time.Sleep(2 * time.Millisecond)
	}
	for r := range pending {
		t.Errorf("%s still serves after %s", r.Writer, 5*changeWithin)
	}
}
