package integration

import (
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAttacksAcrossStateChanges covers refusals that need the exchange's
// state to change first: a revoked certificate, a suspended agency, a
// revoked signing key, and a token replayed after a restart.
func TestAttacksAcrossStateChanges(t *testing.T) {
	d := startDemo(t, t.TempDir())
	gdx := func(args ...string) {
		t.Helper()
		if out, err := exec.Command(gdxBinary(t), args...).CombinedOutput(); err != nil {
			t.Fatalf("gdx %v: %v\n%s", args, err, out)
		}
	}
	within5s := func(t *testing.T, a attack) {
		t.Helper()
		start := time.Now()
		var attempts []string // every answer, so that a failure shows how it went
		for {
			err := checkAttack(t, d.Info.APIURL+"/v1/whoami", a)
			if err == nil {
				return
			}
			attempts = append(attempts, fmt.Sprintf("after %v: %v", time.Since(start).Round(time.Millisecond), err))
			if time.Since(start) > 5*time.Second {
				t.Fatalf("5 seconds after the change, %d attempts:\n%s", len(attempts), strings.Join(attempts, "\n"))
			}
			time.Sleep(500 * time.Millisecond)
		}
	}

	t.Run("revoked certificate", func(t *testing.T) {
		spare := filepath.Join(t.TempDir(), "DLA")
		gdx("certs", "issue", "--data", d.Dir, "--agency", "DLA", "--out", spare)
		serial := serialOf(t, readFile(t, spare, "client.crt"))
		gdx("certs", "revoke", "--data", d.Dir, "--serial", serial, "--reason", "laptop stolen")
		cert := loadPair(t, spare)
		within5s(t, attack{client: func(t *testing.T) *http.Client { return d.client(t, &cert) },
			header: func(t *testing.T) http.Header { return nil }})
		out, err := exec.Command(gdxBinary(t), "audit", "query", "--data", d.Dir, "--kind", "auth_failure", "-o", "json").Output()
		if err != nil || !strings.Contains(string(out), "client_certificate_revoked") {
			t.Errorf("the refused handshake must be audited: %v\n%s", err, out)
		}
	})
	t.Run("revoked certificate on an open connection", func(t *testing.T) {
		spare := filepath.Join(t.TempDir(), "DLA")
		gdx("certs", "issue", "--data", d.Dir, "--agency", "DLA", "--out", spare)
		cert := loadPair(t, spare)
		kept := d.client(t, &cert) // one keep-alive connection for every call below
		f := newForger(t, d, "DLA")
		f.cert = leafOf(t, cert)
		f.key = readJWK(t, spare)
		bearer := func(t *testing.T) http.Header { return http.Header{"Authorization": {"Bearer " + f.token(t, nil)}} }
		for start := time.Now(); ; time.Sleep(250 * time.Millisecond) { // the new signing key reaches the ring within seconds
			res := get(t, kept, d.Info.APIURL+"/v1/whoami", bearer(t))
			_, _ = io.Copy(io.Discard, res.Body) // read to the end, or the client drops the connection
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
			if time.Since(start) > 5*time.Second {
				t.Fatalf("the spare credential never worked: %d", res.StatusCode)
			}
		}
		gdx("certs", "revoke", "--data", d.Dir, "--serial", serialOf(t, readFile(t, spare, "client.crt")), "--reason", "key compromise")
		within5s(t, attack{client: func(*testing.T) *http.Client { return kept }, header: bearer, status: 401, reason: "client_certificate_revoked"})
	})
	t.Run("suspended agency", func(t *testing.T) {
		gdx("agency", "suspend", "--data", d.Dir, "--code", "NOGRANT")
		runAttack(t, d.Info.APIURL+"/v1/whoami", attack{client: func(t *testing.T) *http.Client { return d.agencyClient(t, "NOGRANT") },
			header: func(t *testing.T) http.Header { return d.bearer(t, "NOGRANT") }, status: 401, reason: "agency_suspended"})
	})
	t.Run("revoked signing key", func(t *testing.T) {
		rd := newForger(t, d, "RD")
		gdx("agency", "key", "revoke", "--data", d.Dir, "--code", "RD", "--kid", rd.key.KeyID)
		within5s(t, attack{client: func(t *testing.T) *http.Client { return d.agencyClient(t, "RD") },
			header: func(t *testing.T) http.Header { return d.bearer(t, "RD") }, status: 401, reason: "kid_unknown"})
	})
	t.Run("jti replayed after a restart", func(t *testing.T) {
		h := d.bearer(t, "DLA")
		decode(t, get(t, d.agencyClient(t, "DLA"), d.Info.APIURL+"/v1/whoami", h), http.StatusOK, &map[string]any{})
		d.stop()
		d2 := startDemo(t, d.Dir)
		runAttack(t, d2.Info.APIURL+"/v1/whoami", attack{client: func(t *testing.T) *http.Client { return d2.agencyClient(t, "DLA") },
			header: func(*testing.T) http.Header { return h }, status: 401, reason: "jti_replayed"})
	})
}
