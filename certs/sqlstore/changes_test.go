package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/certs/sqlstore"
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
