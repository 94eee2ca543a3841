package admin_test

import (
	"context"
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

func TestOperatorVerbs(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		e := newEnv(t, engine)
		ctx := context.Background()
		op := admin.Operator("root@gdx-1", "cli-1")
		a, err := e.svc.SetAgencyStatus(ctx, op, demo.RD, catalog.AgencySuspended)
		if err != nil || a.Status != catalog.AgencySuspended {
			t.Fatalf("suspend: %+v, %v", a, err)
		}
		if stored, _ := e.catalog.FindAgency(ctx, demo.RD); stored.Status != catalog.AgencySuspended {
			t.Fatalf("stored status %s", stored.Status)
		}
		e.audit.expectAudited(t, admin.ActionAgencySuspend, "operator:root@gdx-1")

		if err := e.svc.SetStewardPassword(ctx, op, "dla-steward", "a brand new password"); err != nil {
			t.Fatal(err)
		}
		s, _ := e.admins.FindStewardByUsername(ctx, "dla-steward")
		if ok, _ := admin.VerifyPassword(s.PasswordHash, "a brand new password"); !ok {
			t.Error("the new password does not verify")
		}
		e.audit.expectAudited(t, admin.ActionStewardPasswd, "operator:root@gdx-1")

		err = e.svc.RevokeCertificate(ctx, op, "abc123", "test")
		if !catalog.IsKind(err, catalog.KindNotFound) {
			t.Errorf("revoke of an unknown serial: %v, want not found", err)
		}
		err = e.svc.ImportCatalog(ctx, op, admin.CatalogBundle{Purposes: []catalog.Purpose{{Code: "census", DescriptionEN: "Counting", Basis: "public_task"}}})
		if err != nil {
			t.Fatal(err)
		}
		e.audit.expectAudited(t, admin.ActionCatalogImport, "operator:root@gdx-1")
	})
}

func TestOperatorVerbsAreCentralOnly(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := context.Background()
	for _, name := range []string{"dopa-approver", "dla-steward"} {
		st, err := e.admins.FindStewardByUsername(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		by := admin.Caller{Steward: st, RequestID: "r-1"}
		checks := map[string]error{
			"suspend": func() error { _, err := e.svc.SetAgencyStatus(ctx, by, st.Agency, catalog.AgencySuspended); return err }(),
			"add":     e.svc.AddAgency(ctx, by, catalog.Agency{Code: "NEWCO", NameTH: "ใหม่"}),
			"revoke":  e.svc.RevokeCertificate(ctx, by, "abc123", "test"),
			"import":  e.svc.ImportCatalog(ctx, by, admin.CatalogBundle{}),
			"passwd":  e.svc.SetStewardPassword(ctx, by, "dopa-steward", "a brand new password"),
		}
		for verb, err := range checks {
			if !catalog.IsKind(err, catalog.KindForbidden) {
				t.Errorf("%s by %s: %v, want forbidden", verb, name, err)
			}
		}
	}
}
