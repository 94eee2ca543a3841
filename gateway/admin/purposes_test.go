package admin_test

import (
	"context"
	"testing"

	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

func TestListPurposesAndLockoutPolicy(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	ps, err := e.svc.ListPurposes(context.Background(), admin.Caller{})
	if err != nil || len(ps) == 0 {
		t.Fatalf("ListPurposes = %d purposes, %v; want the demo's", len(ps), err)
	}
	for i := 1; i < len(ps); i++ {
		if ps[i-1].Code >= ps[i].Code {
			t.Errorf("purposes not ordered by code: %s before %s", ps[i-1].Code, ps[i].Code)
		}
	}
	if got := e.svc.LockoutPolicy(); got != admin.DefaultLockout {
		t.Errorf("LockoutPolicy = %+v, want the default %+v", got, admin.DefaultLockout)
	}
}
