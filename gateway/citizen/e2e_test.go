package citizen_test

import (
	"encoding/csv"
	"flag"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// Citizens A and B of the demo population.
var (
	citizenA = demo.PersonKey(1)
	citizenB = demo.PersonKey(2)
)

// seedTrail writes lookups of A and B, and a withholding of RD's lookups
// of A until 30 days from now. It returns the CSV lines (agency,
// purpose, dataset, fields) A must see now, newest first, and the one
// that shows once the withholding ends.
func seedTrail(t *testing.T, w *world) (now []string, withheld string) {
	t0 := w.clock.Now()
	lookup := func(ago time.Duration, kind audit.Kind, agency, purpose, grant, dataset string, key string, fields ...string) audit.Event {
		return audit.Event{Time: t0.Add(-ago), Kind: kind, Decision: audit.DecisionAllow, Agency: agency,
			Officer: "officer-7", Purpose: purpose, Dataset: dataset, Grant: grant, KeyKind: "citizen_id",
			KeyHash: key, FieldsReturned: fields, Status: 200}
	}
	a, b := w.keyHash(citizenA), w.keyHash(citizenB)
	w.append(t, lookup(5*time.Hour, audit.KindLookup, demo.DLA, "licensing", "g-dla-person", demo.PersonDataset, a, "first_name_th", "last_name_th"))
	w.append(t, lookup(4*time.Hour, audit.KindLookup, demo.RD, "tax_assessment", "g-rd-person", demo.PersonDataset, a, "address"))
	w.append(t, lookup(3*time.Hour, audit.KindLookup, demo.DLA, "welfare_eligibility", "g-dla-person", demo.PersonDataset, b, "religion"))
	batch := lookup(2*time.Hour, audit.KindBatch, demo.DLA, "welfare_eligibility", "g-dla-person", demo.PersonDataset, "", "status")
	batch.KeyHashes, batch.Keys = []string{b, a}, 2
	w.append(t, batch)
	denial := lookup(time.Hour, audit.KindDenial, demo.NOGRANT, "licensing", "", demo.PersonDataset, a)
	denial.Decision, denial.Status = audit.DecisionDeny, 403
	w.append(t, denial)
	if _, err := w.writer.AddWithhold(t.Context(), audit.Withhold{Grant: "g-rd-person", Until: t0.AddDate(0, 0, 30),
		Reason: "investigation 12/2569", SetBy: "auditor-1"}); err != nil {
		t.Fatal(err)
	}
	return []string{
			"DLA welfare_eligibility dopa.person Alive or deceased",
			"DLA licensing dopa.person Given name (Thai); Family name (Thai)",
		},
		"RD tax_assessment dopa.person Registered address"
}

// TestWhoLookedAtMyRecord walks the citizen's whole flow over real HTTP:
// sign in through the simulated Digital ID, see exactly their own
// lookups page by page, download them, see a withheld one appear when the
// withholding ends, sign out. It runs on both engines of the trail.
func TestWhoLookedAtMyRecord(t *testing.T) {
	sqldbtest.Each(t, testWhoLookedAtMyRecord)
}

func testWhoLookedAtMyRecord(t *testing.T, engine string) {
	w := newWorldOn(t, engine)
	want, withheld := seedTrail(t, w)
	b := w.browser(t)

	resp, body := b.get(w.gdxURL + "/citizen/?lang=en")
	if resp.StatusCode != 200 || !strings.Contains(body, `href="/citizen/login"`) {
		t.Fatalf("sign-in page: %d\n%s", resp.StatusCode, body)
	}
	resp, body = w.signIn(b, citizenA)
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/citizen/lookups" {
		t.Fatalf("sign-in ended at %s with %d:\n%s", resp.Request.URL, resp.StatusCode, body)
	}
	checkPage(t, resp, body)
	for _, s := range []string{"Department of Local Administration", "Deciding a business licence application", "x-xxxx-xxxxx-" + citizenA[10:12] + "-" + citizenA[12:],
		"Checking eligibility for state welfare", "Lookups: 2"} {
		if !strings.Contains(body, s) && !strings.Contains(body, strings.ReplaceAll(s, "'", "&#39;")) {
			t.Errorf("lookups page lacks %q", s)
		}
	}
	for _, s := range []string{"Tax assessment", "Religion", citizenA, citizenB} {
		if strings.Contains(body, s) {
			t.Errorf("lookups page shows %q: another citizen's or a withheld lookup, or a raw id", s)
		}
	}
	if got := csvLines(t, b, w.gdxURL+"/citizen/lookups.csv"); !slices.Equal(got, want) {
		t.Errorf("CSV = %q, want %q", got, want)
	}

	w.clock.Add(31 * 24 * time.Hour) // the withholding ends; so does the session
	if resp, _ := b.get(w.gdxURL + "/citizen/lookups"); resp.Request.URL.Path != "/citizen/" {
		t.Fatalf("an expired session reached %s", resp.Request.URL)
	}
	_, body = w.signIn(b, citizenA)
	if !strings.Contains(body, "Page 1 / 2") || !strings.Contains(body, `rel="next"`) ||
		!strings.Contains(body, "Tax assessment and collection") {
		t.Errorf("three lookups at two a page, the withheld one now shown: not so in\n%s", body)
	}
	_, page2 := b.get(w.gdxURL + "/citizen/lookups?page=2")
	if !strings.Contains(page2, "Deciding a business licence application") || !strings.Contains(page2, "Page 2 / 2") ||
		strings.Contains(page2, "Tax assessment") {
		t.Errorf("page 2 should hold only the oldest lookup:\n%s", page2)
	}
	if got, all := csvLines(t, b, w.gdxURL+"/citizen/lookups.csv"), []string{want[0], withheld, want[1]}; !slices.Equal(got, all) {
		t.Errorf("CSV after the withholding = %q, want %q", got, all)
	}

	t.Run("logout needs the form's CSRF token", func(t *testing.T) {
		if resp, body := b.post(w.gdxURL+"/citizen/logout", url.Values{"csrf": {"forged"}}); resp.StatusCode != http.StatusForbidden ||
			!strings.Contains(body, "form has expired") {
			t.Errorf("logout with a forged token: %d", resp.StatusCode)
		}
		resp, _ := b.post(w.gdxURL+"/citizen/logout", url.Values{"csrf": {field(t, csrfField, body)}})
		if resp.Request.URL.Path != "/citizen/" {
			t.Errorf("logout ended at %s", resp.Request.URL)
		}
		if resp, _ := b.get(w.gdxURL + "/citizen/lookups"); resp.Request.URL.Path != "/citizen/" {
			t.Errorf("after logout the lookups page is still reachable")
		}
	})
	checkLogs(t, w)
}

