package integration

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/gdx-exchange/gdx/connectors/sim"
	"github.com/gdx-exchange/gdx/internal/pgtest"
)

// TestKillReplicaUnderLoad kills one of two replicas with SIGKILL while
// agencies look records up on both, restarts it under the same writer
// name, and then checks the trail: it verifies, and every lookup that was
// answered 200 has its audit event, on whichever replica answered it.
func TestKillReplicaUnderLoad(t *testing.T) {
	c := startServeCluster(t, 2)
	load := startLoad(c, 4, []string{samplePath("dopa.person", ""), samplePath("dbd.company", "")})
	time.Sleep(1500 * time.Millisecond)
	beforeKill := load.okCount()
	c.Kill(t, 0)
	time.Sleep(500 * time.Millisecond)
	load.stop()
	if beforeKill < 20 {
		t.Fatalf("only %d lookups succeeded before the kill; the load did not run", beforeKill)
	}
	if load.failedOn(c.Replicas[0]) == 0 {
		t.Logf("no request failed on the killed replica")
	}

	restarted := time.Now()
	c.Start(t, 0)
	t.Logf("killed %s after %d lookups; restarted in %s", c.Replicas[0].Writer, beforeKill, time.Since(restarted).Round(time.Millisecond))
	for _, r := range c.Replicas { // the restarted replica resumes its chain
		ans := c.MustLookup(t, r, "DLA", "licensing", samplePath("dopa.person", ""))
		if ans.Status != http.StatusOK || ans.Body.AuditEvent == "" {
			t.Fatalf("%s after the restart: %d %s", r.Writer, ans.Status, ans.Raw)
		}
		load.record(r, ans)
	}

	c.VerifyAudit(t)
	ok := load.okIDs()
	stored := c.AuditEvents(t, "--agency", "DLA", "--kind", "lookup")
	missing := 0
	for id, writer := range ok {
		switch got, found := stored[id]; {
		case !found:
			missing++
			t.Errorf("lookup answered 200 by %s has no audit event %s", writer, id)
		case got != writer:
			t.Errorf("lookup answered 200 by %s is audited in the chain of %s", writer, got)
		}
	}
	t.Logf("%d lookups answered 200 (%v), %d transport errors, %d other answers; %d missing from the trail",
		len(ok), load.okByReplica(), load.errors.Load(), load.other.Load(), missing)
}

// loadRun is a few goroutines looking records up as DLA, round robin over
// the cluster's replicas, until stopped.
type loadRun struct {
	c      *serveCluster
	wg     sync.WaitGroup
	done   chan struct{}
	errors atomic.Int64
	other  atomic.Int64

	mu     sync.Mutex
	ok     map[string]string // audit event id → writer that answered
	failed map[string]int    // writer → transport errors
}

// startLoad starts workers goroutines, each cycling over the paths and the
// replicas.
func startLoad(c *serveCluster, workers int, paths []string) *loadRun {
	l := &loadRun{c: c, done: make(chan struct{}), ok: map[string]string{}, failed: map[string]int{}}
	for w := 0; w < workers; w++ {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for i := w; ; i++ {
				select {
				case <-l.done:
					return
				default:
				}
				r := c.Replicas[i%len(c.Replicas)]
				ans, err := c.Lookup(r, "DLA", "licensing", paths[i%len(paths)])
				if err != nil {
					l.errors.Add(1)
					l.mu.Lock()
					l.failed[r.Writer]++
					l.mu.Unlock()
					time.Sleep(10 * time.Millisecond) // a dead replica refuses at once
					continue
				}
				l.record(r, ans)
			}
		}()
	}
	return l
}

func (l *loadRun) record(r *serveReplica, ans clusterAnswer) {
	if ans.Status != http.StatusOK {
		l.other.Add(1)
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ok[ans.Body.AuditEvent] = r.Writer
}

func (l *loadRun) stop() {
	close(l.done)
	l.wg.Wait()
}

func (l *loadRun) okCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.ok)
}

func (l *loadRun) okIDs() map[string]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]string, len(l.ok))
	for id, w := range l.ok {
		out[id] = w
	}
	return out
}

func (l *loadRun) okByReplica() map[string]int {
	out := map[string]int{}
	for _, w := range l.okIDs() {
		out[w]++
	}
	return out
}

func (l *loadRun) failedOn(r *serveReplica) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.failed[r.Writer]
}

