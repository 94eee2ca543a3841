package publish

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/gdx-exchange/gdx/opendata"
)

// remoteDict is a CKAN dict as package_show or organization_show
// returns it.
type remoteDict map[string]any

func (d remoteDict) str(key string) string {
	s, _ := d[key].(string)
	return s
}

// packageFields returns the package fields that publish owns, in the
// shape CKAN's write API takes them: the core metadata, tags, extras,
// the Thai GD-Catalog fields (top level, as ckanext-scheming with the
// thai_gdc schema keeps them) and the owning organisation's remote id.
// Everything else on the remote (private, groups, fields another tool
// set) is left alone.
func packageFields(p opendata.Package, ownerOrg string) (map[string]any, error) {
	m := map[string]any{
		"name": p.Name, "title": p.Title, "notes": p.Notes, "url": p.URL,
		"author": p.Author, "author_email": p.AuthorEmail,
		"maintainer": p.Maintainer, "maintainer_email": p.MaintainerEmail,
		"version": p.Version, "license_id": p.LicenseID, "owner_org": ownerOrg,
		"state": opendata.StateActive,
	}
	tags := make([]map[string]string, 0, len(p.Tags))
	for _, t := range p.Tags {
		tags = append(tags, map[string]string{"name": t.Name})
	}
	m["tags"] = tags
	extras := make([]map[string]string, 0, len(p.Extras))
	for _, e := range p.Extras {
		extras = append(extras, map[string]string{"key": e.Key, "value": e.Value})
	}
	m["extras"] = extras
	gd, err := json.Marshal(p.GDCatalog)
	if err != nil {
		return nil, fmt.Errorf("encode GD-Catalog fields of %s: %w", p.Name, err)
	}
	var gdFields map[string]any
	if err := json.Unmarshal(gd, &gdFields); err != nil {
		return nil, fmt.Errorf("encode GD-Catalog fields of %s: %w", p.Name, err)
	}
	for k, v := range gdFields {
		m[k] = v
	}
	return m, nil
}

// gdKeys are the GD-Catalog fields' names, as packageFields sends them.
var gdKeys = func() map[string]bool {
	b, _ := json.Marshal(opendata.GDCatalog{})
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	keys := map[string]bool{}
	for k := range m {
		keys[k] = true
	}
	return keys
}()

// packagePatch returns the owned fields whose value on the remote
// differs from want, with the remote id to patch; nil when nothing
// differs. A GD-Catalog field that package_show does not return at all
// is one the remote does not keep (a CKAN without thai_gdc's schema
// drops it): patching it again would change nothing, so it is skipped
// and a second run stays silent.
func packagePatch(want map[string]any, remote remoteDict) map[string]any {
	patch := map[string]any{}
	for k, v := range want {
		if _, shown := remote[k]; gdKeys[k] && !shown {
			continue
		}
		if k != "name" && !sameField(k, v, remote[k]) {
			patch[k] = v
		}
	}
	if len(patch) == 0 {
		return nil
	}
	patch["id"] = remote.str("id")
	return patch
}

// sameField compares one owned field as CKAN returns it: missing, null,
// "" and [] are all empty; tags compare by name and extras by key and
// value, in any order; multiple-choice lists in any order (scheming
// stores them in the order of its choices).
func sameField(key string, want, got any) bool {
	switch key {
	case "tags":
		return equalSorted(pluck(want, "name", ""), pluck(got, "name", ""))
	case "extras":
		return equalSorted(pluck(want, "key", "value"), pluck(got, "key", "value"))
	}
	return equalSorted(flat(want), flat(got))
}

// flat turns a scalar or a list into its string values.
func flat(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		if x == "" {
			return nil
		}
		return []string{x}
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, flat(e)...)
		}
		return out
	}
	return []string{fmt.Sprint(v)}
}

// pluck reads a list of objects (ours or CKAN's) into "k=v" strings.
func pluck(v any, key, value string) []string {
	b, _ := json.Marshal(v)
	var items []map[string]any
	_ = json.Unmarshal(b, &items)
	out := make([]string, 0, len(items))
	for _, it := range items {
		s := fmt.Sprint(it[key])
		if value != "" {
			s += "=" + fmt.Sprint(it[value])
		}
		out = append(out, s)
	}
	return out
}

func equalSorted(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = sortedCopy(a), sortedCopy(b)
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sortedCopy(xs []string) []string {
	out := append([]string(nil), xs...)
	sort.Strings(out)
	return out
}

// resourceFields returns a resource as resource_create takes it. Our
// stable id goes along so that the next run finds the resource by id.
func resourceFields(r opendata.Resource) map[string]any {
	return map[string]any{
		"id": r.ID, "url": r.URL, "name": r.Name, "description": r.Description,
		"format": r.Format, "mimetype": r.Mimetype, "resource_type": r.ResourceType,
	}
}

// resourcePatch returns the owned resource fields (url, name,
// description, format) that differ on the remote, with the remote id;
// nil when none does. CKAN normalises formats (clean_format), so they
// compare without case.
func resourcePatch(r opendata.Resource, remote remoteDict) map[string]any {
	patch := map[string]any{}
	for k, v := range map[string]string{"url": r.URL, "name": r.Name, "description": r.Description} {
		if remote.str(k) != v {
			patch[k] = v
		}
	}
	if !strings.EqualFold(remote.str("format"), r.Format) {
		patch["format"] = r.Format
	}
	if len(patch) == 0 {
		return nil
	}
	patch["id"] = remote.str("id")
	return patch
}

// matchResources pairs each of ours with a remote resource: by id
// first, then by URL, then by name. It returns the remote match of each
// of ours (nil if none) and the remote resources left over.
func matchResources(ours []opendata.Resource, remote []remoteDict) ([]remoteDict, []remoteDict) {
	used := make([]bool, len(remote))
	match := make([]remoteDict, len(ours))
	for _, key := range []func(opendata.Resource) (string, string){
		func(r opendata.Resource) (string, string) { return "id", r.ID },
		func(r opendata.Resource) (string, string) { return "url", r.URL },
		func(r opendata.Resource) (string, string) { return "name", r.Name },
	} {
		for i, r := range ours {
			if match[i] != nil {
				continue
			}
			field, v := key(r)
			for j, rr := range remote {
				if !used[j] && v != "" && rr.str(field) == v {
					match[i], used[j] = rr, true
					break
				}
			}
		}
	}
	var rest []remoteDict
	for j, rr := range remote {
		if !used[j] {
			rest = append(rest, rr)
		}
	}
	return match, rest
}
