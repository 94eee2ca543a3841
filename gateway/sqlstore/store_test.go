package sqlstore_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/gateway/sqlstore"
)

func open(t *testing.T, engine string) *sqlstore.Store {
	t.Helper()
	db := sqldbtest.Open(t, engine)
	if err := sqlstore.Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return sqlstore.New(db)
}

func TestReplay(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := open(t, engine)
		now := time.Now()
		steps := []struct {
			name      string
			agency    string
			jti       string
			wantFresh bool
		}{
			{"first use", "DLA", "j1", true},
			{"replay", "DLA", "j1", false},
			{"same jti of another agency", "RD", "j1", true},
			{"new jti", "DLA", "j2", true},
		}
		for _, st := range steps {
			fresh, err := s.Remember(ctx, st.agency, st.jti, now.Add(time.Minute))
			if err != nil || fresh != st.wantFresh {
				t.Fatalf("%s: fresh = %v, %v; want %v", st.name, fresh, err, st.wantFresh)
			}
		}
		if n, err := s.PruneReplay(ctx, now.Add(2*time.Minute)); err != nil || n != 3 {
			t.Fatalf("prune = %d, %v; want 3", n, err)
		}
	})
}

// TestReplayRace has many goroutines present one jti at once, as replicas
// would: exactly one may see it as new.
func TestReplayRace(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		s := open(t, engine)
		var fresh atomic.Int32
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := s.Remember(context.Background(), "DLA", "same", time.Now().Add(time.Minute))
				if err != nil {
					t.Error(err)
				}
				if ok {
					fresh.Add(1)
				}
			}()
		}
		wg.Wait()
		if fresh.Load() != 1 {
			t.Fatalf("%d goroutines saw the jti as new, want 1", fresh.Load())
		}
	})
}
