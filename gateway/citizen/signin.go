package citizen

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/gin-gonic/gin"
	"golang.org/x/oauth2"

	"github.com/gdx-exchange/gdx/catalog"
)

// Reason codes of the view's refusals; each is also the message key of
// the page that explains it.
const (
	reasonProviderDown   = "citizen.provider_unavailable"
	reasonNoSignIn       = "citizen.no_sign_in"
	reasonStateMismatch  = "citizen.state_mismatch"
	reasonProviderRefuse = "citizen.provider_refused"
	reasonCancelled      = "citizen.cancelled"
	reasonExchange       = "citizen.exchange_failed"
	reasonIDToken        = "citizen.id_token_invalid"
	reasonAssurance      = "citizen.assurance_too_low"
	reasonCSRF           = "citizen.csrf"
)

// handleHome shows the sign-in page, or sends a signed-in citizen to
// their lookups.
func (s *Server) handleHome(c *gin.Context) error {
	if sess, _, ok := s.session(c.Request, cookieSession); ok && sess.SignedIn() {
		c.Redirect(http.StatusSeeOther, s.path("/lookups"))
		return nil
	}
	return s.render(c, http.StatusOK, "signin.html", s.newView(c, "signin.title"))
}

// handleLogin starts a sign-in: it keeps a fresh state, nonce and PKCE
// verifier server-side behind the sign-in cookie and sends the browser to
// the provider (OIDC Core §3.1.2.1, RFC 7636).
func (s *Server) handleLogin(c *gin.Context) error {
	p, err := s.provider(c.Request.Context())
	if err != nil {
		return err
	}
	pending := Session{Expires: s.now().Add(s.cfg.LoginTTL), State: randomToken(), Nonce: randomToken(),
		Verifier: oauth2.GenerateVerifier()}
	cookie := randomToken()
	if err := s.sessions.PutSession(c.Request.Context(), storeKey(cookie), pending); err != nil {
		return err
	}
	s.setCookie(c.Writer, cookieLogin, cookie, s.cfg.LoginTTL)
	opts := []oauth2.AuthCodeOption{oidc.Nonce(pending.Nonce), oauth2.S256ChallengeOption(pending.Verifier)}
	if l := s.lang(c); l != "" {
		opts = append(opts, oauth2.SetAuthURLParam("ui_locales", l))
	}
	c.Redirect(http.StatusFound, p.oauth.AuthCodeURL(pending.State, opts...))
	return nil
}

// handleCallback finishes a sign-in: the provider's answer must match the
// sign-in this browser started, the code is exchanged with the verifier,
// and the ID token is verified before a session is made.
func (s *Server) handleCallback(c *gin.Context) error {
	ctx := c.Request.Context()
	pending, key, ok := s.session(c.Request, cookieLogin)
	s.clearCookie(c.Writer, cookieLogin)
	if !ok || pending.State == "" {
		return refuse(catalog.KindInvalid, reasonNoSignIn, "no sign-in in progress in this browser")
	}
	_ = s.sessions.DeleteSession(ctx, key) // single use, whatever the outcome
	q := c.Request.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(pending.State)) != 1 {
		return refuse(catalog.KindInvalid, reasonStateMismatch, "the answer is not for this browser's sign-in")
	}
	if q.Has("error") {
		if q.Get("error") == "access_denied" {
			return refuse(catalog.KindForbidden, reasonCancelled, "the sign-in was cancelled")
		}
		s.log.Info("citizen: provider refused the sign-in", "error", errorCode(q.Get("error")))
		return refuse(catalog.KindForbidden, reasonProviderRefuse, "Digital ID refused the sign-in")
	}
	if q.Has("iss") && q.Get("iss") != s.cfg.Issuer { // RFC 9207 §2.4: a mix-up
		return refuse(catalog.KindInvalid, reasonStateMismatch, "the answer came from another provider")
	}
	id, err := s.verifySignIn(c, pending, q.Get("code"))
	if err != nil {
		return err
	}
	return s.startSession(c, id)
}

// errorCode returns an OAuth error code fit for the log (RFC 6749 §4.1.2.1
// allows only printable ASCII; the code is the provider's, or an
// attacker's, text).
func errorCode(code string) string {
	if len(code) > 40 || strings.IndexFunc(code, func(r rune) bool { return (r < 'a' || r > 'z') && r != '_' }) >= 0 {
		return "unrecognised"
	}
	return code
}

// refuse returns an error of kind whose reason names the page's message.
func refuse(kind catalog.Kind, reason, msg string) error {
	return catalog.Errorf(kind, "%s", msg).WithReason(reason)
}

// handleLogout ends the session; its form must carry the session's CSRF
// token, so another site cannot sign the citizen out.
func (s *Server) handleLogout(c *gin.Context) error {
	sess, key, ok := s.session(c.Request, cookieSession)
	if !ok || !sess.SignedIn() {
		c.Redirect(http.StatusSeeOther, s.path("/"))
		return nil
	}
	if subtle.ConstantTimeCompare([]byte(c.PostForm("csrf")), []byte(sess.CSRF)) != 1 {
		return refuse(catalog.KindForbidden, reasonCSRF, "the form is stale or was not sent from this site")
	}
	if err := s.sessions.DeleteSession(c.Request.Context(), key); err != nil {
		return err
	}
	s.clearCookie(c.Writer, cookieSession)
	c.Redirect(http.StatusSeeOther, s.path("/"))
	return nil
}