// csvLines downloads the CSV and returns its data rows as "agency purpose
// dataset fields", after checking the BOM and the header.
func csvLines(t *testing.T, b *browser, u string) []string {
	t.Helper()
	resp, body := b.get(u)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("CSV: %d %v", resp.StatusCode, resp.Header)
	}
	if !strings.HasPrefix(body, "\ufeff") {
		t.Fatalf("CSV does not start with a BOM")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil || len(recs) == 0 || recs[0][0] != "time" || len(recs[0]) != 8 {
		t.Fatalf("CSV %q: %v", body, err)
	}
	var out []string
	for _, r := range recs[1:] {
		if _, err := time.Parse(time.RFC3339, r[0]); err != nil || !strings.HasSuffix(r[0], "+07:00") {
			t.Errorf("CSV time %q is not RFC 3339 in Thailand time", r[0])
		}
		out = append(out, strings.Join([]string{r[1], r[3], r[5], r[7]}, " "))
	}
	return out
}

// checkPage checks the headers every page must carry.
func checkPage(t *testing.T, resp *http.Response, body string) {
	t.Helper()
	h := resp.Header
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'", "form-action 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("%s: CSP %q lacks %q", resp.Request.URL.Path, csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "script-src") || strings.Contains(body, "<script") ||
		strings.Contains(body, " style=") {
		t.Errorf("%s: the page allows or carries inline script or style", resp.Request.URL.Path)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" || h.Get("Cache-Control") != "no-store" {
		t.Errorf("%s: headers %v", resp.Request.URL.Path, h)
	}
}

