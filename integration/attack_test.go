package integration

import (
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// attack is one hostile or broken request to /v1/whoami. A zero status
// means the TLS handshake itself must fail.
type attack struct {
	name   string
	client func(t *testing.T) *http.Client
	header func(t *testing.T) http.Header
	query  string
	status int
	reason string
}

// TestAttackBattery sends each attack through real TLS to a running demo
// and checks the refusal: the status, the problem body naming the check,
// and that no agency data came back.
func TestAttackBattery(t *testing.T) {
	d := startDemo(t, t.TempDir())
	dla, rd := newForger(t, d, "DLA"), newForger(t, d, "RD")
	dlaClient := func(t *testing.T) *http.Client { return d.agencyClient(t, "DLA") }
	bearer := func(tok func(t *testing.T) string) func(t *testing.T) http.Header {
		return func(t *testing.T) http.Header { return http.Header{"Authorization": {"Bearer " + tok(t)}} }
	}
	withClaims := func(edit func(map[string]any)) func(t *testing.T) http.Header {
		return bearer(func(t *testing.T) string { return dla.token(t, edit) })
	}
	withHeader := func(h string) func(t *testing.T) http.Header {
		return bearer(func(t *testing.T) string { return dla.sign(t, h, mustJSON(t, dla.claims())) })
	}
	valid := bearer(func(t *testing.T) string { return dla.token(t, nil) })
	pubJWK := mustJSON(t, dla.key.Public())
	now := time.Now()

	attacks := []attack{
		{name: "no client certificate", client: func(t *testing.T) *http.Client { return d.client(t, nil) }, header: valid, status: 401, reason: "client_certificate_missing"},
		{name: "forged client-certificate header without a TLS certificate", client: func(t *testing.T) *http.Client { return d.client(t, nil) },
			header: func(t *testing.T) http.Header {
				h := valid(t)
				h.Set("X-Client-Cert", url.QueryEscape(string(readFile(t, d.Dir, "agencies/DLA/client.crt"))))
				h.Set("X-Forwarded-Client-Cert", "Hash="+dla.thumbprint()+";URI=urn:gdx:agency:DLA")
				h.Set("Ssl-Client-Cert", "urn:gdx:agency:DLA")
				return h
			}, status: 401, reason: "client_certificate_missing"},
		{name: "certificate from a foreign CA", client: func(t *testing.T) *http.Client { c := foreignCert(t, "DLA"); return d.client(t, &c) }, header: valid},
		{name: "expired certificate", client: func(t *testing.T) *http.Client { c := expiredCert(t, d.Dir, "DLA"); return d.client(t, &c) }, header: valid},
		{name: "RSA-1024 certificate from the exchange CA", client: func(t *testing.T) *http.Client { c := weakRSACert(t, d.Dir, "DLA"); return d.client(t, &c) }, header: valid},
		{name: "TLS 1.1", client: func(t *testing.T) *http.Client { return tlsMax(d.agencyClient(t, "DLA"), tls.VersionTLS11) }, header: valid},
		{name: "no token", client: dlaClient, header: func(*testing.T) http.Header { return nil }, status: 401, reason: "token_missing"},
		{name: "garbage token", client: dlaClient, header: bearer(func(*testing.T) string { return "garbage" }), status: 401, reason: "token_malformed"},
		{name: "not a bearer token", client: dlaClient, header: func(*testing.T) http.Header { return http.Header{"Authorization": {"Basic ZGxhOmRsYQ=="}} }, status: 401, reason: "token_malformed"},
		{name: "alg none", client: dlaClient, header: bearer(func(t *testing.T) string {
			return b64(`{"alg":"none","kid":"`+dla.key.KeyID+`"}`) + "." + b64(mustJSON(t, dla.claims())) + "."
		}), status: 401, reason: "alg_not_allowed"},
		{name: "HS256 signed with the agency's public key", client: dlaClient, header: bearer(func(t *testing.T) string {
			return hmacToken([]byte(pubJWK), `{"alg":"HS256","kid":"`+dla.key.KeyID+`"}`, mustJSON(t, dla.claims()))
		}), status: 401, reason: "alg_not_allowed"},
		{name: "RS256", client: dlaClient, header: withHeader(`{"alg":"RS256","kid":"x"}`), status: 401, reason: "alg_not_allowed"},
		{name: "token signed by another agency's key", client: dlaClient, header: bearer(func(t *testing.T) string {
			return rd.sign(t, dla.header(), mustJSON(t, dla.claims()))
		}), status: 401, reason: "signature_invalid"},
		{name: "another agency's key and kid", client: dlaClient, header: bearer(func(t *testing.T) string {
			return rd.sign(t, rd.header(), mustJSON(t, dla.claims()))
		}), status: 401, reason: "kid_unknown"},
		{name: "iss of another agency", client: dlaClient, header: withClaims(func(c map[string]any) { c["iss"] = "RD" }), status: 401, reason: "iss_mismatch"},
		{name: "wrong aud", client: dlaClient, header: withClaims(func(c map[string]any) { c["aud"] = "urn:gdx:gateway:elsewhere" }), status: 401, reason: "aud_mismatch"},
		{name: "expired token", client: dlaClient, header: withClaims(func(c map[string]any) {
			c["iat"], c["nbf"], c["exp"] = now.Add(-10*time.Minute).Unix(), now.Add(-10*time.Minute).Unix(), now.Add(-7*time.Minute).Unix()
		}), status: 401, reason: "token_expired"},
		{name: "nbf in the future", client: dlaClient, header: withClaims(func(c map[string]any) { c["nbf"] = now.Add(3 * time.Minute).Unix() }), status: 401, reason: "token_not_yet_valid"},
		{name: "lifetime of an hour", client: dlaClient, header: withClaims(func(c map[string]any) { c["exp"] = now.Add(time.Hour).Unix() }), status: 401, reason: "lifetime_too_long"},
		{name: "missing jti", client: dlaClient, header: withClaims(func(c map[string]any) { delete(c, "jti") }), status: 401, reason: "jti_missing"},
		{name: "missing cnf", client: dlaClient, header: withClaims(func(c map[string]any) { delete(c, "cnf") }), status: 401, reason: "cnf_missing"},
		{name: "cnf of another certificate", client: dlaClient, header: withClaims(func(c map[string]any) { c["cnf"] = map[string]string{"x5t#S256": rd.thumbprint()} }), status: 401, reason: "cnf_mismatch"},
		{name: "unknown kid", client: dlaClient, header: withHeader(`{"alg":"ES256","kid":"no-such-key"}`), status: 401, reason: "kid_unknown"},
		{name: "kid holding a path", client: dlaClient, header: withHeader(`{"alg":"ES256","kid":"../../../../etc/passwd"}`), status: 401, reason: "kid_unknown"},
		{name: "kid holding SQL", client: dlaClient, header: withHeader(`{"alg":"ES256","kid":"x' OR '1'='1'; DROP TABLE certs_agency_keys; --"}`), status: 401, reason: "kid_unknown"},
		{name: "jku to an attacker's key set", client: dlaClient, header: withHeader(`{"alg":"ES256","kid":"` + dla.key.KeyID + `","jku":"https://attacker.example/jwks.json"}`), status: 401, reason: "header_key_reference"},
		{name: "x5u to an attacker's certificate", client: dlaClient, header: withHeader(`{"alg":"ES256","kid":"` + dla.key.KeyID + `","x5u":"https://attacker.example/cert.pem"}`), status: 401, reason: "header_key_reference"},
		{name: "embedded jwk", client: dlaClient, header: withHeader(`{"alg":"ES256","kid":"` + dla.key.KeyID + `","jwk":` + pubJWK + `}`), status: 401, reason: "header_key_reference"},
		{name: "embedded x5c", client: dlaClient, header: withHeader(`{"alg":"ES256","kid":"` + dla.key.KeyID + `","x5c":["MIIBszCCAVmgAwIBAgIQ"]}`), status: 401, reason: "header_key_reference"},
		{name: "crit header", client: dlaClient, header: withHeader(`{"alg":"ES256","kid":"` + dla.key.KeyID + `","crit":["gdx-ext"],"gdx-ext":1}`), status: 401, reason: "crit_unsupported"},
		{name: "duplicate sub", client: dlaClient, header: bearer(func(t *testing.T) string {
			return dla.sign(t, dla.header(), strings.Replace(mustJSON(t, dla.claims()), `"sub":`, `"sub":"chief-officer","sub":`, 1))
		}), status: 401, reason: "duplicate_member"},
		{name: "duplicate aud", client: dlaClient, header: bearer(func(t *testing.T) string {
			return dla.sign(t, dla.header(), strings.Replace(mustJSON(t, dla.claims()), `"aud":`, `"aud":"urn:other","aud":`, 1))
		}), status: 401, reason: "duplicate_member"},
		{name: "JWE", client: dlaClient, header: bearer(func(*testing.T) string {
			return b64(`{"alg":"RSA-OAEP","enc":"A256GCM"}`) + ".ZW5j.aXY.Y2lwaGVy.dGFn"
		}), status: 401, reason: "token_malformed"},
		{name: "unknown purpose", client: dlaClient, header: withClaims(func(c map[string]any) { c["purpose"] = "curiosity" }), status: 401, reason: "purpose_unknown"},
		{name: "invalid ial", client: dlaClient, header: withClaims(func(c map[string]any) { c["ial"] = "4" }), status: 401, reason: "ial_invalid"},
		{name: "invalid aal", client: dlaClient, header: withClaims(func(c map[string]any) { c["aal"] = "0" }), status: 401, reason: "aal_invalid"},
		{name: "64 KiB Authorization header", client: dlaClient, header: func(*testing.T) http.Header {
			return http.Header{"Authorization": {"Bearer " + strings.Repeat("A", 64<<10)}}
		}, status: 400, reason: "headers_too_large"},
		{name: "token in the query string", client: dlaClient, header: func(*testing.T) http.Header { return nil },
			query: "?access_token=" + "x.y.z", status: 401, reason: "token_in_query"},
		{name: "two Authorization headers", client: dlaClient, header: func(t *testing.T) http.Header {
			return http.Header{"Authorization": {"Bearer " + dla.token(t, nil), "Bearer " + dla.token(t, nil)}}
		}, status: 401, reason: "token_malformed"},
	}
	for _, a := range attacks {
		t.Run(a.name, func(t *testing.T) { runAttack(t, d.Info.APIURL+"/v1/whoami"+a.query, a) })
	}
	t.Run("replayed jti", func(t *testing.T) {
		tok := dla.token(t, nil)
		h := http.Header{"Authorization": {"Bearer " + tok}}
		decode(t, get(t, d.agencyClient(t, "DLA"), d.Info.APIURL+"/v1/whoami", h), http.StatusOK, &map[string]any{})
		runAttack(t, d.Info.APIURL+"/v1/whoami", attack{client: dlaClient, header: func(*testing.T) http.Header { return h }, status: 401, reason: "jti_replayed"})
	})
	if len(attacks)+1 < 30 {
		t.Fatalf("the battery has %d cases; keep at least 30", len(attacks)+1)
	}
	t.Run("every failure left an audit event", func(t *testing.T) {
		d.stop() // a flood from one address is summarised; stopping writes the last summary
		checkAttacksAudited(t, d, attacks)
	})
}

// checkAttacksAudited reads the audit's authentication failures and looks
// for each attack's check, the handshake refusals included.
func checkAttacksAudited(t *testing.T, d *runningDemo, attacks []attack) {
	out, err := exec.Command(gdxBinary(t), "audit", "query", "--data", d.Dir, "--kind", "auth_failure", "--limit", "1000").Output()
	if err != nil {
		t.Fatal(err)
	}
	checks := map[string]int{}
	summaries := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var e struct {
			Check, CertThumbprint, ClientAddr string
			Count                             int
		}
		if json.Unmarshal([]byte(line), &e) == nil {
			checks[e.Check]++
			if e.Count > 0 {
				summaries++
			}
		}
	}
	if summaries == 0 {
		t.Error("a battery of 40 failures from one address must be partly summarised")
	}
	want := []string{"client_certificate_untrusted", "client_certificate_expired", "client_certificate_key_weak", "tls_protocol", "jti_replayed"}
	for _, a := range attacks {
		if a.reason != "" && a.status == 401 {
			want = append(want, a.reason)
		}
	}
	for _, c := range want {
		if checks[c] == 0 {
			t.Errorf("no audit event for the failed check %s (have %v)", c, checks)
		}
	}
}

