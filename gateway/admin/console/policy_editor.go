package console

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/web"
	"github.com/gdx-exchange/gdx/policies"
)

// Editor form names: a module's source is posted as src:<file>, a file
// to drop as a remove value, a new file as new_name and new_source.
const srcPrefix = "src:"

// maxSource bounds one module's source, within the admin body limit.
const maxSource = 256 << 10

// editorView is the data of the policy editor: a textarea per module of
// the active set, one for a new file, and, after a save that failed, the
// problems and failed tests at their lines beside each module.
type editorView struct {
	view
	Base    string // the active version's label
	Modules []moduleEdit
	NewName string
	NewSrc  string
	Note    string
	Saved   string // the label of a failed draft that was stored
	// Problems are those of no module shown; NewProblems the new file's.
	Problems, NewProblems []problemAt
}

// moduleEdit is one module in the editor.
type moduleEdit struct {
	ID       string // the textarea's id
	Name     string
	Source   string
	Remove   bool
	Problems []problemAt
}

// problemAt is a problem or failed test at its line, with that line's
// text so the steward sees what it points at.
type problemAt struct {
	Row, Col int
	Line     string
	Message  string
}

// activeModules returns the active version's label and sources.
func (s *Server) activeModules(c *gin.Context) (string, policies.Modules, error) {
	vs, err := s.svc.ListVersions(c.Request.Context(), caller(c))
	if err != nil {
		return "", nil, err
	}
	i := slices.IndexFunc(vs, func(v policies.Version) bool { return v.Status == policies.StatusActive })
	if i < 0 {
		return "", policies.Modules{}, nil
	}
	d, err := s.svc.ShowVersion(c.Request.Context(), caller(c), vs[i].ID)
	return d.Label(), d.Modules, err
}

// showPolicyEditor shows the active set's modules for editing.
func (s *Server) showPolicyEditor(c *gin.Context) {
	base, mods, err := s.activeModules(c)
	if err != nil {
		s.refuse(c, err)
		return
	}
	v := &editorView{view: viewOf(c), Base: base}
	for i, name := range mods.Names() {
		v.Modules = append(v.Modules, moduleEdit{ID: "m" + strconv.Itoa(i), Name: name, Source: mods[name]})
	}
	s.site.OK(c, "editor", s.site.Page(c, "editor.title", v))
}

// submitPolicyDraft saves the edited modules as a draft through the
// service, which compiles it and runs its tests. A draft that fails is
// shown again in the editor with each problem at its line; one that
// passes goes to its page, with the impact one click away.
func (s *Server) submitPolicyDraft(c *gin.Context) {
	base, active, err := s.activeModules(c)
	if err != nil {
		s.refuse(c, err)
		return
	}
	v, d := readEditor(c, base, active)
	p := s.site.Page(c, "editor.title", v)
	if p.Errors = checkEditor(p, v, d); len(p.Errors) > 0 {
		s.site.BadRequest(c, "editor", p)
		return
	}
	ver, err := s.svc.DraftPolicy(c.Request.Context(), caller(c), d)
	if catalog.ErrorReason(err) == policies.ReasonPolicyRefused {
		v.Saved = ver.Label()
		placeProblems(v, ver.Report)
		p.Error = p.T("editor.failed", ver.Label())
		s.site.BadRequest(c, "editor", p)
		return
	}
	if err != nil {
		s.refuse(c, err)
		return
	}
	s.done(c, Prefix+"/policies/"+strconv.FormatInt(ver.ID, 10), "editor.saved", ver.Label())
}

// readEditor reads the form into the view and the draft: only files that
// differ from the active set are sent, so the draft's scope is what the
// steward changed.
func readEditor(c *gin.Context, base string, active policies.Modules) (*editorView, admin.Draft) {
	v := &editorView{view: viewOf(c), Base: base, Note: strings.TrimSpace(c.PostForm("note")),
		NewName: strings.TrimSpace(c.PostForm("new_name")), NewSrc: normalizeNewlines(c.PostForm("new_source"))}
	d := admin.Draft{Modules: policies.Modules{}, Note: v.Note}
	remove := c.PostFormArray("remove")
	for i, name := range active.Names() {
		src, posted := c.GetPostForm(srcPrefix + name)
		src = normalizeNewlines(src)
		if !posted {
			src = active[name]
		}
		m := moduleEdit{ID: "m" + strconv.Itoa(i), Name: name, Source: src, Remove: slices.Contains(remove, name)}
		v.Modules = append(v.Modules, m)
		switch {
		case m.Remove:
			d.Remove = append(d.Remove, name)
		case src != active[name]:
			d.Modules[name] = src
		}
	}
	if v.NewName != "" {
		d.Modules[v.NewName] = v.NewSrc
	}
	return v, d
}

// checkEditor finds what the form gets wrong before anything is saved.
func checkEditor(p *web.Page, v *editorView, d admin.Draft) web.FieldErrors {
	errs := web.FieldErrors{}
	switch {
	case len(v.Note) > maxNote:
		errs["note"] = p.T("note.too_long", maxNote)
	case v.Note == "":
		errs["note"] = p.T("editor.note.required")
	}
	if v.NewName != "" && !strings.HasSuffix(v.NewName, ".rego") {
		errs["new_name"] = p.T("editor.new_name.invalid")
	} else if v.NewName != "" && slices.ContainsFunc(v.Modules, func(m moduleEdit) bool { return m.Name == v.NewName }) {
		errs["new_name"] = p.T("editor.new_name.taken")
	} else if v.NewName == "" && strings.TrimSpace(v.NewSrc) != "" {
		errs["new_name"] = p.T("editor.new_name.required")
	}
	for name, src := range d.Modules {
		if len(src) > maxSource {
			errs[srcPrefix+name] = p.T("editor.source.too_long", maxSource/1024)
		}
	}
	if len(d.Modules) == 0 && len(d.Remove) == 0 {
		errs["modules"] = p.T("editor.no_change")
	}
	return errs
}

// placeProblems puts each problem and failed test beside its module.
func placeProblems(v *editorView, rep policies.Report) {
	at := func(file string, row, col int, msg string) {
		col = max(col, 1)
		for i := range v.Modules {
			if m := &v.Modules[i]; m.Name == file {
				m.Problems = append(m.Problems, problemAt{Row: row, Col: col, Line: lineOf(m.Source, row), Message: msg})
				return
			}
		}
		if file != "" && file == v.NewName {
			v.NewProblems = append(v.NewProblems, problemAt{Row: row, Col: col, Line: lineOf(v.NewSrc, row), Message: msg})
			return
		}
		if file != "" {
			msg = file + ": " + msg
		}
		v.Problems = append(v.Problems, problemAt{Row: row, Col: col, Message: msg})
	}
	for _, pr := range rep.Problems {
		at(pr.File, pr.Row, pr.Col, pr.Message)
	}
	for _, t := range rep.Failed() {
		at(t.File, t.Row, 0, t.Package+"."+t.Name+": "+testOutcome(t))
	}
}

func testOutcome(t policies.TestResult) string {
	if t.Message != "" {
		return t.Message
	}
	return "FAIL"
}

// lineOf returns line row (from 1) of src, or "".
func lineOf(src string, row int) string {
	lines := strings.Split(src, "\n")
	if row < 1 || row > len(lines) {
		return ""
	}
	return strings.TrimRight(lines[row-1], "\r")
}

// normalizeNewlines turns a textarea's CRLF line ends into LF.
func normalizeNewlines(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
