package pgtest

import (
	"os"
	"testing"
)

// durableConf is appended to postgresql.conf of a durable cluster: every
// commit is flushed to disk before it is acknowledged, as in production.
const durableConf = `
# gdx pgtest: durable cluster for benchmarks
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = on
synchronous_commit = on
full_page_writes = on
shared_buffers = 128MB
max_connections = 200
`

// DurableSettings are the settings NewDurable's cluster reports through
// SHOW, for a benchmark to print and check.
var DurableSettings = map[string]string{"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}

// NewDurable starts a PostgreSQL cluster of its own for this test,
// configured durably (fsync, synchronous_commit and full_page_writes on),
// and returns the URL of a fresh database on it. The cluster is stopped
// and removed in t.Cleanup. It needs initdb/pg_ctl (it never uses
// GDX_TEST_DATABASE_URL or Docker, whose settings it cannot vouch for)
// and skips t without them. The shared throwaway cluster of New keeps
// fsync off: a figure measured on it says nothing about a durable write.
func NewDurable(t testing.TB) string {
	t.Helper()
	bin := findBinDir()
	if bin == "" {
		t.Skip("pgtest: a durable cluster needs PostgreSQL's initdb and pg_ctl installed")
	}
	dir, err := os.MkdirTemp("", "gdx-pgdurable-")
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	c := &cluster{bin: bin, dir: dir, conf: durableConf}
	t.Cleanup(func() { c.stop(t); os.RemoveAll(dir) })
	admin, err := c.start()
	if err != nil {
		t.Fatal(err)
	}
	if err := adminExec(admin, "CREATE DATABASE gdx_durable"); err != nil {
		t.Fatalf("pgtest: CREATE DATABASE on the durable cluster %s: %v", dir, err)
	}
	t.Logf("pgtest: database gdx_durable on the durable cluster %s", dir)
	return withDatabase(admin, "gdx_durable")
}

// stop stops a cluster's server, fast (its data is thrown away after).
func (c *cluster) stop(t testing.TB) {
	if !exists(c.data()) {
		return
	}
	if err := c.run("pg_ctl", "-D", c.data(), "-m", "fast", "-w", "stop"); err != nil {
		t.Logf("pgtest: stopping the durable cluster: %v", err)
	}
}
