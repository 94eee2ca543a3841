package publish

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/gdx-exchange/gdx/opendata"
)

// pkgRun publishes one package; a failure stops its own work only,
// unless it is fatal.
type pkgRun struct {
	ctx context.Context
	c   Caller
	p   opendata.Package
	r   *Report
}

// publishPackage brings one package on the remote in line with p and
// returns what happened to it. The error is fatal (see fatal); any other
// failure is in the report.
func publishPackage(ctx context.Context, c Caller, remote site, p opendata.Package, orgs orgTargets, r *Report) (Outcome, error) {
	run := pkgRun{ctx: ctx, c: c, p: p, r: r}
	if p.State == opendata.StateDeleted {
		return run.delete()
	}
	if err := p.Validate(); err != nil {
		r.fail(KindPackage, p.Name, err)
		return Failed, nil
	}
	org, err := orgs.of(p)
	if err != nil {
		r.fail(KindPackage, p.Name, err)
		return Failed, nil
	}
	sent := p
	var refused []opendata.Tag
	sent.Tags, refused = remote.sendableTags(p)
	if len(refused) > 0 {
		r.Notes = append(r.Notes, tagNote(p, refused))
	}
	want, err := packageFields(sent, org)
	if err != nil {
		r.fail(KindPackage, p.Name, err)
		return Failed, nil
	}
	var got remoteDict
	err = c.Call(ctx, "package_show", map[string]any{"id": p.Name}, &got)
	switch {
	case IsNotFound(err):
		return run.create(want)
	case err != nil:
		return run.failed(KindPackage, p.Name, err, false)
	}
	return run.update(want, got)
}

// failed records err against the object, or returns it when it is fatal
// (see fatal; write says whether the failed call was a write).
func (run pkgRun) failed(kind, name string, err error, write bool) (Outcome, error) {
	if fatal(err, write) {
		return Failed, stop(err)
	}
	run.r.fail(kind, name, err)
	if kind != KindPackage {
		run.r.add(KindPackage, Failed, run.p.Name)
	}
	return Failed, nil
}

// create posts the package with its resources in one package_create.
func (run pkgRun) create(want map[string]any) (Outcome, error) {
	resources := make([]map[string]any, 0, len(run.p.Resources))
	for _, res := range run.p.Resources {
		resources = append(resources, resourceFields(res))
	}
	want["resources"] = resources
	if err := run.c.Call(run.ctx, "package_create", want, nil); err != nil {
		if got, ok := run.createdAfterAll(err); ok {
			delete(want, "resources")
			return run.update(want, got)
		}
		return run.failed(KindPackage, run.p.Name, err, true)
	}
	run.r.add(KindPackage, Created, run.p.Name)
	for _, res := range run.p.Resources {
		run.r.add(KindResource, Created, resourceName(run.p, res))
	}
	return Created, nil
}

// createdAfterAll handles a create whose retry met its own first
// attempt: the answer to the first was lost (a 5xx from a proxy), so the
// retry hears "That URL is already in use.". If package_show now finds
// the package, the run goes on as an update of it.
func (run pkgRun) createdAfterAll(err error) (remoteDict, bool) {
	e, ok := asAPIError(err)
	if !ok || e.Status != http.StatusConflict || !slices.Contains(e.Fields["name"], msgNameInUse) {
		return nil, false
	}
	var got remoteDict
	if run.c.Call(run.ctx, "package_show", map[string]any{"id": run.p.Name}, &got) != nil {
		return nil, false
	}
	return got, true
}

// update patches the package's differing fields, then its resources.
func (run pkgRun) update(want map[string]any, got remoteDict) (Outcome, error) {
	changed := false
	if patch := packagePatch(want, got); patch != nil {
		if err := run.c.Call(run.ctx, "package_patch", patch, nil); err != nil {
			return run.failed(KindPackage, run.p.Name, err, true)
		}
		changed = true
	}
	resChanged, ok, err := run.syncResources(got.str("id"), remoteResources(got))
	switch {
	case err != nil:
		return Failed, err
	case !ok:
		return Failed, nil
	case changed || resChanged:
		run.r.add(KindPackage, Updated, run.p.Name)
		return Updated, nil
	}
	run.r.add(KindPackage, Unchanged, run.p.Name)
	return Unchanged, nil
}

