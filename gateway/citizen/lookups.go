package citizen

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

// row is one lookup as the pages show it.
type row struct {
	Time        string // in the page's language, Thailand time
	ISOTime     string // RFC 3339, Thailand time
	AgencyCode  string
	Agency      string
	PurposeCode string
	Purpose     string
	DatasetID   string
	Dataset     string
	Fields      []string // the fields returned, by their titles
}

// lookupsView fills templates/lookups.html.
type lookupsView struct {
	view
	Session          Session
	Rows             []row
	Total            int
	Page, Pages      int
	PrevURL, NextURL string
	CSVURL           string
}

// handleLookups shows the signed-in citizen's lookups, a page at a time.
// The records are the session's: nothing in the request names whose.
func (s *Server) handleLookups(c *gin.Context) error {
	sess, ok := s.signedIn(c)
	if !ok {
		return nil
	}
	page, err := strconv.Atoi(c.DefaultQuery("page", "1"))
	if err != nil || page < 1 {
		page = 1
	}
	lookups, err := audit.SubjectLookups(c.Request.Context(), s.deps.Audit, sess.KeyHash, s.now())
	if err != nil {
		return err
	}
	pages := max(1, (len(lookups)+s.cfg.PageSize-1)/s.cfg.PageSize)
	page = min(page, pages)
	from := (page - 1) * s.cfg.PageSize
	shown := lookups[from:min(from+s.cfg.PageSize, len(lookups))]
	v := lookupsView{view: s.newView(c, "lookups.title"), Session: sess, Total: len(lookups), Page: page, Pages: pages,
		CSVURL: s.path("/lookups.csv")}
	v.Rows = s.rows(c.Request.Context(), v.Lang, shown)
	if page > 1 {
		v.PrevURL = s.path("/lookups?page=" + strconv.Itoa(page-1))
	}
	if page < pages {
		v.NextURL = s.path("/lookups?page=" + strconv.Itoa(page+1))
	}
	return s.render(c, http.StatusOK, "lookups.html", v)
}

// signedIn returns the request's signed-in session, or sends the browser
// to the sign-in page and reports false.
func (s *Server) signedIn(c *gin.Context) (Session, bool) {
	sess, _, ok := s.session(c.Request, cookieSession)
	if !ok || !sess.SignedIn() {
		c.Redirect(http.StatusSeeOther, s.path("/"))
		return Session{}, false
	}
	return sess, true
}

// rows names the lookups' agencies, purposes, datasets and fields in
// lang, asking the catalog once per code.
func (s *Server) rows(ctx context.Context, lang string, lookups []audit.Lookup) []row {
	n := newNamer(ctx, s.deps.Names, lang)
	out := make([]row, 0, len(lookups))
	for _, l := range lookups {
		t := l.Time.In(thailand)
		ds := n.dataset(l.Dataset)
		r := row{Time: formatTime(lang, t), ISOTime: t.Format("2006-01-02T15:04:05Z07:00"),
			AgencyCode: l.Agency, Agency: n.agency(l.Agency), PurposeCode: l.Purpose, Purpose: n.purpose(l.Purpose),
			DatasetID: l.Dataset, Dataset: pick(lang, ds.TitleTH, ds.TitleEN, l.Dataset)}
		for _, f := range l.Fields {
			r.Fields = append(r.Fields, fieldTitle(lang, ds, f))
		}
		out = append(out, r)
	}
	return out
}

// namer resolves codes to names in one language, remembering each.
type namer struct {
	ctx      context.Context
	names    Names
	lang     string
	agencies map[string]string
	purposes map[string]string
	datasets map[string]catalog.Dataset
}

func newNamer(ctx context.Context, names Names, lang string) *namer {
	return &namer{ctx: ctx, names: names, lang: lang, agencies: map[string]string{}, purposes: map[string]string{},
		datasets: map[string]catalog.Dataset{}}
}

func (n *namer) agency(code string) string {
	if v, ok := n.agencies[code]; ok {
		return v
	}
	v := code
	if n.names != nil {
		if a, err := n.names.FindAgency(n.ctx, code); err == nil {
			v = pick(n.lang, a.NameTH, a.NameEN, code)
		}
	}
	n.agencies[code] = v
	return v
}

func (n *namer) purpose(code string) string {
	if v, ok := n.purposes[code]; ok {
		return v
	}
	v := code
	if n.names != nil {
		if p, err := n.names.FindPurpose(n.ctx, code); err == nil {
			v = pick(n.lang, p.DescriptionTH, p.DescriptionEN, code)
		}
	}
	n.purposes[code] = v
	return v
}

func (n *namer) dataset(id string) catalog.Dataset {
	if d, ok := n.datasets[id]; ok {
		return d
	}
	d := catalog.Dataset{ID: id}
	if n.names != nil {
		if found, err := n.names.FindDataset(n.ctx, id); err == nil {
			d = found
		}
	}
	n.datasets[id] = d
	return d
}

// fieldTitle is a field's title in lang, or its name.
func fieldTitle(lang string, ds catalog.Dataset, name string) string {
	for _, f := range ds.Fields {
		if f.Name == name {
			return pick(lang, f.TitleTH, f.TitleEN, name)
		}
	}
	return name
}

// pick returns the text in lang, the other language's when it has none,
// else fallback.
func pick(lang, th, en, fallback string) string {
	first, second := th, en
	if lang == langEN {
		first, second = en, th
	}
	for _, s := range []string{first, second} {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return fallback
}
