package integration

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var consoleVersion = regexp.MustCompile(`/console/policies/(\d+)$`)

// consoleLogin signs a demo steward in to the console in the tab.
func consoleLogin(t *testing.T, b *tab, d *runningDemo, username string) {
	t.Helper()
	var creds []struct{ Username, Password string }
	if err := json.Unmarshal(readFile(t, d.Dir, "stewards.json"), &creds); err != nil {
		t.Fatal(err)
	}
	for _, c := range creds {
		if c.Username == username {
			b.open(d.Info.AdminURL + "/console/login?lang=en")
			b.typeInto("#username", c.Username)
			b.typeInto("#password", c.Password)
			b.click(`form[action="/console/login"] button[type=submit]`)
			if strings.Contains(b.location(), "/console/login") {
				t.Fatalf("%s could not sign in to the console: %s", username, b.text("main"))
			}
			return
		}
	}
	t.Fatalf("no steward %s in stewards.json", username)
}

// setTextarea replaces a textarea's text, as a steward pasting a module.
func setTextarea(b *tab, name, text string) {
	src, _ := json.Marshal(text)
	sel, _ := json.Marshal(`textarea[name="` + name + `"]`)
	eval[bool](b, "fill "+name, `(() => { const e = document.querySelector(`+string(sel)+`); e.value = `+string(src)+`; return true })()`)
}

// TestBrowserStewardNarrowsAPolicy walks the two-person policy workflow in
// the steward console: a DOPA steward drafts a module that withholds birth
// dates, reads the impact, is refused approving it, a second steward
// approves and activates it, a real lookup through the agency API loses the
// field, and a rollback brings it back.
func TestBrowserStewardNarrowsAPolicy(t *testing.T) {
	author, approver := newTab(t), newTab(t)
	d := startDemo(t, t.TempDir())
	person := d.sampleKey(t, "dopa.person")
	path := "/v1/datasets/dopa.person/records/" + person + "?fields=title,birth_date"
	if _, a := d.lookup(t, "DLA", "licensing", http.MethodGet, path, nil); a.Record["birth_date"] == nil {
		t.Fatalf("before: %+v", a)
	}

	consoleLogin(t, author, d, "dopa-steward")
	author.open(d.Info.AdminURL + "/console/policies/new")
	setTextarea(author, "src:owner/dopa/policy.rego", withholdBirthDate)
	setTextarea(author, "src:owner/dopa/policy_test.rego", withholdBirthDateTest)
	author.typeInto("#note", "withhold birth dates")
	author.click(`form.editor button[type=submit]`)
	m := consoleVersion.FindStringSubmatch(author.location())
	if m == nil {
		t.Fatalf("the draft was not saved: %s\n%.2000s", author.location(), author.text("main"))
	}
	version := d.Info.AdminURL + "/console/policies/" + m[1]
	author.open(version + "/impact")
	if impact := author.text("main"); !strings.Contains(impact, "birth_date") || !strings.Contains(impact, "DLA") {
		t.Errorf("the impact does not show DLA losing birth_date:\n%.2000s", impact)
	}
	author.open(version)
	author.click(`form[action$="/approve"] button`)
	if page := author.text("main"); !strings.Contains(page, "may not") {
		t.Errorf("the author's own approval was not refused:\n%.1500s", page)
	}

	consoleLogin(t, approver, d, "dopa-approver")
	approver.open(version)
	approver.click(`form[action$="/approve"] button`)
	approver.open(version)
	approver.click(`form[action$="/activate"] button`)
	waitForLookup(t, d, path, func(a lookupAnswer) bool {
		return a.Record["birth_date"] == nil && withheldFor(a, "birth_date", "owner_withheld")
	})

	approver.open(d.Info.AdminURL + "/console/policies/1")
	approver.typeInto("#note", "undo the narrowing")
	approver.click(`form[action$="/rollback"] button`)
	waitForLookup(t, d, path, func(a lookupAnswer) bool { return a.Record["birth_date"] != nil })
}