// syncResources creates, patches and deletes the remote resources so they
// match ours, then puts them in our order. It reports whether it wrote
// anything and whether every resource landed; the error is fatal.
func (run pkgRun) syncResources(pkgID string, remote []remoteDict) (changed, ok bool, err error) {
	match, stale := matchResources(run.p.Resources, remote)
	ids := make([]string, len(run.p.Resources)) // the remote id of each of ours
	var created []string
	for i, res := range run.p.Resources {
		id, wrote, err := run.syncResource(pkgID, res, match[i])
		if err != nil || id == "" {
			return changed, false, err
		}
		if match[i] == nil {
			created = append(created, id)
		}
		ids[i], changed = id, changed || wrote
	}
	for _, rr := range stale {
		name := run.p.Name + "/" + firstNonEmpty(rr.str("name"), rr.str("id"))
		if err := run.c.Call(run.ctx, "resource_delete", map[string]any{"id": rr.str("id")}, nil); err != nil {
			_, ferr := run.failed(KindResource, name, err, true)
			return changed, false, ferr
		}
		run.r.add(KindResource, Deleted, name)
		changed = true
	}
	reordered, err := run.reorder(pkgID, remote, stale, created, ids)
	if err != nil || reordered < 0 {
		return changed, false, err
	}
	return changed || reordered > 0, true, nil
}

// syncResource creates or patches one resource, or leaves it alone, and
// returns its remote id ("" when the remote refused it) and whether it
// wrote.
func (run pkgRun) syncResource(pkgID string, res opendata.Resource, match remoteDict) (string, bool, error) {
	name := resourceName(run.p, res)
	action, outcome, params := "resource_create", Created, resourceFields(res)
	if match != nil {
		if params = resourcePatch(res, match); params == nil {
			run.r.add(KindResource, Unchanged, name)
			return match.str("id"), false, nil
		}
		action, outcome = "resource_patch", Updated
	} else {
		params["package_id"] = pkgID
	}
	var got remoteDict
	if err := run.c.Call(run.ctx, action, params, &got); err != nil {
		_, ferr := run.failed(KindResource, name, err, true)
		return "", false, ferr
	}
	run.r.add(KindResource, outcome, name)
	return firstNonEmpty(got.str("id"), params["id"].(string)), true, nil
}

// reorder puts the remote resources in our order with
// package_resource_reorder when they are not: kept ones stay in their
// remote order and created ones are appended, as CKAN does. It returns
// 1 when it reordered, 0 when the order was right, -1 when the remote
// refused (the failure is in the report).
func (run pkgRun) reorder(pkgID string, remote, stale []remoteDict, created, want []string) (int, error) {
	var now []string
	for _, rr := range remote {
		if !slices.ContainsFunc(stale, func(s remoteDict) bool { return s.str("id") == rr.str("id") }) {
			now = append(now, rr.str("id"))
		}
	}
	now = append(now, created...)
	if slices.Equal(now, want) {
		return 0, nil
	}
	if err := run.c.Call(run.ctx, "package_resource_reorder", map[string]any{"id": pkgID, "order": want}, nil); err != nil {
		_, ferr := run.failed(KindPackage, run.p.Name, err, true)
		return -1, ferr
	}
	return 1, nil
}

// delete removes a package that gdx no longer publishes, if the remote
// still holds it.
func (run pkgRun) delete() (Outcome, error) {
	var got remoteDict
	err := run.c.Call(run.ctx, "package_show", map[string]any{"id": run.p.Name}, &got)
	switch {
	case err != nil && !IsNotFound(err):
		return run.failed(KindPackage, run.p.Name, err, false)
	case err != nil || got.str("state") == opendata.StateDeleted:
		run.r.add(KindPackage, Unchanged, run.p.Name)
		return Unchanged, nil
	}
	if err := run.c.Call(run.ctx, "package_delete", map[string]any{"id": got.str("id")}, nil); err != nil {
		return run.failed(KindPackage, run.p.Name, err, true)
	}
	run.r.add(KindPackage, Deleted, run.p.Name)
	return Deleted, nil
}

func remoteResources(got remoteDict) []remoteDict {
	list, _ := got["resources"].([]any)
	out := make([]remoteDict, 0, len(list))
	for _, v := range list {
		if m, ok := v.(map[string]any); ok {
			out = append(out, remoteDict(m))
		}
	}
	return out
}

// resourceName names a resource in the report: package/resource.
func resourceName(p opendata.Package, r opendata.Resource) string {
	return fmt.Sprintf("%s/%s", p.Name, firstNonEmpty(r.Name, r.ID))
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}
