package pgtest

import (
	"context"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// query returns the single int of a one-row, one-column query on u.
func query(t *testing.T, u, sql string, args ...any) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatalf("connect %s: %v", u, err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func mustExec(t *testing.T, u, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatalf("connect %s: %v", u, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

const countTables = `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'`

func TestNewGivesSeparateEmptyDatabases(t *testing.T) {
	a, b := New(t), New(t)
	if a == b {
		t.Fatalf("New returned the same URL twice: %s", a)
	}
	mustExec(t, a, `CREATE TABLE widgets (id int PRIMARY KEY)`)
	if n := query(t, a, countTables); n != 1 {
		t.Errorf("database a has %d tables, want 1", n)
	}
	if n := query(t, b, countTables); n != 0 {
		t.Errorf("database b has %d tables, want 0 (not isolated from a)", n)
	}
}

func TestNewDropsDatabaseAtCleanup(t *testing.T) {
	var name string
	t.Run("user", func(t *testing.T) {
		u, err := url.Parse(New(t))
		if err != nil {
			t.Fatal(err)
		}
		name = strings.TrimPrefix(u.Path, "/")
	})
	if name == "" {
		t.Skip("subtest skipped")
	}
	if n := query(t, AdminURL(t), `SELECT count(*) FROM pg_database WHERE datname = $1`, name); n != 0 {
		t.Errorf("database %s still exists after cleanup", name)
	}
}

func TestSource(t *testing.T) {
	admin := AdminURL(t)
	t.Logf("source: %s (%s)", chosen.source, redact(admin))
	if env := os.Getenv(EnvURL); env != "" {
		if admin != env || chosen.source != EnvURL {
			t.Errorf("with %s set, got %s from %q", EnvURL, admin, chosen.source)
		}
		return
	}
	if !strings.HasPrefix(chosen.source, "local cluster") && !strings.HasPrefix(chosen.source, "docker") {
		t.Errorf("unexpected source %q", chosen.source)
	}
	if strings.HasPrefix(chosen.source, "local cluster") {
		port, err := readPort(clusterDir() + "/port")
		if err != nil || !strings.Contains(admin, ":"+strconv.Itoa(port)+"/") {
			t.Errorf("admin URL %s does not use the port file's port %d (%v)", admin, port, err)
		}
	}
}

func TestEnvURLThatDoesNotAnswerFails(t *testing.T) {
	s := fromEnv("postgres://postgres:secret@127.0.0.1:1/postgres?sslmode=disable&connect_timeout=2")
	if s.err == nil {
		t.Fatal("no error for a URL nobody listens on")
	}
	if msg := s.err.Error(); !strings.Contains(msg, EnvURL) || strings.Contains(msg, "secret") {
		t.Errorf("error should name %s and hide the password: %s", EnvURL, msg)
	}
}

func TestDockerProbeIsFast(t *testing.T) {
	start := time.Now()
	pool := dockerPool()
	if d := time.Since(start); pool == nil && d > time.Second {
		t.Errorf("probing an absent Docker engine took %v, want < 1s", d)
	}
	t.Logf("docker engine answers: %v (probe took %v)", pool != nil, time.Since(start))
}

func TestWithDatabase(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:p@h:5/postgres?sslmode=disable": "postgres://u:p@h:5/db1?sslmode=disable",
		"postgresql://h/":               "postgresql://h/db1",
		"host=h user=u dbname=postgres": "host=h user=u dbname=postgres dbname=db1",
	} {
		got := withDatabase(in, "db1")
		if got != want {
			t.Errorf("withDatabase(%q) = %q, want %q", in, got, want)
		}
		cfg, err := pgx.ParseConfig(got)
		if err != nil || cfg.Database != "db1" {
			t.Errorf("pgx cannot read database db1 from %q (%v)", got, err)
		}
	}
}

func TestNoPostgreSQLSkips(t *testing.T) {
	if dockerPool() != nil {
		t.Skip("a Docker engine answers here")
	}
	glob := debianBinGlob
	t.Cleanup(func() { debianBinGlob = glob })
	debianBinGlob = "/nonexistent/*/bin"
	t.Setenv("PATH", "")
	t.Setenv(EnvURL, "")
	s := choose()
	if s != (server{}) {
		t.Fatalf("choose() = %+v, want no server", s)
	}
	t.Run("require", func(t *testing.T) {
		defer func() {
			if !t.Skipped() {
				t.Error("require did not skip")
			}
		}()
		s.require(t)
	})
}

// TestNewDurable checks that the durable cluster really flushes commits:
// a benchmark run on it must not be a benchmark of fsync=off.
func TestNewDurable(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a cluster of its own")
	}
	u := NewDurable(t)
	for name, want := range DurableSettings {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		if err := conn.QueryRow(ctx, "SHOW "+name).Scan(&got); err != nil {
			t.Fatal(err)
		}
		conn.Close(ctx)
		if got != want {
			t.Errorf("SHOW %s = %q, want %q", name, got, want)
		}
	}
	if n := query(t, u, countTables); n != 0 {
		t.Errorf("the durable database has %d tables, want 0", n)
	}
}
