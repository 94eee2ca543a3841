package ckantest

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/google/uuid"
)

// resourceStrings are the resource fields of default_resource_schema
// kept as strings.
var resourceStrings = []string{"url", "name", "description", "format", "hash", "resource_type",
	"url_type", "mimetype", "mimetype_inner", "cache_url"}

// validateResources applies default_resource_schema to each resource;
// errors line up with the resources, as CKAN reports them.
func (s *Server) validateResources(v any, old dict, errs dict) []dict {
	list, _ := v.([]any)
	out := []dict{}
	per := make([]dict, len(list))
	bad := false
	for i, item := range list {
		in := asDict(item)
		per[i] = dict{}
		r := dict{}
		for _, k := range resourceStrings {
			r[k] = str(in[k])
		}
		id := str(in["id"])
		switch {
		case id == "":
			id = uuid.NewString()
		case uuid.Validate(id) != nil:
			per[i]["id"], bad = []string{"Invalid id provided"}, true
		case s.resourceOwner(id) != "" && (old == nil || s.resourceOwner(id) != old["id"]):
			per[i]["id"], bad = []string{"Resource id already exists."}, true
		}
		r["id"] = id
		r["size"], r["last_modified"], r["created"] = in["size"], in["last_modified"], in["created"]
		out = append(out, r)
	}
	if bad {
		errs["resources"] = per
	}
	return out
}

// resourceOwner returns the id of the active package holding resource
// id, or "".
func (s *Server) resourceOwner(id string) string {
	for _, p := range s.pkgs {
		if p["state"] == "deleted" {
			continue
		}
		for _, r := range p["resources"].([]dict) {
			if r["id"] == id {
				return p["id"].(string)
			}
		}
	}
	return ""
}

func (s *Server) activePackageNamed(name string) dict {
	for _, p := range s.pkgs {
		if p["name"] == name && p["state"] != "deleted" {
			return p
		}
	}
	return nil
}

// findPackage finds a package by id or name, an active one first.
func (s *Server) findPackage(ref string) dict {
	if p, ok := s.pkgs[ref]; ok {
		return p
	}
	if p := s.activePackageNamed(ref); p != nil {
		return p
	}
	for _, p := range s.pkgs {
		if p["name"] == ref {
			return p
		}
	}
	return nil
}

// showPackage returns the package_show dict of a stored package.
func (s *Server) showPackage(p dict) dict {
	out := dict{}
	for k, v := range p {
		out[k] = v
	}
	out["license_title"] = p["license_id"]
	if o := s.orgs[str(p["owner_org"])]; o != nil {
		out["organization"] = s.showOrg(o)
	}
	res := []dict{}
	for i, r := range p["resources"].([]dict) {
		rr := dict{}
		for k, v := range r {
			rr[k] = v
		}
		rr["package_id"], rr["position"], rr["state"] = p["id"], i, "active"
		rr["metadata_modified"] = p["metadata_modified"]
		res = append(res, rr)
	}
	out["resources"], out["num_resources"], out["num_tags"] = res, len(res), len(p["tags"].([]dict))
	out["groups"] = []dict{}
	return out
}

func (s *Server) packageShow(in dict, _ bool) (any, *apiError) {
	id := str(in["id"])
	if id == "" {
		return nil, missing("id")
	}
	p := s.findPackage(id)
	if p == nil {
		return nil, notFound("")
	}
	return s.showPackage(p), nil
}

func (s *Server) packageCreate(in dict, _ bool) (any, *apiError) {
	p, errs := s.validatePackage(in, nil)
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	if old := s.findPackage(str(p["name"])); old != nil {
		// Only a deleted package can hold the name now; CKAN's unique
		// name column leaves room for one, so the old one goes.
		delete(s.pkgs, old["id"].(string))
	}
	now := s.now()
	p["id"], p["metadata_created"], p["metadata_modified"] = uuid.NewString(), now, now
	s.pkgs[p["id"].(string)] = p
	return s.showPackage(p), nil
}

// update is CKAN's package_update on a patched dict: validate as an
// update and store it under the old id.
func (s *Server) update(old, patched dict) (dict, *apiError) {
	p, errs := s.validatePackage(patched, old)
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	p["id"], p["metadata_created"], p["metadata_modified"] = old["id"], old["metadata_created"], s.now()
	s.pkgs[old["id"].(string)] = p
	return s.showPackage(p), nil
}

// packagePatch is CKAN's package_patch: the shown dict updated with the
// given keys (resources only when given), then package_update.
func (s *Server) packagePatch(in dict, _ bool) (any, *apiError) {
	id := str(in["id"])
	if id == "" {
		return nil, missing("id")
	}
	old := s.findPackage(id)
	if old == nil {
		return nil, notFound("")
	}
	patched := s.showPackage(old)
	delete(patched, "metadata_modified")
	for k, v := range in {
		patched[k] = v
	}
	patched["id"] = old["id"]
	p, e := s.update(old, toJSON(patched))
	if e != nil {
		return nil, e
	}
	return p, nil
}

