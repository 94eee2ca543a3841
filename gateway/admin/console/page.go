package console

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/web"
)

// view is what every console page's Data embeds: the logged-in steward,
// for the header.
type view struct {
	Steward admin.Steward
	Central bool
}

// viewOf returns the header data of a page behind requireSession.
func viewOf(c *gin.Context) view {
	st := caller(c).Steward
	return view{Steward: st, Central: st.Agency == admin.CentralOffice}
}

// show renders a view with a status other than 200 (internal/web's OK
// renders 200; pageWriter makes it the status asked for).
func (s *Server) show(c *gin.Context, status int, name string, p *web.Page) {
	if w, ok := c.Writer.(*pageWriter); ok && status != http.StatusOK {
		w.status = status
	}
	s.site.OK(c, name, p)
}

// refusalView is the data of the page that shows a refusal of the admin
// service: what kind of refusal, why in the page's language when the
// reason is known, and the service's own message.
type refusalView struct {
	view
	Kind    string
	Reason  string
	Message string
}

// statusOf maps a service error's kind to the page's status.
var statusOf = map[catalog.Kind]int{
	catalog.KindInvalid:     http.StatusBadRequest,
	catalog.KindForbidden:   http.StatusForbidden,
	catalog.KindNotFound:    http.StatusNotFound,
	catalog.KindConflict:    http.StatusConflict,
	catalog.KindRateLimited: http.StatusTooManyRequests,
	catalog.KindTooLarge:    http.StatusRequestEntityTooLarge,
	catalog.KindUnavailable: http.StatusServiceUnavailable,
}

// refuse shows a refusal of the admin service as a page with its
// message; a session that ended goes back to the login page, and an
// error of another kind is a server error, whose cause is logged only.
func (s *Server) refuse(c *gin.Context, err error) {
	kind := catalog.ErrorKind(err)
	if kind == catalog.KindUnauthenticated {
		clearSession(c)
		s.toLogin(c, catalog.ErrorReason(err))
		return
	}
	status, ok := statusOf[kind]
	if !ok {
		s.site.ServerError(c, err)
		return
	}
	rv := &refusalView{view: viewOf(c), Kind: string(kind), Message: catalog.ErrorMessage(err)}
	if r := catalog.ErrorReason(err); r != "" && s.site.Catalogue().Has("reason."+r) {
		rv.Reason = r
	}
	s.show(c, status, "refused", s.site.Page(c, "refused."+string(kind), rv))
}

// done ends a successful form: a notice for the next page, and a
// redirect to it (post, redirect, get).
func (s *Server) done(c *gin.Context, path, key string, args ...any) {
	s.site.SetFlash(c, s.site.T(web.LangOf(c), key, args...))
	s.site.SeeOther(c, path)
}
