package sqlstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/gateway/admin/sqlstore"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/policies"
)

var cheap = admin.PasswordParams{Memory: 1024, Time: 1, Threads: 1}

func newStore(t *testing.T, engine string) *sqlstore.Store {
	t.Helper()
	db := sqldbtest.Open(t, engine)
	if err := sqlstore.Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return sqlstore.New(db)
}

func newSteward(t *testing.T, s *sqlstore.Store, agency, username string) admin.Steward {
	t.Helper()
	hash, err := admin.HashPassword("a password long enough", cheap)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.CreateSteward(context.Background(), admin.Steward{Agency: agency, Username: username,
		Roles: []admin.Role{policies.RoleSteward}, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestStewards(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		s, ctx := newStore(t, engine), context.Background()
		a := newSteward(t, s, "DOPA", "anan")
		newSteward(t, s, "DBD", "krit")
		tests := []struct {
			name string
			run  func() error
			kind catalog.Kind
		}{
			{"taken username is a conflict", func() error { _, err := s.CreateSteward(ctx, a); return err }, catalog.KindConflict},
			{"missing hash is invalid", func() error {
				_, err := s.CreateSteward(ctx, admin.Steward{Agency: "DLA", Username: "nohash", Roles: a.Roles})
				return err
			}, catalog.KindInvalid},
			{"unknown id is not found", func() error { _, err := s.FindSteward(ctx, "st-none"); return err }, catalog.KindNotFound},
			{"unknown username is not found", func() error { _, err := s.FindStewardByUsername(ctx, "ghost"); return err }, catalog.KindNotFound},
			{"password of an unknown id is not found", func() error { return s.SetPassword(ctx, "st-none", a.PasswordHash) }, catalog.KindNotFound},
			{"a bad hash is refused", func() error { return s.SetPassword(ctx, a.ID, "plain text") }, catalog.KindInvalid},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := catalog.ErrorKind(tt.run()); got != tt.kind {
					t.Errorf("error kind %q, want %q", got, tt.kind)
				}
			})
		}
		t.Run("list is by agency then username", func(t *testing.T) {
			all, err := s.ListStewards(ctx, "")
			if err != nil || len(all) != 2 || all[0].Username != "krit" || all[1].Username != "anan" {
				t.Errorf("list = %+v, %v", all, err)
			}
			dopa, err := s.ListStewards(ctx, "DOPA")
			if err != nil || len(dopa) != 1 || dopa[0].ID != a.ID || dopa[0].Roles[0] != policies.RoleSteward {
				t.Errorf("DOPA's = %+v, %v", dopa, err)
			}
		})
	})
}

func TestConcurrentFailuresAllCount(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		s, ctx := newStore(t, engine), context.Background()
		a := newSteward(t, s, "DOPA", "anan")
		at := time.Now().UTC()
		lock := admin.Lockout{MaxFailures: 100, Duration: time.Minute}
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if _, err := s.LoginFailed(ctx, a.ID, at, lock); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		got, err := s.FindSteward(ctx, a.ID)
		if err != nil || got.FailedLogins != 20 || got.LockedAt(at) {
			t.Fatalf("after 20 failures: %d counted, locked %v, %v", got.FailedLogins, got.LockedAt(at), err)
		}
		t.Run("reaching the limit locks and restarts the count", func(t *testing.T) {
			got, err := s.LoginFailed(ctx, a.ID, at, admin.Lockout{MaxFailures: 21, Duration: time.Minute})
			if err != nil || !got.LockedAt(at) || got.LockedAt(at.Add(time.Minute)) || got.FailedLogins != 0 {
				t.Errorf("after the limit: %+v, %v", got, err)
			}
		})
		t.Run("a new password unlocks", func(t *testing.T) {
			if err := s.SetPassword(ctx, a.ID, a.PasswordHash); err != nil {
				t.Fatal(err)
			}
			got, err := s.FindSteward(ctx, a.ID)
			if err != nil || got.LockedAt(at) {
				t.Errorf("still locked: %+v, %v", got, err)
			}
		})
	})
}

func TestSessionsEnd(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		s, ctx := newStore(t, engine), context.Background()
		a := newSteward(t, s, "DOPA", "anan")
		now := time.Now().UTC()
		open := func(hash string, ttl time.Duration) {
			t.Helper()
			if err := s.CreateSession(ctx, admin.Session{Hash: hash, StewardID: a.ID, CreatedAt: now, ExpiresAt: now.Add(ttl)}); err != nil {
				t.Fatal(err)
			}
		}
		open("h-old", -time.Minute)
		open("h-live", time.Minute)
		tests := []struct {
			name string
			act  func() error
			gone []string
			kept []string
		}{
			{"expired sessions are pruned", func() error { _, err := s.DeleteExpiredSessions(ctx, now); return err },
				[]string{"h-old"}, []string{"h-live"}},
			{"a new password ends every session", func() error { return s.SetPassword(ctx, a.ID, a.PasswordHash) },
				[]string{"h-live"}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if err := tt.act(); err != nil {
					t.Fatal(err)
				}
				for _, h := range tt.gone {
					if _, err := s.FindSession(ctx, h); !catalog.IsKind(err, catalog.KindNotFound) {
						t.Errorf("session %s: %v, want not found", h, err)
					}
				}
				for _, h := range tt.kept {
					if _, err := s.FindSession(ctx, h); err != nil {
						t.Errorf("session %s: %v", h, err)
					}
				}
			})
		}
	})
}

func TestSeedDemoStewards(t *testing.T) {
	s, ctx := newStore(t, "sqlite"), context.Background()
	creds, err := admin.SeedDemoStewards(ctx, s, cheap)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range creds {
		st, err := s.FindStewardByUsername(ctx, c.Username)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := admin.VerifyPassword(st.PasswordHash, c.Password); !ok || len(c.Password) < admin.MinPasswordLen || seen[c.Password] {
			t.Errorf("%s: password %q does not verify or repeats", c.Username, c.Password)
		}
		seen[c.Password] = true
	}
	central := 0
	for _, c := range creds {
		if c.Agency == admin.CentralOffice && c.Roles[0] == policies.RoleAdmin {
			central++
		}
	}
	if central < 2 {
		t.Errorf("%d central admins; the baseline needs two to pass the two-person rule", central)
	}
	if _, err := admin.SeedDemoStewards(ctx, s, cheap); !catalog.IsKind(err, catalog.KindConflict) {
		t.Errorf("second seeding: %v, want conflict", err)
	}
}
