package integration

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDemoServesWhoamiOverMutualTLS(t *testing.T) {
	d := startDemo(t, t.TempDir())
	checkDemoJSON(t, d.Info)

	res := get(t, d.agencyClient(t, "DLA"), d.Info.APIURL+"/v1/whoami", d.bearer(t, "DLA"))
	var who struct {
		Agency struct {
			Code   string `json:"code"`
			NameTH string `json:"name_th"`
		} `json:"agency"`
		Officer     string `json:"officer"`
		IAL         string `json:"ial"`
		Certificate struct {
			Thumbprint string `json:"x5t#S256"`
		} `json:"certificate"`
	}
	decode(t, res, http.StatusOK, &who)
	if who.Agency.Code != "DLA" || who.Agency.NameTH == "" || who.Certificate.Thumbprint == "" || who.Officer != "officer-1" || who.IAL != "2.3" {
		t.Fatalf("whoami = %+v, want DLA with a Thai name and a thumbprint", who)
	}

	t.Run("no client certificate is 401 problem", func(t *testing.T) {
		res := get(t, d.client(t, nil), d.Info.APIURL+"/v1/whoami", nil)
		checkProblem(t, res, http.StatusUnauthorized, "client_certificate_missing")
		if !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("WWW-Authenticate = %q", res.Header.Get("WWW-Authenticate"))
		}
	})
	t.Run("forged client-certificate header does not count", func(t *testing.T) {
		res := get(t, d.client(t, nil), d.Info.APIURL+"/v1/whoami", http.Header{
			"X-Client-Cert":     {url.QueryEscape(string(readFile(t, d.Dir, "agencies/DLA/client.crt")))},
			"X-Ssl-Client-Cert": {"DLA"}, "X-Forwarded-Client-Cert": {"By=urn:gdx:agency:DLA"}})
		checkProblem(t, res, http.StatusUnauthorized, "client_certificate_missing")
	})
	t.Run("certificate from a foreign CA is refused", func(t *testing.T) {
		cert := foreignCert(t, "DLA")
		_, err := d.client(t, &cert).Get(d.Info.APIURL + "/v1/whoami")
		if err == nil {
			t.Fatal("a certificate from a foreign CA was accepted")
		}
	})
	t.Run("health on both listeners", func(t *testing.T) {
		for _, u := range []string{d.Info.APIURL + "/healthz", d.Info.APIURL + "/readyz", d.Info.WebURL + "/healthz", d.Info.WebURL + "/readyz"} {
			decode(t, get(t, d.client(t, nil), u, nil), http.StatusOK, &map[string]any{})
		}
	})
	t.Run("unknown addresses: a page for a browser, problem+json for a program", func(t *testing.T) {
		for _, tt := range []struct{ url, accept, wantType, want string }{
			{d.Info.WebURL + "/no-such-page?lang=th", "text/html,*/*;q=0.8", "text/html", "ไม่พบหน้าที่ต้องการ"},
			{d.Info.WebURL + "/no-such-page", "application/json", "application/problem+json", "no_route"},
			{d.Info.AdminURL + "/console/no-such-page?lang=en", "text/html", "text/html", "Page not found"},
			{d.Info.AdminURL + "/admin/v1/no-such-thing", "*/*", "application/problem+json", "no_route"},
		} {
			res := get(t, d.client(t, nil), tt.url, http.Header{"Accept": {tt.accept}})
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusNotFound || !strings.HasPrefix(res.Header.Get("Content-Type"), tt.wantType) || !strings.Contains(string(body), tt.want) {
				t.Errorf("GET %s (Accept %s) = %d %s, want 404 %s saying %q:\n%.300s", tt.url, tt.accept, res.StatusCode,
					res.Header.Get("Content-Type"), tt.wantType, tt.want, body)
			}
		}
	})
	t.Run("request id is echoed", func(t *testing.T) {
		h := d.bearer(t, "RD")
		h.Set("X-Request-ID", "trace-42")
		res := get(t, d.agencyClient(t, "RD"), d.Info.APIURL+"/v1/whoami", h)
		res.Body.Close()
		if res.Header.Get("X-Request-ID") != "trace-42" {
			t.Errorf("X-Request-ID = %q", res.Header.Get("X-Request-ID"))
		}
	})
}

