package digitalid

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"slices"
)

//go:embed templates/*.html templates/login.css
var templateFiles embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{"t": text}).ParseFS(templateFiles, "templates/*.html"))

var loginCSS = func() []byte {
	b, err := templateFiles.ReadFile("templates/login.css")
	if err != nil {
		panic(err)
	}
	return b
}()

// text returns the label of a message key; an unknown key shows as
// itself, which a test catches.
func text(key string) label {
	if l, ok := labels[key]; ok {
		return l
	}
	return label{key, key}
}

// loginView fills templates/login.html.
type loginView struct {
	Request  string // the pending login's handle
	Client   string
	Error    string // a message key
	Citizens []Citizen
	Action   string
	CSS      string
}

func (p *Provider) loginPage(w http.ResponseWriter, r *http.Request, status int, v loginView) {
	v.Citizens, v.Action, v.CSS = p.cfg.Citizens, p.Endpoint("/authorize"), p.Endpoint("/static/login.css")
	targets := []string{}
	if c, ok := p.clients[v.Client]; ok {
		for _, u := range c.RedirectURIs {
			targets = append(targets, origin(u))
		}
	}
	slices.Sort(targets)
	p.render(w, status, "login.html", v, slices.Compact(targets)...)
}

func (p *Provider) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	p.render(w, status, "error.html", struct{ Message, CSS string }{msg, p.Endpoint("/static/login.css")})
}

func (p *Provider) render(w http.ResponseWriter, status int, name string, v any, formTargets ...string) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, v); err != nil {
		p.log.Error("digitalid: render page", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	pageHeaders(w, formTargets...)
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (p *Provider) handleCSS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(loginCSS)
}
