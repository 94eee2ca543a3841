package sqlstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/certs/sqlstore"
	"github.com/gdx-exchange/gdx/internal/notify"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// TestRevocationsAreAnnounced checks migration 003 and the stores'
// Changed calls: a certificate revoked through a second handle on the
// database (another replica, or a gdx command) reaches the first handle's
// change stream; a revocation through the first reaches its observers
// before Revoke returns.
func TestRevocationsAreAnnounced(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		url := sqldbtest.URL(t, engine)
		here, there := sqldbtest.OpenURL(t, url), sqldbtest.OpenURL(t, url)
		if err := sqlstore.Migrate(ctx, here); err != nil {
			t.Fatal(err)
		}
		var local []string
		here.OnChange(func(table string) { local = append(local, table) })
		stream, err := here.OpenChangeStream(ctx, []string{sqlstore.ChangeCounter})
		if err != nil {
			t.Fatal(err)
		}
		defer stream.Close()
		if err := sqlstore.New(here).RecordIssued(ctx, issued("aa")); err != nil {
			t.Fatal(err)
		}
		if len(local) != 1 || local[0] != sqlstore.TableIssued {
			t.Fatalf("local observers saw %q", local)
		}
		awaitNotice(t, stream, sqlstore.TableIssued)
		if err := sqlstore.New(there).Revoke(ctx, "aa", "key compromise", time.Now()); err != nil {
			t.Fatal(err)
		}
		awaitNotice(t, stream, sqlstore.TableIssued)
	})
}

func awaitNotice(t *testing.T, s sqldb.ChangeStream, want string) {
	t.Helper()
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); {
		got, err := s.Next(context.Background(), time.Second)
		if err != nil {
			t.Fatalf("waiting for %s: %v", want, err)
		}
		if got == want {
			return
		}
	}
	t.Fatalf("no notice for %s within 3s", want)
}

// TestARevokedKeyIsRefusedAtOnceOnTheReplicaThatRevokedIt wires a key ring
// as gdx serve does and revokes its key through the store on the same
// database handle: the very next lookup must refuse it.
func TestARevokedKeyIsRefusedAtOnceOnTheReplicaThatRevokedIt(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := sqldbtest.Open(t, engine)
		if err := sqlstore.Migrate(ctx, db); err != nil {
			t.Fatal(err)
		}
		store := sqlstore.New(db)
		priv, err := certs.NewSigningKey("ES256", "dla-1")
		if err != nil {
			t.Fatal(err)
		}
		k, err := certs.NewAgencyKey("DLA", certs.PublicJWK(priv), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := store.AddKey(ctx, k); err != nil {
			t.Fatal(err)
		}
		feed := notify.New(db, notify.Options{Counters: []string{sqlstore.ChangeCounter}})
		runCtx, stop := context.WithCancel(ctx)
		defer stop()
		go feed.Run(runCtx)
		ring := certs.NewKeyRing(store, time.Hour, nil) // only a change may reload it
		ring.Follow(feed, sqlstore.TableAgencyKeys)
		ring.Start(runCtx)
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			if _, err := ring.AgencyKey(ctx, "DLA", "dla-1"); err == nil {
				break
			} else if time.Now().After(deadline) {
				t.Fatalf("the ring never served the key: %v", err)
			}
		}
		if err := store.RevokeKey(ctx, "DLA", "dla-1", time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := ring.AgencyKey(ctx, "DLA", "dla-1"); !errors.Is(err, certs.ErrNotFound) {
			t.Fatalf("right after the revocation the ring answers %v, want ErrNotFound", err)
		}
	})
}
