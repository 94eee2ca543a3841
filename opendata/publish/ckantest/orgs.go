package ckantest

import (
	"net/http"

	"github.com/google/uuid"
)

// apiError is an error answer: its status and CKAN's error object.
type apiError struct {
	status int
	body   dict
}

func notFound(msg string) *apiError {
	m := "Not found"
	if msg != "" {
		m += ": " + msg
	}
	return &apiError{http.StatusNotFound, dict{"__type": "Not Found Error", "message": m}}
}

func forbidden(msg string) *apiError {
	return &apiError{http.StatusForbidden, dict{"__type": "Authorization Error", "message": "Access denied: " + msg}}
}

// invalid is a Validation Error: one entry per field.
func invalid(fields dict) *apiError {
	body := dict{"__type": "Validation Error"}
	for k, v := range fields {
		body[k] = v
	}
	return &apiError{http.StatusConflict, body}
}

// missing is get_or_bust's answer for an absent key.
func missing(key string) *apiError { return invalid(dict{key: []string{"Missing value"}}) }

func (s *Server) findOrg(ref string) dict {
	if o, ok := s.orgs[ref]; ok {
		return o
	}
	for _, o := range s.orgs {
		if o["name"] == ref {
			return o
		}
	}
	return nil
}

func (s *Server) showOrg(o dict) dict {
	out := dict{}
	for k, v := range o {
		out[k] = v
	}
	out["display_name"] = firstNonEmpty(str(o["title"]), str(o["name"]))
	out["image_display_url"] = o["image_url"]
	count := 0
	for _, p := range s.pkgs {
		if p["owner_org"] == o["id"] && p["state"] != "deleted" {
			count++
		}
	}
	out["package_count"] = count
	out["num_followers"] = 0
	return out
}

func (s *Server) organizationShow(in dict, _ bool) (any, *apiError) {
	id := str(in["id"])
	if id == "" {
		return nil, missing("id")
	}
	o := s.findOrg(id)
	if o == nil {
		return nil, notFound("")
	}
	return s.showOrg(o), nil
}

func (s *Server) organizationCreate(in dict, _ bool) (any, *apiError) {
	o, errs := s.validateOrg(in, nil)
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	o["id"], o["created"] = uuid.NewString(), s.now()
	s.orgs[o["id"].(string)] = o
	return s.showOrg(o), nil
}

// organizationPatch is CKAN's organization_patch: the shown dict updated
// with the given fields, then validated as an update.
func (s *Server) organizationPatch(in dict, _ bool) (any, *apiError) {
	id := str(in["id"])
	if id == "" {
		return nil, missing("id")
	}
	old := s.findOrg(id)
	if old == nil {
		return nil, notFound("")
	}
	patched := s.showOrg(old)
	for k, v := range in {
		patched[k] = v
	}
	patched["id"] = old["id"]
	o, errs := s.validateOrg(patched, old)
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	o["id"], o["created"] = old["id"], old["created"]
	s.orgs[old["id"].(string)] = o
	return s.showOrg(o), nil
}

// validateOrg applies default_create_group_schema (create) or its
// update form (old != nil) and returns the stored organisation.
func (s *Server) validateOrg(in dict, old dict) (dict, dict) {
	errs := dict{}
	if old == nil && str(in["id"]) != "" {
		errs["id"] = []string{"The input field id was not expected."}
	}
	name := str(in["name"])
	if msg := nameError(name); msg != "" {
		errs["name"] = []string{msg}
	} else if o := s.findOrg(name); o != nil && (old == nil || o["id"] != old["id"]) {
		errs["name"] = []string{"Group name already exists in database"}
	}
	o := dict{"name": name, "title": str(in["title"]), "description": str(in["description"]),
		"image_url": str(in["image_url"]), "type": "organization", "is_organization": true,
		"state": firstNonEmpty(str(in["state"]), "active"), "approval_status": "approved"}
	return o, errs
}
