package digitalid

import (
	"net/http"
	"strings"
)

// userinfo is the userinfo answer (OIDC Core §5.3.2).
type userinfo struct {
	Subject string `json:"sub"`
	userClaims
}

// handleUserinfo answers the citizen's claims for a bearer access token
// (RFC 6750 §2.1), refusing a revoked or expired one with invalid_token.
func (p *Provider) handleUserinfo(w http.ResponseWriter, r *http.Request) {
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="digitalid"`)
		writeJSON(w, http.StatusUnauthorized, invalidRequest("a bearer access token is required"))
		return
	}
	at, ok := p.state.token(tok, p.cfg.Now())
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="digitalid", error="invalid_token"`)
		writeJSON(w, http.StatusUnauthorized, &oauthError{Code: "invalid_token", Description: "the access token is unknown, expired or revoked"})
		return
	}
	writeJSON(w, http.StatusOK, userinfo{Subject: at.sub, userClaims: userClaimsOf(at.citizen, at.scope)})
}