// runAttack sends the attack and fails the test unless it was refused
// without data.
func runAttack(t *testing.T, target string, a attack) {
	t.Helper()
	if err := checkAttack(t, target, a); err != nil {
		t.Fatal(err)
	}
}

// checkAttack sends the attack and says how its answer fell short of a
// refusal without data, if it did.
func checkAttack(t *testing.T, target string, a attack) error {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx(t), http.MethodGet, target, nil)
	if err != nil {
		return err
	}
	if a.header != nil {
		for k, v := range a.header(t) {
			req.Header[k] = v
		}
	}
	res, err := a.client(t).Do(req)
	if a.status == 0 {
		if err == nil {
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			return fmt.Errorf("the TLS handshake succeeded (status %d: %s); want it refused", res.StatusCode, body)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("request failed: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return checkRefusal(res, body, a)
}

func checkRefusal(res *http.Response, body []byte, a attack) error {
	var p struct {
		Type, Detail, Reason, RequestID string
		Status                          int
		Agency                          any `json:"agency"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return fmt.Errorf("status %d, body is not JSON: %s", res.StatusCode, body)
	}
	if res.StatusCode != a.status || p.Status != a.status || p.Reason != a.reason ||
		res.Header.Get("Content-Type") != "application/problem+json" || !strings.HasPrefix(p.Type, "urn:gdx:problem:gateway:") {
		return fmt.Errorf("status %d %s: %s; want %d with reason %s", res.StatusCode, res.Header.Get("Content-Type"), body, a.status, a.reason)
	}
	if p.Agency != nil || strings.Contains(string(body), `"certificate"`) || strings.Contains(string(body), `"officer"`) {
		return fmt.Errorf("a refusal carried data: %s", body)
	}
	if a.status == 401 && !strings.Contains(res.Header.Get("WWW-Authenticate"), `error="invalid_token"`) {
		return fmt.Errorf("WWW-Authenticate = %q", res.Header.Get("WWW-Authenticate"))
	}
	return nil
}

func tlsMax(c *http.Client, version uint16) *http.Client {
	tr := c.Transport.(*http.Transport)
	tr.TLSClientConfig.MinVersion, tr.TLSClientConfig.MaxVersion = tls.VersionTLS10, version
	return c
}
