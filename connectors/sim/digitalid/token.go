package digitalid

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"mime"
	"net/http"
	"net/url"
	"regexp"
)

// oauthError is an error answer of RFC 6749 §4.1.2.1 and §5.2.
type oauthError struct {
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

func invalidRequest(desc string) *oauthError {
	return &oauthError{Code: "invalid_request", Description: desc}
}

// verifierForm is a PKCE code verifier (RFC 7636 §4.1).
var verifierForm = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

// tokenResponse is a successful token answer (RFC 6749 §5.1, OIDC Core
// §3.1.3.3).
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	IDToken     string `json:"id_token"`
	Scope       string `json:"scope"`
}

// handleToken exchanges an authorization code (RFC 6749 §4.1.3, RFC 7636
// §4.6) for an access token and an ID token.
func (p *Provider) handleToken(w http.ResponseWriter, r *http.Request) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		p.tokenError(w, http.StatusBadRequest, invalidRequest("the body must be application/x-www-form-urlencoded"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil || len(r.URL.RawQuery) > 0 {
		p.tokenError(w, http.StatusBadRequest, invalidRequest("malformed token request"))
		return
	}
	for name, vs := range r.PostForm {
		if len(vs) > 1 {
			p.tokenError(w, http.StatusBadRequest, invalidRequest("parameter "+name+" is repeated"))
			return
		}
	}
	client, basic, oerr := p.authenticateClient(r)
	if oerr != nil {
		if basic {
			w.Header().Set("WWW-Authenticate", `Basic realm="digitalid"`)
		}
		p.log.Info("digitalid: client authentication failed", "error", oerr.Description)
		p.tokenError(w, http.StatusUnauthorized, oerr)
		return
	}
	if gt := r.PostForm.Get("grant_type"); gt != "authorization_code" {
		p.tokenError(w, http.StatusBadRequest, &oauthError{Code: "unsupported_grant_type",
			Description: "only authorization_code is supported"})
		return
	}
	resp, oerr := p.exchange(client, r.PostForm)
	if oerr != nil {
		p.log.Info("digitalid: code exchange refused", "client", client.ID, "error", oerr.Code, "why", oerr.Description)
		p.tokenError(w, http.StatusBadRequest, oerr)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// authenticateClient checks the client's credentials by its registered
// method (RFC 6749 §2.3.1); using two methods at once is refused. basic
// reports whether the client tried HTTP Basic.
func (p *Provider) authenticateClient(r *http.Request) (c *Client, basic bool, e *oauthError) {
	id, secret, basic := r.BasicAuth()
	method := AuthBasic
	if basic {
		var err1, err2 error
		id, err1 = url.QueryUnescape(id)
		secret, err2 = url.QueryUnescape(secret)
		if err1 != nil || err2 != nil {
			return nil, true, &oauthError{Code: "invalid_client", Description: "malformed client credentials"}
		}
		if r.PostForm.Has("client_secret") {
			return nil, true, invalidRequest("more than one client authentication method")
		}
	} else {
		id, secret, method = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret"), AuthPost
	}
	if basic && r.PostForm.Has("client_id") && r.PostForm.Get("client_id") != id {
		return nil, true, invalidRequest("client_id does not match the authenticated client")
	}
	c, ok := p.clients[id]
	switch {
	case id == "" || secret == "":
		return nil, basic, &oauthError{Code: "invalid_client", Description: "client authentication required"}
	case !ok || subtle.ConstantTimeCompare([]byte(secret), []byte(c.Secret)) != 1:
		return nil, basic, &oauthError{Code: "invalid_client", Description: "unknown client or wrong secret"}
	case c.AuthMethod != method:
		return nil, basic, &oauthError{Code: "invalid_client", Description: "the client is registered for " + c.AuthMethod}
	}
	return c, basic, nil
}

// exchange redeems the code in form for client. Any attempt with a live
// code uses it up, so a stolen code tried without its verifier is lost
// to the thief too.
func (p *Provider) exchange(client *Client, form url.Values) (*tokenResponse, *oauthError) {
	code, verifier := form.Get("code"), form.Get("code_verifier")
	if code == "" {
		return nil, invalidRequest("code required")
	}
	now := p.cfg.Now()
	tok := randomHandle()
	g, ok := p.state.redeem(code, tok, now)
	switch {
	case !ok:
		return nil, &oauthError{Code: "invalid_grant", Description: "the code is unknown or expired"}
	case g.used:
		return nil, &oauthError{Code: "invalid_grant", Description: "the code was already used; its tokens are revoked"}
	case g.clientID != client.ID:
		return nil, &oauthError{Code: "invalid_grant", Description: "the code was issued to another client"}
	case form.Get("redirect_uri") != g.redirectURI:
		return nil, &oauthError{Code: "invalid_grant", Description: "redirect_uri does not match the authorization request"}
	case verifier == "":
		return nil, invalidRequest("code_verifier required (PKCE, RFC 7636)")
	case !verifierForm.MatchString(verifier) || !challengeMatches(g.challenge, verifier):
		return nil, &oauthError{Code: "invalid_grant", Description: "code_verifier does not match the code_challenge"}
	}
	return p.issueTokens(code, tok, g, now)
}

// challengeMatches reports whether BASE64URL(SHA256(verifier)) is the
// challenge (RFC 7636 §4.6).
func challengeMatches(challenge, verifier string) bool {
	sum := sha256.Sum256([]byte(verifier))
	return subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge)) == 1
}

func (p *Provider) tokenError(w http.ResponseWriter, status int, e *oauthError) {
	writeJSON(w, status, e)
}
