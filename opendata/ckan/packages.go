package ckan

import (
	"context"
	"encoding/json"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// packageList is package_list: the names of active public packages in
// name order, paged by limit and offset.
func (h *Handler) packageList(_ context.Context, s *snapshot, p params) (any, error) {
	errs := httpapi.CKANFieldErrors{}
	limit, hasLimit := p.natural("limit", errs)
	offset, _ := p.natural("offset", errs)
	if err := check(errs); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(s.active))
	for _, e := range s.active {
		if !e.pkg.Private {
			names = append(names, e.pkg.Name)
		}
	}
	return page(names, offset, limit, hasLimit && limit > 0), nil
}

// page returns xs[offset:offset+limit], clamped.
func page[T any](xs []T, offset, limit int, limited bool) []T {
	if offset >= len(xs) {
		return []T{}
	}
	xs = xs[offset:]
	if limited && limit < len(xs) {
		xs = xs[:limit]
	}
	return xs
}

// lookup finds a package by id or name, as model.Package.get does.
func (s *snapshot) lookup(idOrName string) *entry {
	if e, ok := s.byID[idOrName]; ok {
		return e
	}
	return s.byName[idOrName]
}

// packageShow is package_show. A deleted package is refused as CKAN's
// default permission labels refuse it to an anonymous user: it exists, but
// only its organisation's members may read it.
func (h *Handler) packageShow(_ context.Context, s *snapshot, p params) (any, error) {
	key := p.str("id")
	if key == "" {
		errs := httpapi.CKANFieldErrors{}
		key = p.required("name_or_id", errs)
		if err := check(errs); err != nil {
			return nil, err
		}
	}
	e := s.lookup(key)
	if e == nil {
		return nil, notFound()
	}
	if e.pkg.State != "active" || e.pkg.Private {
		return nil, catalog.Errorf(catalog.KindForbidden, "User  not authorized to read package %s", e.pkg.ID)
	}
	return e.raw, nil
}

// resourceShow is resource_show.
func (h *Handler) resourceShow(_ context.Context, s *snapshot, p params) (any, error) {
	errs := httpapi.CKANFieldErrors{}
	id := p.required("id", errs)
	if err := check(errs); err != nil {
		return nil, err
	}
	ref, ok := s.resources[id]
	if !ok {
		return nil, notFound()
	}
	if ref.e.pkg.State != "active" || ref.e.pkg.Private {
		return nil, catalog.Errorf(catalog.KindForbidden, "User  not authorized to read resource %s", id)
	}
	return ref.e.pkg.Resources[ref.i], nil
}

// currentPackageList is current_package_list_with_resources: a
// package_search for everything, most recently modified first.
func (h *Handler) currentPackageList(ctx context.Context, s *snapshot, p params) (any, error) {
	errs := httpapi.CKANFieldErrors{}
	limit, hasLimit := p.natural("limit", errs)
	offset, _ := p.natural("offset", errs)
	pageNo, hasPage := p.positive("page", errs)
	if err := check(errs); err != nil {
		return nil, err
	}
	if !p.has("offset") && hasPage {
		offset = 0
		if hasLimit && limit > 0 {
			offset = (pageNo - 1) * limit
		}
	}
	q := params{"q": "", "start": json.Number(itoa(offset))}
	if hasLimit {
		q["rows"] = json.Number(itoa(limit))
	}
	res, err := h.search(s, q)
	if err != nil {
		return nil, err
	}
	return res.Results, nil
}
