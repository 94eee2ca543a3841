package web

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
)

//go:embed templates
var baseTemplates embed.FS

// templates holds one parsed template set per view: web's common blocks,
// the site's common blocks over them, and the view's "content".
type templates struct {
	views map[string]*template.Template
}

// funcs are the few helpers templates share; anything that depends on
// the language is a method of Page instead.
var funcs = template.FuncMap{
	"join":       strings.Join,
	"add":        func(a, b int) int { return a + b },
	"paragraphs": Paragraphs,
}

// Paragraphs splits text into its non-blank lines, for showing a plain
// text description as paragraphs.
func Paragraphs(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// parseTemplates parses everything once, at start.
func parseTemplates(site fs.FS) (*templates, error) {
	base := template.New("").Funcs(funcs)
	base, err := parseGlob(base, baseTemplates, "templates/common/*.html")
	if err != nil {
		return nil, err
	}
	if base, err = parseGlob(base, site, "common/*.html"); err != nil {
		return nil, err
	}
	t := &templates{views: map[string]*template.Template{}}
	for _, src := range []struct {
		fsys fs.FS
		glob string
	}{{baseTemplates, "templates/views/*.html"}, {site, "views/*.html"}} {
		if err := t.addViews(base, src.fsys, src.glob); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func (t *templates) addViews(base *template.Template, fsys fs.FS, glob string) error {
	names, err := fs.Glob(fsys, glob)
	if err != nil {
		return fmt.Errorf("web: templates %s: %w", glob, err)
	}
	for _, name := range names {
		v, err := base.Clone()
		if err != nil {
			return fmt.Errorf("web: clone templates for %s: %w", name, err)
		}
		if v, err = v.ParseFS(fsys, name); err != nil {
			return fmt.Errorf("web: parse %s: %w", name, err)
		}
		if v.Lookup("content") == nil {
			return fmt.Errorf("web: view %s defines no \"content\"", name)
		}
		t.views[strings.TrimSuffix(path.Base(name), ".html")] = v
	}
	return nil
}

func parseGlob(t *template.Template, fsys fs.FS, glob string) (*template.Template, error) {
	names, err := fs.Glob(fsys, glob)
	if err != nil || len(names) == 0 {
		return t, err
	}
	t, err = t.ParseFS(fsys, names...)
	if err != nil {
		return nil, fmt.Errorf("web: parse %s: %w", glob, err)
	}
	return t, nil
}

// Views lists the names of the parsed views.
func (s *Site) Views() []string {
	out := make([]string, 0, len(s.tpl.views))
	for name := range s.tpl.views {
		out = append(out, name)
	}
	return out
}
