package publish

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gdx-exchange/gdx/opendata"
)

// Options shapes a run.
type Options struct {
	// Org, when set, is the name of one organisation on the remote that
	// receives every package (it must exist there already: a national
	// portal creates its organisations itself). When empty, each owner
	// agency becomes a remote organisation of its own, created or
	// updated as needed.
	Org string
}

// Progress reports one finished package, for a progress bar.
type Progress struct {
	Done, Total int
	Package     string
	Outcome     Outcome
}

// Publish makes the remote CKAN hold pkgs: it asks status_show what the
// remote runs, creates or updates their organisations (see Options.Org),
// then for each package in order
// creates it, patches the owned fields that differ (packageFields), and
// creates, patches or deletes its resources to match ours, in our order
// (package_resource_reorder). A package whose
// State is deleted is deleted on the remote. Tags the remote's tag
// validator would refuse (Thai ones on a CKAN without ckanext-thai_gdc)
// are left out and named in Report.Notes, so that the package still
// lands. An unchanged object gets no write call at all, so a second run
// changes nothing and says so.
//
// A package the remote refuses (a 409 with CKAN's field messages, a 404,
// a 5xx that outlasted the retries) is recorded in the report and the run
// goes on; Report.Err then says the run failed. A refused token (401 or
// 403), a transport failure that outlasted the retries or the end of ctx
// stops the run at once: Publish returns the report so far and that
// error, which carries CKAN's own message.
func Publish(ctx context.Context, c Caller, pkgs []opendata.Package, opts Options, progress func(Progress)) (*Report, error) {
	if opts.Org != "" && !opendata.ValidName(opts.Org) {
		return newReport(), fmt.Errorf("publish: organisation name %q must be 2-100 characters of a-z, 0-9, '-' and '_'", opts.Org)
	}
	r := newReport()
	remote, err := readSite(ctx, c)
	switch {
	case err != nil && fatal(err, false):
		return r, stop(err)
	case err != nil:
		// A site that will not say what it runs gets a stock CKAN's rules.
		r.Notes = append(r.Notes, Note{Kind: "site", Name: "status_show", Message: err.Error() + "; assuming a stock CKAN"})
	}
	r.CKANVersion = remote.Version
	orgs, err := publishOrgs(ctx, c, pkgs, opts, r)
	if err != nil {
		return r, err
	}
	for i, p := range pkgs {
		o, err := publishPackage(ctx, c, remote, p, orgs, r)
		if err != nil {
			return r, err
		}
		if progress != nil {
			progress(Progress{Done: i + 1, Total: len(pkgs), Package: p.Name, Outcome: o})
		}
	}
	return r, nil
}

// fatal reports whether err must stop the run: the token is refused for
// a write (401 or 403); the remote does not know an action we need; or
// the failure is not an answer of CKAN at all (a transport error, a page
// that is not CKAN's envelope below 500). A 403 on a read concerns one
// object (a private package of someone else), and a 5xx that outlasted
// the retries one call: the run goes on.
func fatal(err error, write bool) bool {
	e, ok := asAPIError(err)
	switch {
	case !ok:
		return true
	case e.notCKAN && e.Status < 500:
		return true
	case e.Status == http.StatusBadRequest && strings.HasPrefix(e.Message, "Bad request: Action name not known"):
		return true
	}
	return write && (e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden)
}

// stop wraps a fatal error for the caller.
func stop(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("publish: stopped: %w", err)
	}
	if e, ok := asAPIError(err); ok && e.Action == "organization_create" {
		return fmt.Errorf("publish: the CKAN refused the token: %w (creating organisations needs a sysadmin's token, "+
			"or ckan.auth.user_create_organizations; to publish under an existing organisation, name it with --org)", err)
	}
	if IsForbidden(err) {
		return fmt.Errorf("publish: the CKAN refused the token: %w", err)
	}
	if e, ok := asAPIError(err); ok && e.notCKAN {
		return fmt.Errorf("publish: stopped: the URL does not answer as CKAN's action API: %w", err)
	}
	return fmt.Errorf("publish: stopped: %w", err)
}

// orgTargets maps an organisation name of ours to its remote id; a name
// whose organisation failed maps to "".
type orgTargets struct {
	single string            // the remote id under Options.Org
	byName map[string]string // our organisation name → remote id
}

func (t orgTargets) of(p opendata.Package) (string, error) {
	if t.single != "" {
		return t.single, nil
	}
	if p.Organization == nil {
		return "", fmt.Errorf("package %s has no organisation: publish it with an organisation for all (--org)", p.Name)
	}
	id := t.byName[p.Organization.Name]
	if id == "" {
		return "", fmt.Errorf("its organisation %s failed", p.Organization.Name)
	}
	return id, nil
}

// publishOrgs makes sure every target organisation exists on the remote.
func publishOrgs(ctx context.Context, c Caller, pkgs []opendata.Package, opts Options, r *Report) (orgTargets, error) {
	if opts.Org != "" {
		var got remoteDict
		err := c.Call(ctx, "organization_show", map[string]any{"id": opts.Org}, &got)
		switch {
		case IsNotFound(err):
			return orgTargets{}, fmt.Errorf("publish: organisation %q does not exist on the remote CKAN: create it there first, or publish without --org", opts.Org)
		case err != nil:
			return orgTargets{}, stop(err)
		}
		r.add(KindOrganization, Unchanged, opts.Org)
		return orgTargets{single: got.str("id")}, nil
	}
	t := orgTargets{byName: map[string]string{}}
	for _, p := range pkgs {
		o := p.Organization
		if o == nil || p.State == opendata.StateDeleted {
			continue
		}
		if _, seen := t.byName[o.Name]; seen {
			continue
		}
		id, err := publishOrg(ctx, c, *o, r)
		if err != nil {
			return t, err
		}
		t.byName[o.Name] = id
	}
	return t, nil
}

// publishOrg creates or patches one organisation and returns its remote
// id ("" when the remote refused it; the failure is in the report). A
// create that meets the name already taken (its own first attempt, whose
// answer was lost) shows the organisation again and goes on from there.
func publishOrg(ctx context.Context, c Caller, o opendata.Organization, r *Report) (string, error) {
	want := map[string]any{"name": o.Name, "title": o.Title, "description": o.Description}
	if o.ImageURL != "" {
		want["image_url"] = o.ImageURL
	}
	for try := 0; ; try++ {
		var got remoteDict
		err := c.Call(ctx, "organization_show", map[string]any{"id": o.Name}, &got)
		action, outcome, params := "organization_create", Created, want
		switch {
		case err == nil:
			if params = packagePatch(want, got); params == nil {
				r.add(KindOrganization, Unchanged, o.Name)
				return got.str("id"), nil
			}
			action, outcome = "organization_patch", Updated
		case !IsNotFound(err):
			return "", orgFailure(err, false, o.Name, r)
		}
		var res remoteDict
		err = c.Call(ctx, action, params, &res)
		if err == nil {
			r.add(KindOrganization, outcome, o.Name)
			return res.str("id"), nil
		}
		if e, ok := asAPIError(err); try > 0 || !ok || !slices.Contains(e.Fields["name"], msgOrgNameInUse) {
			return "", orgFailure(err, true, o.Name, r)
		}
	}
}

func orgFailure(err error, write bool, name string, r *Report) error {
	if fatal(err, write) {
		return stop(err)
	}
	r.fail(KindOrganization, name, err)
	return nil
}
