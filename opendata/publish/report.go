package publish

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Outcome is what a run did to one organisation, package or resource.
type Outcome string

// The outcomes.
const (
	Created   Outcome = "created"
	Updated   Outcome = "updated"
	Unchanged Outcome = "unchanged"
	Deleted   Outcome = "deleted"
	Failed    Outcome = "failed"
)

// Kinds of remote object, as the report names them.
const (
	KindOrganization = "organization"
	KindPackage      = "package"
	KindResource     = "resource"
)

// Tally holds the names of the objects of one kind by outcome.
type Tally struct {
	Created   []string `json:"created"`
	Updated   []string `json:"updated"`
	Unchanged []string `json:"unchanged"`
	Deleted   []string `json:"deleted"`
	Failed    []string `json:"failed"`
}

func (t *Tally) add(o Outcome, name string) {
	switch o {
	case Created:
		t.Created = append(t.Created, name)
	case Updated:
		t.Updated = append(t.Updated, name)
	case Unchanged:
		t.Unchanged = append(t.Unchanged, name)
	case Deleted:
		t.Deleted = append(t.Deleted, name)
	case Failed:
		t.Failed = append(t.Failed, name)
	}
}

// Failure is one object the remote refused or that could not be sent,
// with CKAN's type, message and field messages when CKAN said why.
type Failure struct {
	Kind    string              `json:"kind"`
	Name    string              `json:"name"`
	Action  string              `json:"action,omitempty"`
	Status  int                 `json:"status,omitempty"`
	Type    string              `json:"type,omitempty"`
	Message string              `json:"message,omitempty"`
	Fields  map[string][]string `json:"fields,omitempty"`
}

// Note is something a run did that the operator should know, though
// nothing failed: tags left out because the remote refuses them.
type Note struct {
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Message string `json:"message"`
}

// Report says what a publish run did, per kind of object, with names. It
// marshals as snake_case JSON and prints as a table (WriteTable).
type Report struct {
	Organizations Tally     `json:"organizations"`
	Packages      Tally     `json:"packages"`
	Resources     Tally     `json:"resources"`
	Failures      []Failure `json:"failures"`
	Notes         []Note    `json:"notes"`
	// CKANVersion is the remote's version as status_show reports it
	// ("" when the site hides it).
	CKANVersion string `json:"ckan_version"`
}

func newReport() *Report {
	return &Report{Organizations: emptyTally(), Packages: emptyTally(), Resources: emptyTally(), Failures: []Failure{}, Notes: []Note{}}
}

func emptyTally() Tally {
	return Tally{Created: []string{}, Updated: []string{}, Unchanged: []string{}, Deleted: []string{}, Failed: []string{}}
}

func (r *Report) tally(kind string) *Tally {
	switch kind {
	case KindOrganization:
		return &r.Organizations
	case KindResource:
		return &r.Resources
	}
	return &r.Packages
}

func (r *Report) add(kind string, o Outcome, name string) { r.tally(kind).add(o, name) }

// fail records a failure; err is CKAN's answer when it is an *APIError.
func (r *Report) fail(kind, name string, err error) {
	r.add(kind, Failed, name)
	f := Failure{Kind: kind, Name: name, Message: err.Error()}
	if e, ok := asAPIError(err); ok {
		f.Action, f.Status, f.Type, f.Message, f.Fields = e.Action, e.Status, e.Type, e.Message, e.Fields
	}
	r.Failures = append(r.Failures, f)
}

// Changed reports whether the run wrote anything to the remote.
func (r *Report) Changed() bool {
	for _, t := range []Tally{r.Organizations, r.Packages, r.Resources} {
		if len(t.Created)+len(t.Updated)+len(t.Deleted) > 0 {
			return true
		}
	}
	return false
}

// Err returns an error naming the failed objects, or nil when nothing
// failed: the command exits non-zero on it after printing the report.
func (r *Report) Err() error {
	if len(r.Failures) == 0 {
		return nil
	}
	names := make([]string, 0, len(r.Failures))
	for _, f := range r.Failures {
		names = append(names, f.Kind+" "+f.Name)
	}
	return fmt.Errorf("publish: %d failed: %s", len(r.Failures), strings.Join(names, ", "))
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// WriteTable writes the remote's version, the counts as an aligned
// table, then one line per change, note and failure (with CKAN's field
// messages), and a closing line that says whether anything changed.
func (r *Report) WriteTable(w io.Writer) error {
	var b strings.Builder
	if r.CKANVersion != "" {
		fmt.Fprintf(&b, "remote CKAN %s\n", r.CKANVersion)
	}
	fmt.Fprintf(&b, "%-13s  %7s  %7s  %9s  %7s  %6s\n", "", "created", "updated", "unchanged", "deleted", "failed")
	for _, k := range r.kinds() {
		fmt.Fprintf(&b, "%-13s  %7d  %7d  %9d  %7d  %6d\n", k.label, len(k.t.Created), len(k.t.Updated),
			len(k.t.Unchanged), len(k.t.Deleted), len(k.t.Failed))
	}
	r.writeChanges(&b)
	switch {
	case len(r.Failures) > 0:
		fmt.Fprintf(&b, "%d failed.\n", len(r.Failures))
	case !r.Changed():
		b.WriteString("Nothing changed: the remote already holds every package.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

type kindTally struct {
	label, kind string
	t           Tally
}

func (r *Report) kinds() []kindTally {
	return []kindTally{{"organizations", KindOrganization, r.Organizations},
		{"packages", KindPackage, r.Packages}, {"resources", KindResource, r.Resources}}
}

// writeChanges writes "created package x" lines, then the failures.
func (r *Report) writeChanges(b *strings.Builder) {
	for _, k := range r.kinds() {
		for _, o := range []struct {
			verb  string
			names []string
		}{{"created", k.t.Created}, {"updated", k.t.Updated}, {"deleted", k.t.Deleted}} {
			for _, n := range o.names {
				fmt.Fprintf(b, "%s %s %s\n", o.verb, k.kind, n)
			}
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(b, "NOTE %s %s: %s\n", n.Kind, n.Name, n.Message)
	}
	for _, f := range r.Failures {
		fmt.Fprintf(b, "FAILED %s %s: %s\n", f.Kind, f.Name, failureText(f))
	}
}

func failureText(f Failure) string {
	msg := f.Message
	if f.Type != "" && msg == "" {
		msg = f.Type
	}
	if len(f.Fields) > 0 {
		fe := (&APIError{Fields: f.Fields}).FieldSummary()
		if msg == "" {
			return fe
		}
		return msg + " (" + fe + ")"
	}
	return msg
}
