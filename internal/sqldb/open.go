package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"regexp"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// defaultConnectTimeout bounds a PostgreSQL connection attempt when the URL
// sets no connect_timeout, so that an address that never answers fails.
const defaultConnectTimeout = 10 * time.Second

// Open opens the database that url names and checks that it answers:
//
//   - postgres://… or postgresql://… is PostgreSQL through a pgx pool;
//   - sqlite:PATH, a file: URI or a plain file path is an embedded SQLite
//     database (sqlite::memory: is a private in-memory one).
//
// Errors never show the URL's password.
func Open(ctx context.Context, url string) (*DB, error) {
	if isPostgresURL(url) {
		return openPostgres(ctx, url)
	}
	return openSQLite(ctx, url)
}

func isPostgresURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

func openPostgres(ctx context.Context, rawURL string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		return nil, redactErr(rawURL, fmt.Errorf("sqldb: bad PostgreSQL URL %s: %w", Redact(rawURL), err))
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = defaultConnectTimeout
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, redactErr(rawURL, fmt.Errorf("sqldb: open PostgreSQL %s: %w", Redact(rawURL), err))
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		host := fmt.Sprintf("%s:%d", cfg.ConnConfig.Host, cfg.ConnConfig.Port)
		return nil, redactErr(rawURL, fmt.Errorf(
			"sqldb: PostgreSQL at %s (database %q, user %q) does not answer: %w; check GDX_DATABASE_URL (%s)",
			host, cfg.ConnConfig.Database, cfg.ConnConfig.User, err, Redact(rawURL)))
	}
	return newPostgres(pool), nil
}

// SQLite connection setup.
//
// NOTE: concurrent writers must never see SQLITE_BUSY. Two measures do it:
//
//  1. Within the process all writes (Exec and InTx) share one connection,
//     so database/sql queues writers in Go, where they wait as long as
//     their context allows, instead of racing for SQLite's write lock.
//  2. Transactions begin IMMEDIATE (_txlock=immediate), taking the write
//     lock up front. A DEFERRED transaction that reads and then writes
//     cannot wait for the lock (SQLITE_BUSY at once, since waiting could
//     deadlock); BEGIN IMMEDIATE waits through busy_timeout instead, which
//     covers a second process (a gdx CLI command beside gdx demo).
//
// Reads run on a separate pool of query_only connections; in WAL mode they
// neither block nor are blocked by the writer.
var (
	sqliteCommon = []string{"_busy_timeout=10000", "_foreign_keys=1", "_journal_mode=WAL", "_synchronous=NORMAL"}
	sqliteWriter = append([]string{"_txlock=immediate"}, sqliteCommon...)
	sqliteReader = append([]string{"_query_only=1"}, sqliteCommon...)
)

func openSQLite(ctx context.Context, rawURL string) (*DB, error) {
	path, query := sqlitePath(rawURL)
	w, err := openSQLitePool(ctx, path, query, sqliteWriter, 1)
	if err != nil {
		return nil, err
	}
	if isMemory(path) { // a second pool would see another, empty database
		return newSQLite(w, w), nil
	}
	r, err := openSQLitePool(ctx, path, query, sqliteReader, max(4, runtime.GOMAXPROCS(0)))
	if err != nil {
		w.Close()
		return nil, err
	}
	return newSQLite(w, r), nil
}

// openSQLitePool opens a pool of at most n connections and checks it.
func openSQLitePool(ctx context.Context, path, query string, params []string, n int) (*sql.DB, error) {
	dsn := path + "?" + strings.Join(params, "&")
	if query != "" {
		dsn += "&" + query // ours come first, and the driver reads the first value of a key
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqldb: open SQLite database %s: %w", path, err)
	}
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqldb: open SQLite database %s (does its directory exist?): %w", path, err)
	}
	return db, nil
}

// sqlitePath splits a SQLite URL into the name the driver opens and the
// caller's query parameters: sqlite:PATH and sqlite://PATH name PATH, a
// file: URI or a plain path stays as it is.
func sqlitePath(rawURL string) (path, query string) {
	path = rawURL
	if rest, ok := strings.CutPrefix(path, "sqlite:"); ok {
		path = strings.TrimPrefix(rest, "//")
	}
	path, query, _ = strings.Cut(path, "?")
	return path, query
}

func isMemory(path string) bool {
	return path == ":memory:" || strings.HasPrefix(path, "file::memory:")
}

// userinfo matches the user:password@ part of a URL that url.Parse rejects.
var userinfo = regexp.MustCompile(`(://[^:/@]*):[^@/]*@`)

// Redact returns the URL with its password, if any, replaced by "xxxxx",
// whether it sits in the user info or in a password= query parameter.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return userinfo.ReplaceAllString(rawURL, "$1:xxxxx@")
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// redactErr returns err with every occurrence of the URL's password removed
// from its message; errors.Is and errors.As still see the cause.
func redactErr(rawURL string, err error) error {
	pw := password(rawURL)
	if pw == "" || !strings.Contains(err.Error(), pw) {
		return err
	}
	return &redactedError{msg: strings.ReplaceAll(err.Error(), pw, "xxxxx"), err: err}
}

func password(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil {
		if pw, ok := u.User.Password(); ok {
			return pw
		}
		return u.Query().Get("password")
	}
	if m := userinfo.FindStringSubmatch(rawURL); m != nil {
		return strings.TrimSuffix(strings.TrimPrefix(m[0], m[1]+":"), "@")
	}
	return ""
}

// redactedError shows a cleaned message but unwraps to the original error.
type redactedError struct {
	msg string
	err error
}

// Error returns the message with the password removed.
func (e *redactedError) Error() string { return e.msg }

// Unwrap returns the original error.
func (e *redactedError) Unwrap() error { return e.err }
