package console

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/web"
)

// SessionCookie holds the admin session token of a logged-in steward:
// HttpOnly, SameSite=Strict, Secure under TLS, Path /console, and gone
// when the session ends.
const SessionCookie = "gdx_console"

// Context keys of the authenticated session.
const (
	ctxCaller  = "gdx.console.caller"
	ctxSession = "gdx.console.session"
)

// headerRequestID is where internal/httpapi's middleware puts the
// request id; the console reads it rather than importing httpapi.
const headerRequestID = "X-Request-ID"

// csrfBind ties every form token to the session cookie, so that a token
// taken before a login (or from another steward's session) is refused.
func csrfBind(c *gin.Context) string {
	ck, err := c.Request.Cookie(SessionCookie)
	if err != nil || ck.Value == "" {
		return ""
	}
	return admin.TokenHash(ck.Value)
}

// requireSession lets a request through only with a live session; any
// other goes to the login page, which says why when the session expired.
func (s *Server) requireSession(c *gin.Context) {
	ck, err := c.Request.Cookie(SessionCookie)
	if err != nil || ck.Value == "" {
		s.toLogin(c, "")
		return
	}
	st, sess, err := s.svc.Authenticate(c.Request.Context(), ck.Value)
	switch {
	case catalog.IsKind(err, catalog.KindUnauthenticated):
		clearSession(c)
		s.toLogin(c, catalog.ErrorReason(err))
		return
	case err != nil:
		s.site.ServerError(c, err)
		c.Abort()
		return
	}
	c.Set(ctxCaller, admin.Caller{Steward: st, RequestID: requestID(c)})
	c.Set(ctxSession, sess)
	c.Next()
}

// toLogin sends the visitor to the login page, to come back to the page
// they asked for (a GET only: a form's post cannot be replayed).
func (s *Server) toLogin(c *gin.Context, reason string) {
	if reason == admin.ReasonSessionExpired {
		s.site.SetFlash(c, s.site.T(web.LangOf(c), "login.expired"))
	}
	next := ""
	if c.Request.Method == http.MethodGet {
		next = "?next=" + url.QueryEscape(c.Request.URL.RequestURI())
	}
	s.site.SeeOther(c, Prefix+"/login"+next)
	c.Abort()
}

// setSession stores the session token in its cookie, to expire with it.
func setSession(c *gin.Context, tok admin.Token) {
	http.SetCookie(c.Writer, &http.Cookie{Name: SessionCookie, Value: tok.Token, Path: Prefix, Expires: tok.ExpiresAt,
		MaxAge: int(time.Until(tok.ExpiresAt).Seconds()), HttpOnly: true, Secure: c.Request.TLS != nil, SameSite: http.SameSiteStrictMode})
}

// clearSession removes the session cookie.
func clearSession(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: SessionCookie, Value: "", Path: Prefix, MaxAge: -1,
		HttpOnly: true, Secure: c.Request.TLS != nil, SameSite: http.SameSiteStrictMode})
}

// caller returns the steward of the request's session.
func caller(c *gin.Context) admin.Caller {
	by, _ := c.Get(ctxCaller)
	return by.(admin.Caller) // set by requireSession on every page behind it
}

func session(c *gin.Context) admin.Session {
	sess, _ := c.Get(ctxSession)
	return sess.(admin.Session)
}

// requestID returns the id the listener's middleware gave the request,
// or a new one, so that every audit event names its request.
func requestID(c *gin.Context) string {
	if id := c.Writer.Header().Get(headerRequestID); id != "" {
		return id
	}
	var b [12]byte
	_, _ = rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	c.Header(headerRequestID, id)
	return id
}

// localNext returns next when it is a console page, else the home page.
func localNext(next string) string {
	if next == Prefix || strings.HasPrefix(next, Prefix+"/") {
		if p := web.LocalPath(next); p == next {
			return next
		}
	}
	return Prefix + "/"
}
