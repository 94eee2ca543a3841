// Package pgtest gives a test a real, fresh, empty PostgreSQL database with
// one call:
//
//	url := pgtest.New(t) // dropped again in t.Cleanup
//
// The server behind it is chosen once per test process, first match wins:
//
//  1. GDX_TEST_DATABASE_URL, an admin connection URL (e.g.
//     postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable). If it is
//     set but does not answer, the test fails: it is never silently skipped.
//  2. A postgres:15 container via Docker, when a Docker engine answers a ping
//     within half a second. It stops and removes itself after 10 minutes.
//  3. A throwaway local cluster built with initdb/pg_ctl (highest version in
//     /usr/lib/postgresql/*/bin, else PATH), shared by every test process of
//     the same user: it lives in $TMPDIR/gdx-pgtest-<uid> (data in ./data,
//     port in ./port, log in ./postgres.log), is created and started under a
//     file lock, listens on 127.0.0.1 only with trust auth, and is left
//     running for the next run. Stop it with
//     pg_ctl -D $TMPDIR/gdx-pgtest-<uid>/data stop (as user postgres when
//     root); remove the directory to start from scratch. .ci/pg-start.sh
//     builds the same cluster for CI.
//  4. Otherwise the test is skipped with a line saying how to provide one.
//
// A source that is present but broken fails the test with the failing
// command and its output instead of skipping it (a failing Docker first
// falls back to the local cluster).
//
// The shared clusters run with fsync off, which suits tests but not a
// benchmark of durable writes: NewDurable starts a cluster of the test's
// own with fsync, synchronous_commit and full_page_writes on (initdb and
// pg_ctl required), and stops and removes it at cleanup.
package pgtest
