package digitalid

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// challengeForm is the form of an S256 code challenge: base64url of 32
// bytes, no padding (RFC 7636 §4.2).
var challengeForm = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// authParams are the authorization request parameters the provider reads.
var authParams = []string{"client_id", "redirect_uri", "response_type", "scope", "state", "nonce",
	"code_challenge", "code_challenge_method", "prompt", "request", "request_uri", "ui_locales", "response_mode"}

// handleAuthorize checks an authorization request (OIDC Core §3.1.2.2)
// and shows the login page.
func (p *Provider) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	client, redirectURI, ok := p.checkClient(w, r, q)
	if !ok {
		return
	}
	req, oerr := p.checkAuthRequest(q)
	if oerr != nil {
		p.log.Info("digitalid: authorization request refused", "client", client.ID, "error", oerr.Code)
		p.redirectError(w, r, redirectURI, q.Get("state"), oerr)
		return
	}
	req.client, req.redirectURI = client, redirectURI
	req.expires = p.cfg.Now().Add(p.cfg.LoginTTL)
	h, ok := p.state.putRequest(req, p.cfg.Now())
	if !ok {
		p.redirectError(w, r, redirectURI, req.state, &oauthError{Code: "temporarily_unavailable",
			Description: "too many sign-ins in progress; try again shortly"})
		return
	}
	p.loginPage(w, r, http.StatusOK, loginView{Request: h, Client: client.ID})
}

// checkClient finds the client and its exact redirect URI. When either is
// wrong it shows an error page and never redirects (RFC 6749 §4.1.2.1),
// so the provider cannot be made an open redirector.
func (p *Provider) checkClient(w http.ResponseWriter, r *http.Request, q url.Values) (*Client, string, bool) {
	if len(q["client_id"]) != 1 || len(q["redirect_uri"]) != 1 {
		p.errorPage(w, r, http.StatusBadRequest, msgBadClient)
		return nil, "", false
	}
	client, ok := p.clients[q.Get("client_id")]
	if !ok {
		p.log.Info("digitalid: unknown client at the authorization endpoint")
		p.errorPage(w, r, http.StatusBadRequest, msgBadClient)
		return nil, "", false
	}
	redirectURI := q.Get("redirect_uri")
	if !slices.Contains(client.RedirectURIs, redirectURI) {
		p.log.Info("digitalid: unregistered redirect URI", "client", client.ID)
		p.errorPage(w, r, http.StatusBadRequest, msgBadRedirect)
		return nil, "", false
	}
	return client, redirectURI, true
}

// checkAuthRequest checks the parameters that are answered by redirect.
func (p *Provider) checkAuthRequest(q url.Values) (*authRequest, *oauthError) {
	for _, name := range authParams {
		if len(q[name]) > 1 {
			return nil, invalidRequest("parameter " + name + " is repeated")
		}
	}
	scope := strings.Fields(q.Get("scope"))
	switch {
	case q.Has("request"):
		return nil, &oauthError{Code: "request_not_supported", Description: "request objects are not supported"}
	case q.Has("request_uri"):
		return nil, &oauthError{Code: "request_uri_not_supported", Description: "request_uri is not supported"}
	case q.Get("response_type") != "code":
		return nil, &oauthError{Code: "unsupported_response_type", Description: "only response_type=code is supported"}
	case q.Has("response_mode") && q.Get("response_mode") != "query":
		return nil, invalidRequest("only response_mode=query is supported")
	case !slices.Contains(scope, "openid"):
		return nil, &oauthError{Code: "invalid_scope", Description: "scope must include openid"}
	case q.Get("code_challenge") == "":
		return nil, invalidRequest("code_challenge required (PKCE, RFC 7636)")
	case q.Get("code_challenge_method") != "S256":
		return nil, invalidRequest("code_challenge_method must be S256")
	case !challengeForm.MatchString(q.Get("code_challenge")):
		return nil, invalidRequest("code_challenge is not an S256 challenge")
	case slices.Contains(strings.Fields(q.Get("prompt")), "none"):
		return nil, &oauthError{Code: "login_required", Description: "the citizen must sign in"}
	}
	for _, s := range scope {
		if s != "openid" && s != "profile" {
			return nil, &oauthError{Code: "invalid_scope", Description: "unknown scope " + s}
		}
	}
	return &authRequest{scope: scope, state: q.Get("state"), nonce: q.Get("nonce"),
		challenge: q.Get("code_challenge")}, nil
}

// redirectError sends an error back to the client (RFC 6749 §4.1.2.1),
// with the issuer (RFC 9207).
func (p *Provider) redirectError(w http.ResponseWriter, r *http.Request, redirectURI, state string, e *oauthError) {
	v := url.Values{"error": {e.Code}, "iss": {p.cfg.Issuer}}
	if e.Description != "" {
		v.Set("error_description", e.Description)
	}
	if state != "" {
		v.Set("state", state)
	}
	http.Redirect(w, r, withQuery(redirectURI, v), http.StatusSeeOther)
}

// withQuery adds v to the query of u, keeping the query u has.
func withQuery(u string, v url.Values) string {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + v.Encode()
}
