package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/citizen"
	"github.com/gdx-exchange/gdx/gateway/citizen/sqlstore"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

func migrated(t *testing.T, engine string) *sqldb.DB {
	t.Helper()
	db := sqldbtest.Open(t, engine)
	if err := sqlstore.Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return db
}

// same compares sessions, their expiry as instants.
func same(a, b citizen.Session) bool {
	if !a.Expires.Equal(b.Expires) {
		return false
	}
	a.Expires = b.Expires
	return a == b
}

// TestSessionsAcrossReplicas: a session stored through one replica's
// store is found, whole, through another's on the same database; it is
// replaced, deleted and expires for both.
func TestSessionsAcrossReplicas(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := migrated(t, engine)
		now := time.Now().UTC().Truncate(time.Microsecond)
		a, b := sqlstore.New(db, func() time.Time { return now }), sqlstore.New(db, nil)
		signingIn := citizen.Session{Expires: now.Add(10 * time.Minute), State: "st", Nonce: "no", Verifier: "ve"}
		if err := a.PutSession(ctx, "k1", signingIn); err != nil {
			t.Fatal(err)
		}
		if got, err := b.FindSession(ctx, "k1", now); err != nil || !same(got, signingIn) {
			t.Fatalf("the other replica found %+v, %v; want %+v", got, err, signingIn)
		}
		signedIn := citizen.Session{Expires: now.Add(time.Hour), KeyHash: "hash", Masked: "1-1234-xxxxx-12-3",
			Name: "สมชาย ใจดี", IAL: "2.3", AAL: "2.2", CSRF: "token"}
		if err := b.PutSession(ctx, "k1", signedIn); err != nil {
			t.Fatal(err)
		}
		if got, err := a.FindSession(ctx, "k1", now); err != nil || !same(got, signedIn) {
			t.Fatalf("after replacing: %+v, %v; want %+v", got, err, signedIn)
		}
		if _, err := a.FindSession(ctx, "k1", signedIn.Expires); catalog.ErrorKind(err) != catalog.KindNotFound {
			t.Errorf("at its expiry the session was found: %v", err)
		}
		if err := b.DeleteSession(ctx, "k1"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.FindSession(ctx, "k1", now); catalog.ErrorKind(err) != catalog.KindNotFound {
			t.Errorf("a deleted session was found: %v", err)
		}
		if _, err := a.FindSession(ctx, "never", now); catalog.ErrorKind(err) != catalog.KindNotFound {
			t.Errorf("an unknown key: %v, want not found", err)
		}
	})
}

// TestExpiredSessionsAreCleared: storing a session removes those that
// have expired, so the table holds only live ones.
func TestExpiredSessionsAreCleared(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := migrated(t, engine)
		now := time.Now()
		s := sqlstore.New(db, func() time.Time { return now })
		for i, key := range []string{"old1", "old2", "live"} {
			exp := now.Add(-time.Minute)
			if i == 2 {
				exp = now.Add(time.Minute)
			}
			if _, err := db.Exec(ctx, `INSERT INTO citizen_sessions (key, expires_us, session) VALUES ($1, $2, '{}')`, key, sqldb.Micros(exp)); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.PutSession(ctx, "new", citizen.Session{Expires: now.Add(time.Minute), State: "s"}); err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := db.QueryRow(ctx, `SELECT count(*) FROM citizen_sessions`).Scan(&n); err != nil || n != 2 {
			t.Errorf("%d sessions left (%v), want the live one and the new one", n, err)
		}
	})
}

// TestStoreDownIsUnavailable: a closed database reads as the store being
// unavailable, which the view answers with "try again".
func TestStoreDownIsUnavailable(t *testing.T) {
	db := migrated(t, sqldb.SQLite)
	s := sqlstore.New(db, nil)
	db.Close()
	if _, err := s.FindSession(context.Background(), "k", time.Now()); catalog.ErrorKind(err) != catalog.KindUnavailable {
		t.Errorf("FindSession on a closed database: %v, want unavailable", err)
	}
	if err := s.PutSession(context.Background(), "k", citizen.Session{Expires: time.Now().Add(time.Minute)}); catalog.ErrorKind(err) != catalog.KindUnavailable {
		t.Errorf("PutSession on a closed database: %v, want unavailable", err)
	}
}
