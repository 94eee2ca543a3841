package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/sqlstore"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// TestWritesAreAnnounced checks migration 002 and the stores' Changed
// calls: a write made through a second handle on the database (as another
// replica would) reaches the first handle's change stream, and a write
// through the first handle reaches its own observers before it returns.
func TestWritesAreAnnounced(t *testing.T) {
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

		a := catalog.Agency{Code: "DLA", NameTH: "กรมการขนส่งทางบก", NameEN: "Department of Land Transport", Ministry: "Transport", Status: catalog.AgencyActive}
		if err := sqlstore.New(here).CreateAgency(ctx, a); err != nil {
			t.Fatal(err)
		}
		if len(local) != 1 || local[0] != sqlstore.TableAgencies {
			t.Fatalf("local observers saw %q, want [agencies]", local)
		}
		expectNotice(t, stream, sqlstore.TableAgencies)

		a.Status = catalog.AgencySuspended
		if err := sqlstore.New(there).UpdateAgency(ctx, a); err != nil {
			t.Fatal(err)
		}
		expectNotice(t, stream, sqlstore.TableAgencies)
		if err := sqlstore.New(there).PutPurpose(ctx, catalog.Purpose{Code: "licensing", DescriptionTH: "ออกใบอนุญาต",
			DescriptionEN: "Licensing", Basis: catalog.BasisPublicTask}); err != nil {
			t.Fatal(err)
		}
		expectNotice(t, stream, sqlstore.TablePurposes)
		if len(local) != 1 {
			t.Errorf("writes through another handle reached this handle's observers: %q", local)
		}
	})
}

// TestARolledBackWriteIsNotAnnounced writes a table in a transaction that
// rolls back: no notice may follow.
func TestARolledBackWriteIsNotAnnounced(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := sqldbtest.Open(t, engine)
		if err := sqlstore.Migrate(ctx, db); err != nil {
			t.Fatal(err)
		}
		stream, err := db.OpenChangeStream(ctx, []string{sqlstore.ChangeCounter})
		if err != nil {
			t.Fatal(err)
		}
		defer stream.Close()
		_ = db.InTx(ctx, func(tx sqldb.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO agencies (code, name_th, name_en, ministry, status) VALUES ('X', 'x', 'x', 'x', 'active')`); err != nil {
				t.Fatal(err)
			}
			return context.Canceled // roll back
		})
		if got, err := stream.Next(ctx, 300*time.Millisecond); err != nil || got != "" {
			t.Fatalf("after a rollback: notice %q, err %v", got, err)
		}
	})
}

func expectNotice(t *testing.T, s sqldb.ChangeStream, want string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
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
