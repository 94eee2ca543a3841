package console

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/web"
)

// Limits of the login form (as the admin API's).
const maxUsername = 64

// loginView is the data of the login page.
type loginView struct {
	view     // empty: no one is logged in
	Username string
	Next     string
}

// showLoginPage shows the login form; a visitor with a live session goes
// on to the console.
func (s *Server) showLoginPage(c *gin.Context) {
	if ck, err := c.Request.Cookie(SessionCookie); err == nil {
		if _, _, err := s.svc.Authenticate(c.Request.Context(), ck.Value); err == nil {
			s.site.SeeOther(c, localNext(c.Query("next")))
			return
		}
	}
	s.site.OK(c, "login", s.site.Page(c, "login.title", &loginView{Next: localNext(c.Query("next"))}))
}

// submitLogin checks the form, logs in through the admin service (which
// throttles guessing and locks accounts) and sets the session cookie.
func (s *Server) submitLogin(c *gin.Context) {
	v := &loginView{Username: strings.TrimSpace(c.PostForm("username")), Next: localNext(c.PostForm("next"))}
	password := c.PostForm("password")
	p := s.site.Page(c, "login.title", v)
	p.Errors = web.FieldErrors{}
	switch {
	case v.Username == "":
		p.Errors["username"] = p.T("login.username.required")
	case len(v.Username) > maxUsername:
		p.Errors["username"] = p.T("login.username.too_long", maxUsername)
	}
	switch {
	case password == "":
		p.Errors["password"] = p.T("login.password.required")
	case len(password) > admin.MaxPasswordLen:
		p.Errors["password"] = p.T("login.password.too_long", admin.MaxPasswordLen)
	}
	if len(p.Errors) > 0 {
		s.site.BadRequest(c, "login", p)
		return
	}
	tok, err := s.svc.Login(c.Request.Context(), v.Username, password, requestID(c))
	if err != nil {
		s.loginRefused(c, p, err)
		return
	}
	setSession(c, tok)
	s.done(c, v.Next, "login.welcome", tok.Steward.Username)
}

// loginRefused shows the form again with the service's refusal in the
// page's language: which never says whether the account exists or is
// locked, only what the rule is.
func (s *Server) loginRefused(c *gin.Context, p *web.Page, err error) {
	switch catalog.ErrorReason(err) {
	case admin.ReasonBadCredentials:
		l := s.svc.LockoutPolicy()
		p.Error = p.T("login.refused", l.MaxFailures, int(l.Duration.Minutes()))
		s.show(c, http.StatusUnauthorized, "login", p)
	case admin.ReasonLoginBusy, admin.ReasonAuditUnavailable:
		p.Error = p.T("login.unavailable")
		s.show(c, http.StatusServiceUnavailable, "login", p)
	default:
		s.site.ServerError(c, err)
	}
}

// submitLogout ends the session in the service and in the browser.
func (s *Server) submitLogout(c *gin.Context) {
	if err := s.svc.Logout(c.Request.Context(), caller(c), session(c)); err != nil {
		s.site.ServerError(c, err)
		return
	}
	clearSession(c)
	s.done(c, Prefix+"/login", "logout.done")
}
