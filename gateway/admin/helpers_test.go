package admin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog/demo"
	catalogsql "github.com/gdx-exchange/gdx/catalog/sqlstore"
	certssql "github.com/gdx-exchange/gdx/certs/sqlstore"
	"github.com/gdx-exchange/gdx/gateway/admin"
	adminsql "github.com/gdx-exchange/gdx/gateway/admin/sqlstore"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/policies"
	policiessql "github.com/gdx-exchange/gdx/policies/sqlstore"
)

// cheap hashes test accounts fast; the format and checks are the same.
var cheap = admin.PasswordParams{Memory: 1024, Time: 1, Threads: 1}

const password = "correct horse battery staple"

// testStewards are the accounts every test environment has.
var testStewards = []struct {
	agency, username string
	roles            []admin.Role
}{
	{demo.DGA, "dga-admin", []admin.Role{policies.RoleAdmin}},
	{demo.DGA, "dga-reviewer", []admin.Role{policies.RoleAdmin}},
	{demo.DOPA, "dopa-steward", []admin.Role{policies.RoleSteward}},
	{demo.DOPA, "dopa-approver", []admin.Role{policies.RoleApprover}},
	{demo.DOPA, "dopa-approver2", []admin.Role{policies.RoleApprover}},
	{demo.DOPA, "dopa-auditor", []admin.Role{policies.RoleAuditor}},
	{demo.DBD, "dbd-approver", []admin.Role{policies.RoleApprover}},
	{demo.DLA, "dla-steward", []admin.Role{policies.RoleSteward}},
	{demo.NOGRANT, "nogrant-steward", []admin.Role{policies.RoleSteward, policies.RoleApprover}},
}

// env is one exchange's admin API on a fresh database with the demo
// catalog, the demo policy set active as v1, and the test stewards.
type env struct {
	db      *sqldb.DB
	catalog *catalogsql.Store
	certs   *certssql.Store
	pols    *policiessql.Store
	engine  *policies.Engine
	admins  *adminsql.Store
	audit   *recorder
	clock   *clock
	handler http.Handler
	svc     *admin.Service
}

func newEnv(t *testing.T, engine string) *env {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.Open(t, engine)
	for _, m := range []func(context.Context, *sqldb.DB) error{catalogsql.Migrate, certssql.Migrate, policiessql.Migrate, adminsql.Migrate} {
		if err := m(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	e := &env{db: db, catalog: catalogsql.New(db), certs: certssql.New(db), pols: policiessql.New(db),
		engine: policies.NewEngine(), admins: adminsql.New(db), audit: &recorder{}, clock: &clock{t: time.Now().UTC()}}
	if err := demo.Seed(ctx, e.catalog, e.clock.now()); err != nil {
		t.Fatal(err)
	}
	flow := policies.NewWorkflow(e.pols, e.engine)
	flow.Now = e.clock.now
	if _, err := flow.Bootstrap(ctx, policies.DemoSet()); err != nil {
		t.Fatal(err)
	}
	e.addStewards(t)
	srv, err := admin.New(admin.Config{Password: cheap}, admin.Deps{Stewards: e.admins, Catalog: e.catalog, Keys: e.certs, Certs: e.certs,
		Policies: flow, Auditor: e.audit, Logger: slog.New(slog.DiscardHandler), Now: e.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	g := httpapi.NewEngine(slog.New(slog.DiscardHandler), 4<<20)
	srv.Register(g)
	e.handler, e.svc = g, srv.Service()
	return e
}

func (e *env) addStewards(t *testing.T) {
	t.Helper()
	for _, s := range testStewards {
		hash, err := admin.HashPassword(password, cheap)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.admins.CreateSteward(context.Background(), admin.Steward{Agency: s.agency, Username: s.username,
			Roles: s.roles, PasswordHash: hash})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// do sends one request; body is JSON-encoded unless it is a string.
func (e *env) do(t *testing.T, token, method, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return rec
}

// login returns a session token of the test steward.
func (e *env) login(t *testing.T, username string) string {
	t.Helper()
	rec := e.do(t, "", http.MethodPost, "/admin/v1/sessions", gin.H{"username": username, "password": password})
	var tok admin.Token
	expect(t, rec, http.StatusCreated, &tok)
	return tok.Token
}

// expect checks the status and decodes the body into out when it is set.
func expect(t *testing.T, rec *httptest.ResponseRecorder, status int, out any) {
	t.Helper()
	if rec.Code != status {
		body := rec.Body.String()
		if len(body) > 1000 {
			body = body[:1000] + "…"
		}
		t.Fatalf("status %d, want %d: %s", rec.Code, status, body)
	}
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			t.Fatalf("decode %s: %v", rec.Body.String(), err)
		}
	}
}

// expectProblem checks the status and the problem's reason code.
func expectProblem(t *testing.T, rec *httptest.ResponseRecorder, status int, reason string) httpapi.Problem {
	t.Helper()
	var p httpapi.Problem
	expect(t, rec, status, &p)
	if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("content type %q, want application/problem+json", ct)
	}
	if p.Reason != reason {
		t.Errorf("reason %q, want %q (detail %q)", p.Reason, reason, p.Detail)
	}
	return p
}

// recorder is an Auditor that keeps events and can be made to fail.
type recorder struct {
	mu     sync.Mutex
	events []admin.AdminEvent
	fail   bool
}

func (r *recorder) RecordAdmin(_ context.Context, e admin.AdminEvent) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail {
		return errors.New("audit store down")
	}
	r.events = append(r.events, e)
	return nil
}

func (r *recorder) setFailing(fail bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail = fail
}

// has reports whether an event of the action by the steward ended so.
func (r *recorder) has(action, steward string, outcome admin.Outcome) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.events {
		if e.Action == action && e.Steward == steward && e.Outcome == outcome && e.RequestID != "" {
			return true
		}
	}
	return false
}

// expectAudited fails unless the change was recorded as attempted and done.
func (r *recorder) expectAudited(t *testing.T, action, steward string) {
	t.Helper()
	if !r.has(action, steward, admin.OutcomeAttempted) || !r.has(action, steward, admin.OutcomeDone) {
		t.Errorf("no attempted+done audit events for %s by %s", action, steward)
	}
}

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
