package integration

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/pgtest"
)

// TestServeOnPostgreSQL runs the production command against a real
// PostgreSQL: set up with the operator commands, serve, suspend an agency
// while running, and stop with SIGTERM.
func TestServeOnPostgreSQL(t *testing.T) {
	db := pgtest.New(t)
	dir := t.TempDir()
	catalogFile := filepath.Join(dir, "catalog.json")
	os.WriteFile(catalogFile, []byte(`{"purposes":[{"code":"licensing","description_en":"Deciding a licence","basis":"public_task"}]}`), 0o644)
	for _, args := range [][]string{
		{"certs", "init", "--data", dir},
		{"migrate", "--database-url", db},
		{"certs", "issue", "--data", dir, "--database-url", db, "--server", "localhost"},
		{"agency", "add", "--data", dir, "--database-url", db, "--code", "DLA", "--name-th", "กรมส่งเสริมการปกครองท้องถิ่น"},
		{"certs", "issue", "--data", dir, "--database-url", db, "--agency", "DLA"},
		{"catalog", "import", "--data", dir, "--database-url", db, "--in", catalogFile},
	} {
		if out, err := exec.Command(gdxBinary(t), args...).CombinedOutput(); err != nil {
			t.Fatalf("gdx %v: %v\n%s", args, err, out)
		}
	}
	t.Setenv("GDX_DATABASE_URL", db) // as an operator would configure serve
	cmd, logs := startGDX(t, []string{"serve", "--data", dir, "--api-addr", "127.0.0.1:0", "--web-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0",
		"--web-tls-cert", filepath.Join(dir, "server.crt"), "--web-tls-key", filepath.Join(dir, "server.key")},
		true, func(line string) bool { return strings.Contains(line, "gdx serving") })
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	api, web := servingURLs(t, logs.String())

	d := &runningDemo{Dir: dir, Info: demoInfo{CA: "ca.crt", Agencies: map[string]string{"DLA": "agencies/DLA"}}}
	decode(t, get(t, d.agencyClient(t, "DLA"), api+"/v1/whoami", d.bearer(t, "DLA")), http.StatusOK, &map[string]any{})
	if !strings.HasPrefix(web, "https://") {
		t.Fatalf("the web listener was given a certificate but serves %s", web)
	}
	decode(t, get(t, d.client(t, nil), web+"/readyz", nil), http.StatusOK, &map[string]any{})

	if out, err := exec.Command(gdxBinary(t), "agency", "suspend", "--data", dir, "--database-url", db, "--code", "DLA").CombinedOutput(); err != nil {
		t.Fatalf("suspend: %v\n%s", err, out)
	}
	checkProblem(t, get(t, d.agencyClient(t, "DLA"), api+"/v1/whoami", d.bearer(t, "DLA")), http.StatusUnauthorized, "agency_suspended")
	out, err := exec.Command(gdxBinary(t), "audit", "query", "--database-url", db, "--kind", "admin", "-o", "json").Output()
	if err != nil || !strings.Contains(string(out), `"officer":"operator:`) || !strings.Contains(string(out), `"agency.suspend"`) ||
		!strings.Contains(string(out), `"catalog.import"`) {
		t.Fatalf("the operator's commands must be audited with the operator as the actor: %v\n%s", err, out)
	}

	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve exited with %v after SIGTERM:\n%s", err, logs)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10s of SIGTERM")
	}
	checkJSONLogs(t, logs.String())
}

// servingURLs finds the agency API's and the admin listener's URLs in
// serve's logs.
func servingURLs(t *testing.T, logs string) (api, admin string) {
	t.Helper()
	for _, line := range strings.Split(logs, "\n") {
		var rec struct{ Msg, API, Admin string }
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "gdx serving" {
			return rec.API, rec.Admin
		}
	}
	t.Fatalf("no 'gdx serving' line in:\n%s", logs)
	return "", ""
}

// checkJSONLogs asserts every log line is JSON and request lines carry a
// request id and no raw path.
func checkJSONLogs(t *testing.T, logs string) {
	t.Helper()
	requests := 0
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("log line is not JSON: %q", line)
			continue
		}
		if rec["msg"] == "request" {
			requests++
			if rec["request_id"] == "" || rec["route"] == nil {
				t.Errorf("request log lacks request_id or route: %q", line)
			}
		}
	}
	if requests == 0 {
		t.Error("no request was logged")
	}
}
