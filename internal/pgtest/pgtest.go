package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the environment variable holding an admin connection URL of
// the PostgreSQL server to use; it takes precedence over Docker and a local
// cluster.
const EnvURL = "GDX_TEST_DATABASE_URL"

const skipMessage = "pgtest: no PostgreSQL: set " + EnvURL +
	"=postgres://… or install PostgreSQL (initdb/pg_ctl) or start Docker"

// server is the outcome of choosing a PostgreSQL server for this process.
// A zero url with a nil err means none could be had.
type server struct {
	url    string // admin connection URL
	source string // where it comes from, for logs
	err    error  // a source was present but failed
}

var (
	chooseOnce sync.Once
	chosen     server
)

// AdminURL returns the admin connection URL of the PostgreSQL server shared
// by this test process, choosing it on first use (see the package doc).
// It skips t when no PostgreSQL can be had and fails t when the chosen
// source is broken.
func AdminURL(t testing.TB) string {
	t.Helper()
	chooseOnce.Do(func() { chosen = choose() })
	return chosen.require(t)
}

// require returns the admin URL of s, failing t if s is broken and skipping
// t if there is none.
func (s server) require(t testing.TB) string {
	t.Helper()
	if s.err != nil {
		t.Fatal(s.err)
	}
	if s.url == "" {
		t.Skip(skipMessage)
	}
	return s.url
}

// New returns the URL of a fresh, empty PostgreSQL database for this test,
// dropped in t.Cleanup.
// When no PostgreSQL can be had it calls t.Skip with one clear line saying
// how to provide one.
func New(t testing.TB) string {
	t.Helper()
	admin := AdminURL(t)
	name := "gdx_test_" + randomHex(8)
	if err := adminExec(admin, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: CREATE DATABASE %s on %s: %v", name, chosen.source, err)
	}
	t.Cleanup(func() {
		if err := adminExec(admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: DROP DATABASE %s on %s: %v", name, chosen.source, err)
		}
	})
	t.Logf("pgtest: database %s on %s", name, chosen.source)
	return withDatabase(admin, name)
}

// choose picks the PostgreSQL server for this process, in the order the
// package doc lists.
func choose() server {
	if u := os.Getenv(EnvURL); u != "" {
		return fromEnv(u)
	}
	var dockerErr error
	if pool := dockerPool(); pool != nil {
		u, err := startDocker(pool)
		if err == nil {
			return server{url: u, source: "docker postgres:15"}
		}
		dockerErr = err
	}
	if bin := findBinDir(); bin != "" {
		c := &cluster{bin: bin, dir: clusterDir()}
		u, err := c.start()
		if err != nil {
			return server{err: errors.Join(err, dockerErr)}
		}
		return server{url: u, source: "local cluster " + c.dir}
	}
	return server{err: dockerErr}
}

// fromEnv checks that the URL given in EnvURL answers.
func fromEnv(u string) server {
	if err := ping(u); err != nil {
		return server{err: fmt.Errorf("pgtest: %s=%s does not answer: %v", EnvURL, redact(u), err)}
	}
	return server{url: u, source: EnvURL}
}

// ping connects to the database at u and pings it.
func ping(u string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return conn.Ping(ctx)
}

// adminExec runs one statement on a fresh connection to u.
func adminExec(u, sql string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

// withDatabase returns the admin connection string u pointed at database db.
// It accepts both URL and keyword/value forms.
func withDatabase(u, db string) string {
	if p, err := url.Parse(u); err == nil && isURL(p) {
		p.Path, p.RawPath = "/"+db, ""
		return p.String()
	}
	return u + " dbname=" + db
}

// redact hides the password of a URL; a keyword/value string is not shown.
func redact(u string) string {
	if p, err := url.Parse(u); err == nil && isURL(p) {
		return p.Redacted()
	}
	return "(keyword/value string)"
}

func isURL(p *url.URL) bool {
	return p.Scheme == "postgres" || p.Scheme == "postgresql"
}

// randomHex returns 2n random hex digits.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails since Go 1.24
	return hex.EncodeToString(b)
}
