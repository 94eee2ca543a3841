package ckan

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/opendata"
)

// group is an organisation or a group with its active packages.
type group struct {
	isOrg                         bool
	id, name, title, desc, imgURL string
	created                       opendata.Time
	pkgs                          []*entry
}

// collection holds the organisations or the groups of a snapshot.
type collection struct {
	list  []*group // by name
	byKey map[string]*group
}

func newCollection() *collection { return &collection{byKey: map[string]*group{}} }

func (c *collection) add(g *group, e *entry) {
	have := c.byKey[g.id]
	if have == nil {
		have = g
		c.byKey[g.id], c.byKey[g.name] = g, g
		c.list = append(c.list, g)
	}
	have.pkgs = append(have.pkgs, e)
}

func (c *collection) sortByName() *collection {
	slices.SortFunc(c.list, func(a, b *group) int { return strings.Compare(a.name, b.name) })
	return c
}

// organizations collects the organisations of the active packages;
// created dates them (firstCreated).
func organizations(active []*entry, created map[string]opendata.Time) *collection {
	c := newCollection()
	for _, e := range active {
		if o := e.pkg.Organization; o != nil {
			c.add(&group{isOrg: true, id: o.ID, name: o.Name, title: o.Title, desc: o.Description, imgURL: o.ImageURL,
				created: created[o.ID]}, e)
		}
	}
	return c.sortByName()
}

// groups collects the groups of the active packages.
func groups(active []*entry, created map[string]opendata.Time) *collection {
	c := newCollection()
	for _, e := range active {
		for _, g := range e.pkg.Groups {
			c.add(&group{id: g.ID, name: g.Name, title: g.Title, desc: g.Description, imgURL: g.ImageDisplayURL,
				created: created[g.ID]}, e)
		}
	}
	return c.sortByName()
}

// dict is CKAN's group_dictize of g; packages adds the package dicts.
func (g *group) dict(withPackages bool) map[string]any {
	typ := "group"
	if g.isOrg {
		typ = "organization"
	}
	d := map[string]any{"id": g.id, "name": g.name, "title": g.title, "display_name": cmp.Or(g.title, g.name),
		"type": typ, "description": g.desc, "image_url": g.imgURL, "image_display_url": g.imgURL,
		"created": g.created, "is_organization": g.isOrg, "approval_status": "approved", "state": opendata.StateActive,
		"package_count": len(g.pkgs), "num_followers": 0, "extras": []any{}, "groups": []any{}, "tags": []any{},
		"users": []any{}}
	if withPackages {
		pkgs := slices.Clone(g.pkgs)
		slices.SortFunc(pkgs, func(a, b *entry) int { return b.pkg.MetadataModified.Compare(a.pkg.MetadataModified.Time) })
		raws := make([]any, len(pkgs))
		for i, e := range pkgs {
			raws[i] = e.raw
		}
		d["packages"] = raws
	}
	return d
}

func (h *Handler) organizationList(_ context.Context, s *snapshot, p params) (any, error) {
	return listGroups(s.orgs, p, "organizations")
}

func (h *Handler) groupList(_ context.Context, s *snapshot, p params) (any, error) {
	return listGroups(s.groups, p, "groups")
}

// listGroups is CKAN's _group_or_org_list: filter by names and q, sort by
// one of name, title or package_count, page, and list names or dicts.
func listGroups(c *collection, p params, namesKey string) (any, error) {
	errs := httpapi.CKANFieldErrors{}
	limit, hasLimit := p.natural("limit", errs)
	offset, _ := p.natural("offset", errs)
	if err := check(errs); err != nil {
		return nil, err
	}
	field, desc, err := groupSort(cmp.Or(p.str("sort"), p.str("order_by"), "title"))
	if err != nil {
		return nil, err
	}
	all := p.boolean("all_fields", false)
	maxLimit := 1000
	if all {
		maxLimit = 25
	}
	if !hasLimit || limit == 0 || limit > maxLimit {
		limit = maxLimit
	}
	list := filterGroups(c.list, p.str(namesKey), strings.TrimSpace(p.str("q")))
	sortGroups(list, field, desc)
	list = page(list, offset, limit, true)
	out := make([]any, len(list))
	for i, g := range list {
		if all {
			out[i] = g.dict(false)
		} else {
			out[i] = g.name
		}
	}
	return out, nil
}