func (s *Server) packageDelete(in dict, _ bool) (any, *apiError) {
	id := str(in["id"])
	if id == "" {
		return nil, missing("id")
	}
	p := s.findPackage(id)
	if p == nil {
		return nil, notFound("")
	}
	p["state"], p["metadata_modified"] = "deleted", s.now()
	return nil, nil
}

// resourceCreate is CKAN's resource_create: append to the package and
// package_update; a validation error is the new resource's own.
func (s *Server) resourceCreate(in dict, _ bool) (any, *apiError) {
	pkgID := str(in["package_id"])
	if pkgID == "" {
		return nil, missing("package_id")
	}
	old := s.findPackage(pkgID)
	if old == nil {
		return nil, notFound("")
	}
	shown := s.showPackage(old)
	res := append(toJSON(shown)["resources"].([]any), toJSON(in))
	shown["resources"] = res
	p, e := s.update(old, toJSON(shown))
	if e != nil {
		return nil, lastResourceError(e)
	}
	list := p["resources"].([]dict)
	return list[len(list)-1], nil
}

// resourcePatch is CKAN's resource_patch: the resource updated with the
// given keys, put back in its place, then package_update.
func (s *Server) resourcePatch(in dict, _ bool) (any, *apiError) {
	return s.changeResource(in, func(list []any, i int) []any {
		r := list[i].(dict)
		for k, v := range in {
			r[k] = v
		}
		return list
	})
}

// resourceDelete is CKAN's resource_delete: package_update without it.
func (s *Server) resourceDelete(in dict, _ bool) (any, *apiError) {
	_, e := s.changeResource(in, func(list []any, i int) []any {
		return append(list[:i], list[i+1:]...)
	})
	return nil, e
}

func (s *Server) changeResource(in dict, change func(list []any, i int) []any) (any, *apiError) {
	id := str(in["id"])
	if id == "" {
		return nil, missing("id")
	}
	owner := s.resourceOwner(id)
	if owner == "" {
		return nil, notFound("Resource was not found.")
	}
	old := s.pkgs[owner]
	shown := toJSON(s.showPackage(old))
	list := shown["resources"].([]any)
	for i, r := range list {
		if r.(dict)["id"] == id {
			shown["resources"] = change(list, i)
			p, e := s.update(old, shown)
			if e != nil {
				return nil, lastResourceError(e)
			}
			for _, r := range p["resources"].([]dict) {
				if r["id"] == id {
					return r, nil
				}
			}
			return nil, nil
		}
	}
	return nil, notFound("Resource was not found.")
}

// packageResourceReorder is CKAN's package_resource_reorder: the given
// ids first, in that order, then the rest as they were.
func (s *Server) packageResourceReorder(in dict, _ bool) (any, *apiError) {
	id := str(in["id"])
	if id == "" {
		return nil, missing("id")
	}
	if _, given := in["order"]; !given {
		return nil, missing("order")
	}
	order, isList := in["order"].([]any)
	if !isList {
		return nil, invalid(dict{"order": "Must be a list of resource"})
	}
	old := s.findPackage(id)
	if old == nil {
		return nil, notFound("")
	}
	shown := toJSON(s.showPackage(old))
	rest := shown["resources"].([]any)
	seen := map[string]bool{}
	var ordered []any
	for _, o := range order {
		rid := str(o)
		if seen[rid] {
			return nil, invalid(dict{"order": "Must supply unique resource_ids"})
		}
		seen[rid] = true
		i := slices.IndexFunc(rest, func(r any) bool { return r.(dict)["id"] == rid })
		if i < 0 {
			return nil, invalid(dict{"order": fmt.Sprintf("resource_id %s can not be found", rid)})
		}
		ordered, rest = append(ordered, rest[i]), append(rest[:i], rest[i+1:]...)
	}
	shown["resources"] = append(ordered, rest...)
	p, e := s.update(old, shown)
	if e != nil {
		return nil, e
	}
	ids := []string{}
	for _, r := range p["resources"].([]dict) {
		ids = append(ids, r["id"].(string))
	}
	return dict{"id": id, "order": ids}, nil
}

// lastResourceError narrows a package validation error to the last
// resource's, as resource_create does.
func lastResourceError(e *apiError) *apiError {
	if per, ok := e.body["resources"].([]dict); ok && len(per) > 0 {
		return invalid(per[len(per)-1])
	}
	return e
}

func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool, float64:
		return fmt.Sprint(x)
	}
	return ""
}

func asDict(v any) dict {
	d, _ := v.(dict)
	return d
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

// toJSON round-trips d through JSON, so that nested values take the
// shapes a decoded request has ([]any, map[string]any).
func toJSON(d dict) dict {
	b, _ := json.Marshal(d)
	var out dict
	_ = json.Unmarshal(b, &out)
	return out
}
