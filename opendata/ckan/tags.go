package ckan

import (
	"context"
	"slices"
	"strings"

	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// tagList is tag_list: the names (or dicts, with all_fields) of the free
// tags of active packages, those containing query when given.
func (h *Handler) tagList(_ context.Context, s *snapshot, p params) (any, error) {
	query := strings.ToLower(strings.TrimSpace(p.str("query")))
	if query == "" {
		query = strings.ToLower(strings.TrimSpace(p.str("q")))
	}
	all := p.boolean("all_fields", false)
	out := []any{}
	for _, name := range s.tagNames {
		if query != "" && !strings.Contains(strings.ToLower(name), query) {
			continue
		}
		if all {
			t := s.tags[name].tag
			out = append(out, map[string]any{"id": t.ID, "name": t.Name, "display_name": t.DisplayName, "vocabulary_id": nil})
		} else {
			out = append(out, name)
		}
	}
	return out, nil
}

// tagShow is tag_show: a tag by id or name, with its packages when
// include_datasets.
func (h *Handler) tagShow(_ context.Context, s *snapshot, p params) (any, error) {
	errs := httpapi.CKANFieldErrors{}
	id := p.required("id", errs)
	if err := check(errs); err != nil {
		return nil, err
	}
	te := s.tags[id]
	if te == nil {
		for _, t := range s.tags {
			if t.tag.ID == id {
				te = t
				break
			}
		}
	}
	if te == nil {
		return nil, notFound()
	}
	d := map[string]any{"id": te.tag.ID, "name": te.tag.Name, "display_name": te.tag.DisplayName, "vocabulary_id": nil}
	if p.boolean("include_datasets", false) {
		pkgs := slices.Clone(te.pkgs)
		slices.SortFunc(pkgs, func(a, b *entry) int { return strings.Compare(a.pkg.Name, b.pkg.Name) })
		raws := make([]any, len(pkgs))
		for i, e := range pkgs {
			raws[i] = e.raw
		}
		d["packages"] = raws
	}
	return d, nil
}