// groupSort reads a group list sort as CKAN's _unpick_search does.
func groupSort(sort string) (field string, desc bool, err error) {
	if s := strings.TrimSpace(sort); s == "packages" || s == "package_count" {
		return "package_count", true, nil
	}
	parts := strings.Split(sort, ",")
	if len(parts) > 1 {
		return "", false, catalog.Errorf(catalog.KindInvalid, "Too many sort criteria provided only 1 allowed")
	}
	words := strings.Fields(parts[0])
	if len(words) == 0 {
		return "title", false, nil
	}
	field, order := words[0], "asc"
	if len(words) > 1 {
		order = strings.ToLower(words[1])
	}
	if !slices.Contains([]string{"name", "packages", "package_count", "title"}, field) {
		return "", false, fieldMessage(fmt.Sprintf("Cannot sort by field `%s`", field))
	}
	if order != "asc" && order != "desc" {
		return "", false, fieldMessage(fmt.Sprintf("Invalid sort direction `%s`", order))
	}
	if field == "packages" {
		field = "package_count"
	}
	return field, order == "desc", nil
}

// fieldMessage is CKAN's ValidationError({'message': msg}).
func fieldMessage(msg string) error { return catalog.Errorf(catalog.KindInvalid, "%s", msg) }

func filterGroups(list []*group, names, q string) []*group {
	var wanted map[string]bool
	if names != "" {
		wanted = map[string]bool{}
		for _, n := range strings.Split(strings.Trim(names, "[]"), ",") {
			wanted[strings.Trim(strings.TrimSpace(n), `"'`)] = true
		}
	}
	q = strings.ToLower(q)
	var out []*group
	for _, g := range list {
		if wanted != nil && !wanted[g.name] {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(g.name+"\x00"+g.title+"\x00"+g.desc), q) {
			continue
		}
		out = append(out, g)
	}
	return out
}

func sortGroups(list []*group, field string, desc bool) {
	slices.SortStableFunc(list, func(a, b *group) int {
		var c int
		switch field {
		case "name":
			c = strings.Compare(a.name, b.name)
		case "package_count":
			c = cmp.Compare(len(a.pkgs), len(b.pkgs))
		default:
			c = strings.Compare(a.title, b.title)
		}
		if desc {
			return -c
		}
		return c
	})
}

func (h *Handler) organizationShow(_ context.Context, s *snapshot, p params) (any, error) {
	return showGroup(s.orgs, p)
}

func (h *Handler) groupShow(_ context.Context, s *snapshot, p params) (any, error) {
	return showGroup(s.groups, p)
}

func showGroup(c *collection, p params) (any, error) {
	errs := httpapi.CKANFieldErrors{}
	id := p.required("id", errs)
	if err := check(errs); err != nil {
		return nil, err
	}
	g := c.byKey[id]
	if g == nil {
		return nil, notFound()
	}
	return g.dict(p.boolean("include_datasets", false)), nil
}

// groupPackageShow is group_package_show: a package_search of the group.
func (h *Handler) groupPackageShow(_ context.Context, s *snapshot, p params) (any, error) {
	errs := httpapi.CKANFieldErrors{}
	id := p.required("id", errs)
	if err := check(errs); err != nil {
		return nil, err
	}
	q := params{}
	if limit := strings.TrimSpace(p.str("limit")); limit != "" {
		n, ok := p.integer("limit", httpapi.CKANFieldErrors{})
		if !ok || n < 0 {
			return nil, fieldMessage("Limit must be a positive integer")
		}
		q["rows"] = limit
	}
	g := s.groups.byKey[id]
	if g == nil {
		if g = s.orgs.byKey[id]; g == nil {
			return nil, notFound()
		}
	}
	q["fq"] = "groups:" + quoteTerm(g.name)
	res, err := h.search(s, q)
	if err != nil {
		return nil, err
	}
	return res.Results, nil
}

// quoteTerm quotes a value for a Lucene field query.
func quoteTerm(v string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(v, `\`, `\\`), `"`, `\"`) + `"`
}
