package digitalid_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/connectors/sim/digitalid"
)

// TestFlowWithStandardClient signs a demo citizen in with go-oidc and
// x/oauth2, as any relying party would, and checks every claim.
func TestFlowWithStandardClient(t *testing.T) {
	h := start(t)
	ctx := oidc.ClientContext(context.Background(), h.srv.Client())
	provider, err := oidc.NewProvider(ctx, h.p.Issuer())
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	cfg := oauth2.Config{ClientID: rpID, ClientSecret: rpSecret, RedirectURL: rpRedirect,
		Endpoint: provider.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "profile"}}
	cfg.Endpoint.AuthStyle = oauth2.AuthStyleInHeader
	v := oauth2.GenerateVerifier()
	authURL, _ := url.Parse(cfg.AuthCodeURL("state-xyz", oidc.Nonce("nonce-xyz"), oauth2.S256ChallengeOption(v)))
	u := h.login(t, url.Values{"req": {h.loginPage(t, authURL.Query())}, "citizen": {demo.PersonKey(42)}})
	q := u.Query()
	if got := u.Scheme + "://" + u.Host + u.Path; got != rpRedirect || q.Get("state") != "state-xyz" || q.Get("iss") != h.p.Issuer() {
		t.Fatalf("redirect %s: want %s with the state and iss", u, rpRedirect)
	}
	tok, err := cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(v))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := provider.Verifier(&oidc.Config{ClientID: rpID, SupportedSigningAlgs: []string{oidc.ES256}}).Verify(ctx, raw)
	if err != nil {
		t.Fatalf("verify ID token: %v", err)
	}
	if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
		t.Errorf("at_hash: %v", err)
	}
	var c struct {
		PID, IAL, AAL, Name, Nonce string
		AuthTime                   int64    `json:"auth_time"`
		AMR                        []string `json:"amr"`
	}
	if err := idt.Claims(&c); err != nil {
		t.Fatal(err)
	}
	if c.PID != demo.PersonKey(42) || c.IAL != "2.3" || c.AAL != "2" || c.Nonce != "nonce-xyz" ||
		c.AuthTime == 0 || len(c.AMR) == 0 || c.Name == "" {
		t.Errorf("claims = %+v", c)
	}
	if idt.Subject == "" || idt.Subject == c.PID {
		t.Errorf("sub %q must be a pseudonym, not the citizen id", idt.Subject)
	}
	info, err := provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil || info.Subject != idt.Subject {
		t.Fatalf("userinfo: %+v, %v", info, err)
	}
}

// TestClientSecretPost exchanges a code as a client registered for
// client_secret_post, and refuses it client_secret_basic.
func TestClientSecretPost(t *testing.T) {
	h := start(t)
	q := authQuery()
	q.Set("client_id", postID)
	q.Set("redirect_uri", "http://127.0.0.1:9/cb")
	code := func() string {
		return h.login(t, url.Values{"req": {h.loginPage(t, q)}, "citizen": {demo.PersonKey(1)}}).Query().Get("code")
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code()}, "redirect_uri": {"http://127.0.0.1:9/cb"},
		"code_verifier": {verifier}, "client_id": {postID}, "client_secret": {postSecret}}
	if resp, body := h.do(t, http.MethodPost, h.p.Endpoint("/token"), form, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("client_secret_post: %d %s", resp.StatusCode, body)
	}
	form.Set("code", code())
	form.Del("client_secret")
	resp, body := h.do(t, http.MethodPost, h.p.Endpoint("/token"), form, func(r *http.Request) { r.SetBasicAuth(postID, postSecret) })
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "invalid_client") {
		t.Errorf("basic for a post client: %d %s", resp.StatusCode, body)
	}
}

// TestDiscoveryDocument checks what a client relies on in discovery.
func TestDiscoveryDocument(t *testing.T) {
	h := start(t)
	provider, err := oidc.NewProvider(oidc.ClientContext(context.Background(), h.srv.Client()), h.p.Issuer())
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Algs    []string `json:"id_token_signing_alg_values_supported"`
		PKCE    []string `json:"code_challenge_methods_supported"`
		Auth    []string `json:"token_endpoint_auth_methods_supported"`
		Claims  []string `json:"claims_supported"`
		IssResp bool     `json:"authorization_response_iss_parameter_supported"`
	}
	if err := provider.Claims(&d); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Algs, []string{"ES256"}) || !slices.Equal(d.PKCE, []string{"S256"}) ||
		!slices.Contains(d.Auth, digitalid.AuthBasic) || !slices.Contains(d.Auth, digitalid.AuthPost) ||
		!slices.Contains(d.Claims, digitalid.ClaimCitizenID) || !d.IssResp {
		t.Errorf("discovery = %+v", d)
	}
	if !strings.HasPrefix(provider.Endpoint().AuthURL, h.p.Issuer()+"/") {
		t.Errorf("authorization endpoint %s is not below the issuer", provider.Endpoint().AuthURL)
	}
}

// TestStart serves a provider on a free loopback port with the issuer
// taken from the listener.
func TestStart(t *testing.T) {
	s, err := digitalid.Start(t.Context(), "", digitalid.Config{Password: password,
		Clients: []digitalid.Client{{ID: rpID, Secret: rpSecret, RedirectURIs: []string{rpRedirect}}}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.HasPrefix(s.Issuer(), "http://127.0.0.1:") {
		t.Fatalf("issuer %q", s.Issuer())
	}
	if _, err := oidc.NewProvider(context.Background(), s.Issuer()); err != nil {
		t.Errorf("discovery at the started provider: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestDiscoveryGolden compares the discovery document, with the issuer
// written as ISSUER, to testdata/openid-configuration.json.
func TestDiscoveryGolden(t *testing.T) {
	h := start(t)
	resp, body := h.get(t, "/.well-known/openid-configuration", nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("discovery: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, []byte(strings.ReplaceAll(body, h.p.Issuer(), "ISSUER")), "", "  "); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "openid-configuration.json")
	if *update {
		if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(pretty.Bytes(), want) {
		t.Errorf("discovery differs from %s:\n%s", path, pretty.Bytes())
	}
}