// TestDatabaseGoesAway makes PostgreSQL refuse the gateway mid-run: lookups
// fail closed (a 5xx problem, never a record) and /readyz says not ready;
// when the database takes connections again, lookups succeed again within
// a few seconds without a restart, and the trail still verifies.
func TestDatabaseGoesAway(t *testing.T) {
	c := startServeCluster(t, 1)
	r := c.Replicas[0]
	path := samplePath("dopa.person", "")
	if ans := c.MustLookup(t, r, "DLA", "licensing", path); ans.Status != http.StatusOK {
		t.Fatalf("before: %d %s", ans.Status, ans.Raw)
	}
	if got := c.Ready(t, r); got != http.StatusOK {
		t.Fatalf("readyz before: %d", got)
	}

	name := databaseName(t, c.DB)
	admin := pgtest.AdminURL(t)
	setConnections(t, admin, name, false)
	restored := false
	t.Cleanup(func() {
		if !restored {
			setConnections(t, admin, name, true)
		}
	})

	var statuses []int
	for i := 0; i < 5; i++ {
		ans := c.MustLookup(t, r, "DLA", "licensing", path)
		if ans.Status < 500 || ans.Body.Record != nil || !strings.HasPrefix(ans.Header.Get("Content-Type"), "application/problem+json") {
			t.Fatalf("lookup %d without the database: status %d %s", i, ans.Status, ans.Raw)
		}
		statuses = append(statuses, ans.Status)
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("without the database: %v", statuses)
	if got := c.Ready(t, r); got != http.StatusServiceUnavailable {
		t.Errorf("readyz without the database: %d, want 503", got)
	}

	setConnections(t, admin, name, true)
	restored = true
	back := time.Now()
	for {
		ans := c.MustLookup(t, r, "DLA", "licensing", path)
		if ans.Status == http.StatusOK && ans.Body.Record != nil {
			t.Logf("lookups succeed %s after the database returned", time.Since(back).Round(time.Millisecond))
			break
		}
		if time.Since(back) > 10*time.Second {
			t.Fatalf("still failing 10s after the database returned: %d %s", ans.Status, ans.Raw)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if got := c.Ready(t, r); got != http.StatusOK {
		t.Errorf("readyz after the database returned: %d", got)
	}
	c.VerifyAudit(t)

	t.Run("the outage is 503 unavailable, not 500 internal", func(t *testing.T) {
		for i, s := range statuses {
			if s != http.StatusServiceUnavailable {
				t.Errorf("lookup %d without the database: %d, want 503", i, s)
			}
		}
	})
}

// setConnections makes PostgreSQL refuse (allow=false) or accept new
// connections to the database, and with allow=false ends those open.
func setConnections(t *testing.T, admin, db string, allow bool) {
	t.Helper()
	bg, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(bg, admin)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(bg)
	stmt := "ALTER DATABASE " + pgx.Identifier{db}.Sanitize() + " ALLOW_CONNECTIONS " + map[bool]string{true: "true", false: "false"}[allow]
	if _, err := conn.Exec(bg, stmt); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
	if !allow {
		if _, err := conn.Exec(bg, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, db); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOwnerInternalError has the civil registry fail through `gdx serve`:
// a passing 503 is absorbed by one retry; a 500 is final, not retried,
// and answered 502 typed as the owner's failure, audited, with no record;
// and lookups succeed again once the registry recovers.
func TestOwnerInternalError(t *testing.T) {
	c := startServeCluster(t, 1)
	r, civil := c.Replicas[0], c.Sims[sim.CivilRegistry]
	path := samplePath("dopa.person", "")

	calls := civil.Requests()
	civil.FailNext(1, http.StatusServiceUnavailable)
	if ans := c.MustLookup(t, r, "DLA", "licensing", path); ans.Status != http.StatusOK || civil.Requests()-calls != 2 {
		t.Fatalf("one 503 should be retried once: %d after %d calls %s", ans.Status, civil.Requests()-calls, ans.Raw)
	}

	if err := civil.SetFaults(sim.Faults{ErrorRate: 1, ErrorStatus: http.StatusInternalServerError}); err != nil {
		t.Fatal(err)
	}
	calls, start := civil.Requests(), time.Now()
	ans := c.MustLookup(t, r, "DLA", "licensing", path)
	if ans.Status != http.StatusBadGateway || ans.Header.Get("GDX-Error-Source") != "upstream" ||
		!strings.HasPrefix(ans.Body.Type, "urn:gdx:problem:upstream:") || ans.Body.Record != nil {
		t.Fatalf("owner failing with 500: status %d source %q %s", ans.Status, ans.Header.Get("GDX-Error-Source"), ans.Raw)
	}
	if n := civil.Requests() - calls; n != 1 {
		t.Errorf("a 500 is final, not retried; the owner was called %d times", n)
	}
	if took := time.Since(start); took > 12*time.Second {
		t.Errorf("a failing owner took %s to answer", took)
	}
	civil.SetFaults(sim.Faults{})
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		ans := c.MustLookup(t, r, "DLA", "licensing", path)
		if ans.Status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %d 30s after the owner recovered: %s", ans.Status, ans.Raw)
		}
	}
	out := c.Gdx(t, "audit", "query", "--database-url", c.DB, "--agency", "DLA", "--decision", "error")
	if !strings.Contains(out, `"upstream_status":502`) && !strings.Contains(out, `"status":502`) {
		t.Errorf("the failed lookup is not in the trail as an error:\n%s", out)
	}
	c.VerifyAudit(t)
}
