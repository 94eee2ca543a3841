package console

import (
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/web"
)

// trailPage is how many events the audit trail page shows at once.
const trailPage = 50

// trailView is the data of the audit trail page: the filter form as
// typed, and one page of events.
type trailView struct {
	view
	Form      trailForm
	Kinds     []audit.Kind
	Decisions []audit.Decision
	Events    []audit.Event
	NextURL   string
	Searched  bool
}

// trailForm is the audit trail's filter form, as typed.
type trailForm struct {
	Agency, Dataset, Kind, Decision, From, To, Cursor string
}

// readTrailForm reads the filters from the query string.
func readTrailForm(c *gin.Context) trailForm {
	t := func(n string) string { return strings.TrimSpace(c.Query(n)) }
	return trailForm{Agency: t("agency"), Dataset: t("dataset"), Kind: t("kind"), Decision: t("decision"),
		From: t("from"), To: t("to"), Cursor: t("cursor")}
}

// filter checks the form and turns it into an audit filter; a bad value
// gets its message next to its field.
func (f trailForm) filter(p *web.Page) (audit.Filter, web.FieldErrors) {
	errs := web.FieldErrors{}
	af := audit.Filter{Agency: f.Agency, Dataset: f.Dataset, Kind: audit.Kind(f.Kind), Decision: audit.Decision(f.Decision),
		Cursor: f.Cursor, Limit: trailPage}
	if f.Kind != "" && !slices.Contains(audit.Kinds, af.Kind) {
		errs["kind"] = p.T("audit.kind.invalid")
	}
	if f.Decision != "" && !slices.Contains(audit.Decisions, af.Decision) {
		errs["decision"] = p.T("audit.decision.invalid")
	}
	var err error
	if af.From, err = parseDay(f.From); err != nil {
		errs["from"] = p.T("audit.date.invalid")
	}
	if af.To, err = parseDay(f.To); err != nil {
		errs["to"] = p.T("audit.date.invalid")
	} else if !af.To.IsZero() {
		af.To = af.To.AddDate(0, 0, 1) // the whole day named
	}
	if !af.From.IsZero() && !af.To.IsZero() && !af.From.Before(af.To) {
		errs["to"] = p.T("audit.to.before_from")
	}
	return af, errs
}

// parseDay reads a YYYY-MM-DD day in Thai time; "" is no bound.
func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.ParseInLocation(time.DateOnly, s, thaiTime)
}

// showAuditTrail shows the audit trail of the agency's datasets and
// officers, filtered; the service narrows a steward to their agency and
// refuses what lies outside it.
func (s *Server) showAuditTrail(c *gin.Context) {
	v := &trailView{view: viewOf(c), Form: readTrailForm(c), Kinds: audit.Kinds, Decisions: audit.Decisions}
	p := s.site.Page(c, "audit.title", v)
	f, errs := v.Form.filter(p)
	if len(errs) > 0 {
		p.Errors = errs
		s.site.BadRequest(c, "audit", p)
		return
	}
	page, err := s.svc.AuditEvents(c.Request.Context(), caller(c), f)
	if catalog.IsKind(err, catalog.KindInvalid) {
		p.Errors = web.FieldErrors{"agency": catalog.ErrorMessage(err)}
		s.site.BadRequest(c, "audit", p)
		return
	}
	if err != nil {
		s.refuse(c, err)
		return
	}
	v.Events, v.Searched = page.Events, true
	if page.Next != "" {
		q := c.Request.URL.Query()
		q.Set("cursor", page.Next)
		v.NextURL = Prefix + "/audit?" + q.Encode()
	}
	s.site.OK(c, "audit", p)
}

// subjectView is the data of "who looked at this record".
type subjectView struct {
	view
	Kind, Key string
	Kinds     []catalog.KeyKind
	Lookups   []audit.Lookup
	Searched  bool
}

// subjectKinds are the record keys a person or a company is found by.
var subjectKinds = []catalog.KeyKind{catalog.KeyCitizenID, catalog.KeyJuristicID}

// showWhoLooked shows the search form. The search itself is a POST, so
// that no citizen id ever sits in a URL or an access log.
func (s *Server) showWhoLooked(c *gin.Context) {
	v := &subjectView{view: viewOf(c), Kind: string(catalog.KeyCitizenID), Kinds: subjectKinds}
	s.site.OK(c, "subject", s.site.Page(c, "subject.title", v))
}

// submitWhoLooked answers "who looked at this record": every lookup that
// returned it (when, which agency, why, which fields), never the data.
func (s *Server) submitWhoLooked(c *gin.Context) {
	v := &subjectView{view: viewOf(c), Kind: c.PostForm("kind"), Key: strings.TrimSpace(c.PostForm("key")), Kinds: subjectKinds}
	p := s.site.Page(c, "subject.title", v)
	switch {
	case !slices.Contains(subjectKinds, catalog.KeyKind(v.Kind)):
		p.Errors = web.FieldErrors{"kind": p.T("subject.kind.invalid")}
	case v.Key == "":
		p.Errors = web.FieldErrors{"key": p.T("subject.key.required")}
	}
	if p.HasErrors() {
		s.site.BadRequest(c, "subject", p)
		return
	}
	lookups, err := s.svc.WhoLooked(c.Request.Context(), caller(c), catalog.KeyKind(v.Kind), v.Key)
	if catalog.IsKind(err, catalog.KindInvalid) {
		p.Errors = web.FieldErrors{"key": p.T("subject.key.invalid")}
		s.site.BadRequest(c, "subject", p)
		return
	}
	if err != nil {
		s.refuse(c, err)
		return
	}
	v.Lookups, v.Searched = lookups, true
	s.site.OK(c, "subject", p)
}