// checkLogs fails if any log line of either server holds a citizen id.
func checkLogs(t *testing.T, w *world) {
	t.Helper()
	logs := w.logs.String()
	if !strings.Contains(logs, "citizen: signed in") {
		t.Fatalf("the logs were not captured:\n%s", logs)
	}
	for _, id := range []string{citizenA, citizenB} {
		for _, form := range []string{id, id[:1] + "-" + id[1:5] + "-" + id[5:10] + "-" + id[10:12] + "-" + id[12:]} {
			if strings.Contains(logs, form) {
				t.Errorf("a citizen id is in the logs:\n%s", logs)
			}
		}
	}
}

// TestThaiAndEnglish checks that the pages speak the chosen language and
// remember it.
func TestThaiAndEnglish(t *testing.T) {
	w := newWorld(t)
	b := w.browser(t)
	for _, c := range []struct{ query, want, not string }{
		{"?lang=th", "ใครเข้าดูข้อมูลของฉัน", "Who looked at my record"},
		{"", "ใครเข้าดูข้อมูลของฉัน", "Who looked at my record"}, // remembered
		{"?lang=en", "Who looked at my record", "ใครเข้าดูข้อมูลของฉัน"},
	} {
		resp, body := b.get(w.gdxURL + "/citizen/" + c.query)
		checkPage(t, resp, body)
		if !strings.Contains(body, c.want) || strings.Contains(body, c.not) {
			t.Errorf("/citizen/%s: want %q and not %q", c.query, c.want, c.not)
		}
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestCSVGolden downloads the CSV in both languages at a fixed time and
// compares it byte for byte with testdata/lookups.<lang>.csv.
func TestCSVGolden(t *testing.T) {
	w := newWorldAt(t, sqldb.SQLite, time.Date(2026, time.December, 1, 9, 0, 0, 0, time.UTC))
	seedTrail(t, w)
	b := w.browser(t)
	w.signIn(b, citizenA)
	for _, lang := range []string{"th", "en"} {
		t.Run(lang, func(t *testing.T) {
			_, body := b.get(w.gdxURL + "/citizen/lookups.csv?lang=" + lang)
			path := filepath.Join("testdata", "lookups."+lang+".csv")
			if *update {
				if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if body != string(want) {
				t.Errorf("CSV differs from %s:\n%s", path, body)
			}
		})
	}
}

// TestSignInAcrossReplicas: behind a balancer that alternates between
// two replicas, a citizen's sign-in begun on one comes back from Digital
// ID to the other, and every later page, either replica's, knows them,
// until they sign out: the sessions live in the shared database. With
// each replica keeping sessions in its own memory the same walk fails.
func TestSignInAcrossReplicas(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		w := newWorldWith(t, engine, time.Now().UTC().Truncate(time.Second), 2, true)
		seedTrail(t, w)
		b := w.browser(t)
		resp, body := w.signIn(b, citizenA)
		if resp.StatusCode != 200 || resp.Request.URL.Path != "/citizen/lookups" {
			t.Fatalf("sign-in across replicas ended at %s with %d:\n%s", resp.Request.URL, resp.StatusCode, body)
		}
		for i := range 4 { // both replicas, twice
			if resp, body := b.get(w.gdxURL + "/citizen/lookups?lang=en"); resp.StatusCode != 200 || !strings.Contains(body, "DLA") {
				t.Fatalf("page %d after signing in: %d\n%s", i, resp.StatusCode, body)
			}
		}
	})
	t.Run("memory sessions fail", func(t *testing.T) {
		w := newWorldWith(t, sqldb.SQLite, time.Now().UTC().Truncate(time.Second), 2, false)
		b := w.browser(t)
		if resp, _ := w.signIn(b, citizenA); resp.Request.URL.Path == "/citizen/lookups" && resp.StatusCode == 200 {
			t.Fatal("without shared sessions the sign-in should not survive the other replica")
		}
	})
}
