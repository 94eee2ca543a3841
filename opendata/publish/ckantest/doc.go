// Package ckantest is a strict imitation of the write side of CKAN's
// action API, for tests only: an httptest server that answers
// organization_show/create/patch, package_show/create/patch/delete,
// package_resource_reorder and resource_create/patch/delete the way
// CKAN 2.10 and later do (read from ckan/ckan at 2.13.0a0, commit
// 2dbe2c1: logic/action/{create,update,patch,delete}.py, logic/schema,
// logic/validators.py, views/api.py). By default
// (ThaiGDC) it behaves as data.go.th does: CKAN with ckanext-scheming and
// ckanext-thai_gdc's dataset schema, which keeps the GD-Catalog fields at
// the top level, requires its required fields ("Missing value", "Select
// at least one") and checks the choices its validators check
// (data_category, and the multiple choices objective, data_format and
// data_language), and takes Thai tags as thai_gdc's tag validator does.
// SetSchema(Core) makes it a stock CKAN, which drops every field outside
// its default schema and refuses tags with Thai vowel or tone marks
// (Python's \w has no combining marks). status_show names the
// extensions accordingly.
//
// It validates like CKAN: names of 2–100 characters of lowercase ASCII
// letters, digits, '-' and '_' (not "new", "edit" or "search"); required
// fields ("Missing value"); owner_org must name an existing organisation;
// unique package and organisation names (409 "That URL is already in
// use." / "Group name already exists in database"); package and
// organisation ids only for sysadmins; tags of 2–100 word characters,
// spaces, '-', '_' or '.'; duplicate extras keys; resource ids that are
// UUIDs used by no other package. Writes need a known API token in the
// Authorization header: without one the caller is anonymous and gets
// CKAN's 403 Authorization Error ("Access denied: Action package_create
// requires an authenticated user"). An unknown action is a 400 whose body
// is CKAN's bare JSON string. package_patch changes only the fields given
// and replaces the resources only when they are given; resource_create,
// resource_patch and resource_delete go through the same package update
// as in CKAN. As in CKAN 2.9 and later, a resource's url is optional and
// defaults to "".
//
// The server keeps its state in memory, so a test can assert exactly
// what the remote holds (Packages, Organizations), count the calls it
// received (Calls, Writes), and inject transient failures (FailNext).
//
// NOTE: only tests import ckantest. It imports opendata (for the
// GD-Catalog choices) and internal/httpapi (Python reprs in messages).
package ckantest
