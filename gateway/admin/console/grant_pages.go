package console

import (
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/web"
)

// maxNote bounds a refusal's or rollback's note, as the admin API does.
const maxNote = 2000

// grantView is the data of a grant's page: the grant, and the forms that
// approve it (narrowed to the fields and purposes ticked) or refuse it.
type grantView struct {
	view
	Grant catalog.Grant
	// Fields and Purposes are the ones ticked in the approval form.
	Fields, Purposes []string
	ValidTo          string
	Note             string
}

// Checked reports whether x is ticked in list.
func (v *grantView) Checked(list []string, x string) bool { return slices.Contains(list, x) }

// findGrant returns the grant with the id among those the steward may
// see, or shows the refusal.
func (s *Server) findGrant(c *gin.Context) (catalog.Grant, bool) {
	gs, err := s.svc.ListGrants(c.Request.Context(), caller(c), admin.GrantQuery{})
	if err != nil {
		s.refuse(c, err)
		return catalog.Grant{}, false
	}
	i := slices.IndexFunc(gs, func(g catalog.Grant) bool { return g.ID == c.Param("id") })
	if i < 0 {
		s.refuse(c, catalog.Errorf(catalog.KindNotFound, "no grant %q among those of %s", c.Param("id"), caller(c).Steward.Agency))
		return catalog.Grant{}, false
	}
	return gs[i], true
}

// showGrantPage shows a grant and, while it is requested, the forms to
// decide it.
func (s *Server) showGrantPage(c *gin.Context) {
	g, ok := s.findGrant(c)
	if !ok {
		return
	}
	v := &grantView{view: viewOf(c), Grant: g, Fields: g.Fields, Purposes: g.Purposes}
	s.site.OK(c, "grant", s.site.Page(c, "grant.title", v))
}

// submitGrantApproval approves a requested grant with the fields and
// purposes ticked (fewer than requested narrows it) and an optional
// earlier end.
func (s *Server) submitGrantApproval(c *gin.Context) {
	g, ok := s.findGrant(c)
	if !ok {
		return
	}
	v := &grantView{view: viewOf(c), Grant: g, Fields: c.PostFormArray("fields"), Purposes: c.PostFormArray("purposes"),
		ValidTo: strings.TrimSpace(c.PostForm("valid_to"))}
	p := s.site.Page(c, "grant.title", v)
	n, errs := narrowing(p, v)
	if len(errs) > 0 {
		p.Errors = errs
		s.site.BadRequest(c, "grant", p)
		return
	}
	if _, err := s.svc.ApproveGrant(c.Request.Context(), caller(c), g.ID, n); err != nil {
		s.refuse(c, err)
		return
	}
	s.done(c, Prefix+"/grants/"+g.ID, "grant.approved", g.ID)
}

// narrowing reads the approval form; the service checks that it only
// narrows.
func narrowing(p *web.Page, v *grantView) (admin.Narrowing, web.FieldErrors) {
	errs := web.FieldErrors{}
	if len(v.Fields) == 0 {
		errs["fields"] = p.T("grant.fields.required")
	}
	if len(v.Purposes) == 0 {
		errs["purposes"] = p.T("grant.purposes.required")
	}
	n := admin.Narrowing{Fields: v.Fields, Purposes: v.Purposes}
	if v.ValidTo != "" {
		d, err := time.ParseInLocation(time.DateOnly, v.ValidTo, thaiTime)
		if err != nil {
			errs["valid_to"] = p.T("grant.valid_to.invalid")
		} else {
			n.ValidTo = d.Add(24*time.Hour - time.Second)
		}
	}
	return n, errs
}

// submitGrantRefusal refuses a requested grant with a note.
func (s *Server) submitGrantRefusal(c *gin.Context) {
	g, ok := s.findGrant(c)
	if !ok {
		return
	}
	v := &grantView{view: viewOf(c), Grant: g, Fields: g.Fields, Purposes: g.Purposes, Note: strings.TrimSpace(c.PostForm("note"))}
	p := s.site.Page(c, "grant.title", v)
	switch {
	case v.Note == "":
		p.Errors = web.FieldErrors{"note": p.T("grant.note.required")}
	case len(v.Note) > maxNote:
		p.Errors = web.FieldErrors{"note": p.T("note.too_long", maxNote)}
	}
	if p.HasErrors() {
		s.site.BadRequest(c, "grant", p)
		return
	}
	if _, err := s.svc.RefuseGrant(c.Request.Context(), caller(c), g.ID, v.Note); err != nil {
		s.refuse(c, err)
		return
	}
	s.done(c, Prefix+"/grants/"+g.ID, "grant.refused", g.ID)
}

// thaiTime is the zone a date typed in a form means (UTC+7, no DST).
var thaiTime = time.FixedZone("ICT", 7*3600)