func checkDemoJSON(t *testing.T, info demoInfo) {
	t.Helper()
	for _, code := range []string{"DOPA", "DBD", "DLA", "RD", "NOGRANT"} {
		dir := info.Agencies[code]
		if dir == "" {
			t.Errorf("demo.json lacks agency %s", code)
		}
	}
	levels := map[string]bool{}
	for _, ds := range info.Datasets {
		levels[ds.Classification] = true
		if ds.KeyKind != "none" && len(ds.SampleKeys) == 0 {
			t.Errorf("dataset %s has no sample keys", ds.ID)
		}
	}
	if len(levels) != 5 {
		t.Errorf("classifications in demo = %v, want all five", levels)
	}
	fields := map[string]string{}
	for _, g := range info.Grants {
		if g.Consumer == "NOGRANT" {
			t.Errorf("NOGRANT holds a grant: %+v", g)
		}
		fields[g.Consumer+" "+g.Dataset] = strings.Join(g.Fields, ",")
	}
	if fields["DLA dopa.person"] == "" || fields["DLA dopa.person"] == fields["RD dopa.person"] {
		t.Errorf("DLA and RD must hold different grants on dopa.person: %v", fields)
	}
	if info.Audience == "" || len(info.Purposes) == 0 {
		t.Errorf("demo.json lacks audience or purposes: %+v", info)
	}
}

func TestDemoRestartReusesCredentialsAndIsQuick(t *testing.T) {
	dir := t.TempDir()
	first := startFreshDemo(t, dir)
	if !strings.Contains(first.Output.String(), "First run") {
		t.Error("the first run must say it is creating the data directory")
	}
	ca := readFile(t, dir, "ca.crt")
	first.stop()

	start := time.Now()
	second := startDemo(t, dir)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("second start took %s, want under 5s", took)
	}
	if strings.Contains(second.Output.String(), "First run") {
		t.Error("second start seeded again")
	}
	if !bytes.Equal(ca, readFile(t, dir, "ca.crt")) {
		t.Error("second start replaced the CA")
	}
	res := get(t, second.agencyClient(t, "DLA"), second.Info.APIURL+"/v1/whoami", second.bearer(t, "DLA"))
	decode(t, res, http.StatusOK, &map[string]any{})
}

func TestRevokedCertificateIsRefusedWithoutRestart(t *testing.T) {
	d := startDemo(t, t.TempDir())
	client := d.agencyClient(t, "RD")
	decode(t, get(t, client, d.Info.APIURL+"/v1/whoami", d.bearer(t, "RD")), http.StatusOK, &map[string]any{})

	serial := serialOf(t, readFile(t, d.Dir, "agencies/RD/client.crt"))
	out, err := exec.Command(gdxBinary(t), "certs", "revoke", "--data", d.Dir, "--serial", serial, "--reason", "key compromise").CombinedOutput()
	if err != nil {
		t.Fatalf("gdx certs revoke: %v\n%s", err, out)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		fresh := d.agencyClient(t, "RD") // a new connection, so a new handshake
		_, err := fresh.Get(d.Info.APIURL + "/v1/whoami")
		if err != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the revoked certificate was still accepted after 5 seconds")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestSecondInstanceOnTakenPortFailsClearly(t *testing.T) {
	d := startDemo(t, t.TempDir())
	apiAddr := strings.TrimPrefix(d.Info.APIURL, "https://")
	cmd := exec.Command(gdxBinary(t), "demo", "--data", d.Dir, "--api-addr", apiAddr, "--web-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0", "--digitalid-addr", "127.0.0.1:0", "--demo-licences", "5000")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("second instance on %s succeeded:\n%s", apiAddr, out)
	}
	if !strings.Contains(string(out), apiAddr) || !strings.Contains(string(out), "--api-addr") {
		t.Errorf("error does not name the address and the flag:\n%s", out)
	}
}

func get(t *testing.T, c *http.Client, u string, h http.Header) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx(t), http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	return res
}

func decode(t *testing.T, res *http.Response, status int, v any) {
	t.Helper()
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", res.StatusCode, status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
}

func checkProblem(t *testing.T, res *http.Response, status int, reason string) {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type = %q, want application/problem+json", ct)
	}
	var p struct {
		Type, Title, Detail, Reason, RequestID string
		Status                                 int
	}
	decode(t, res, status, &p)
	if p.Status != status || p.Reason != reason || p.Type == "" || p.Detail == "" {
		t.Errorf("problem = %+v, want status %d reason %s", p, status, reason)
	}
}

func readFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func serialOf(t *testing.T, pemBytes []byte) string {
	t.Helper()
	block := pemBlock(t, pemBytes)
	c, err2 := x509.ParseCertificate(block)
	if err2 != nil {
		t.Fatal(err2)
	}
	return c.SerialNumber.Text(16)
}

// foreignCert makes a client certificate that claims the agency but is
// signed by a CA the exchange never saw.
func foreignCert(t *testing.T, code string) tls.Certificate {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "gdx exchange CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, _ := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	caCert, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	u, _ := url.Parse("urn:gdx:agency:" + code)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: code},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), URIs: []*url.URL{u},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}
