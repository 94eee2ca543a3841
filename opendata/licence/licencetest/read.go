package licencetest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/opendata/licence"
)

// numbers lists numbers that sort differently by bytes and by a natural
// language collation (which ignores '-', '.' and '/').
var numbers = []string{"A-1", "A.2", "A/0", "A0", "A1", "AB", "B-0", "10/2567", "1-2567", "9"}

func testEachOrder(t *testing.T, s licence.Store) {
	const many = 2345 // more than two pages
	var dla []licence.Licence
	for i := range many {
		dla = append(dla, Juristic("DLA", i))
	}
	for i, n := range numbers {
		l := Juristic("DLA", many+i)
		l.Number = n
		dla = append(dla, l)
	}
	for start := 0; start < len(dla); start += 1000 {
		upsert(t, s, "DLA", dla[start:min(start+1000, len(dla))]...)
	}
	upsert(t, s, "DIW", Juristic("DIW", 1), Juristic("DIW", 2))
	upsert(t, s, "FDA", Natural("FDA", 1))

	var want []string
	for _, l := range append(dla, Juristic("DIW", 1), Juristic("DIW", 2), Natural("FDA", 1)) {
		want = append(want, l.Issuer+" "+l.Number)
	}
	slices.Sort(want) // byte order
	wantKeys(t, "every issuer", collect(t, s, "", -1), want)
	var dlaWant []string
	for _, k := range want {
		if strings.HasPrefix(k, "DLA ") {
			dlaWant = append(dlaWant, k)
		}
	}
	wantKeys(t, "DLA", collect(t, s, "DLA", -1), dlaWant)
	wantKeys(t, "stopping early", collect(t, s, "", 3), want[:3])
	wantKeys(t, "an issuer with none", collect(t, s, "NONE", -1), nil)
}

// collect reads Each, stopping after stop licences when stop ≥ 0.
func collect(t testing.TB, s licence.Store, issuer string, stop int) []string {
	t.Helper()
	var out []string
	for p, err := range s.Each(ctx, issuer) {
		must(t, err)
		if len(out) == stop {
			break
		}
		out = append(out, p.Issuer+" "+p.Number)
	}
	return out
}

func wantKeys(t testing.TB, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: Each gave %d licences, want %d; first difference at %s", what, len(got), len(want), firstDiff(got, want))
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("%d (%q, want %q)", i, a[i], b[i])
		}
	}
	return fmt.Sprint(min(len(a), len(b)))
}

func testCounts(t *testing.T, s licence.Store) {
	upsert(t, s, "DLA", Juristic("DLA", 1), Juristic("DLA", 2))
	upsert(t, s, "DIW", Juristic("DIW", 1))
	first := issuers(t, s)
	l := Juristic("DLA", 1)
	l.Status = licence.StatusSuspended
	upsert(t, s, "DLA", l)
	got := issuers(t, s)
	if len(got) != 2 || got[0].Issuer != "DIW" || got[0].Count != 1 || got[1].Issuer != "DLA" || got[1].Count != 2 {
		t.Fatalf("Issuers = %+v, want DIW with 1 and DLA with 2", got)
	}
	if !got[1].Modified.After(first[1].Modified) || !got[0].Modified.Equal(first[0].Modified) {
		t.Errorf("modified: DLA %v → %v (want later), DIW %v → %v (want same)",
			first[1].Modified, got[1].Modified, first[0].Modified, got[0].Modified)
	}
	for issuer, want := range map[string]int64{"": 3, "DLA": 2, "DIW": 1, "FDA": 0} {
		if n, err := s.Count(ctx, issuer); err != nil || n != want {
			t.Errorf("Count(%q) = %d, %v; want %d", issuer, n, err, want)
		}
	}
}

func issuers(t testing.TB, s licence.Store) []licence.IssuerSummary {
	t.Helper()
	out, err := s.Issuers(ctx)
	must(t, err)
	return out
}

func testSearch(t *testing.T, s licence.Store) {
	en := Juristic("DLA", 1)
	en.Licensee.BusinessName = "Green Garden 100% Co., Ltd."
	upsert(t, s, "DLA", en, Juristic("DLA", 2), Juristic("DLA", 3), Natural("DLA", 4))
	other := Juristic("DIW", 2)
	upsert(t, s, "DIW", other)
	cases := []struct {
		name string
		q    licence.SearchQuery
		want []string
	}{
		{"number under every issuer", licence.SearchQuery{Text: " t-000002 "}, []string{"DIW T-000002", "DLA T-000002"}},
		{"number of one issuer", licence.SearchQuery{Text: "T-000002", Issuer: "DIW"}, []string{"DIW T-000002"}},
		{"part of a Thai name", licence.SearchQuery{Text: "ครัวทดสอบ 3"}, []string{"DLA T-000003"}},
		{"English in any case", licence.SearchQuery{Text: "GREEN garden"}, []string{"DLA T-000001"}},
		{"a percent sign is literal", licence.SearchQuery{Text: "100%"}, []string{"DLA T-000001"}},
		{"an underscore is literal", licence.SearchQuery{Text: "ครัว_ดสอบ"}, nil},
		{"limit", licence.SearchQuery{Text: "ครัวทดสอบ", Limit: 2}, []string{"DIW T-000002", "DLA T-000002"}},
		{"a natural person by number", licence.SearchQuery{Text: "N-000004"}, []string{"DLA N-000004"}},
		{"never a natural person by name", licence.SearchQuery{Text: SecretMarker}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := s.Search(ctx, c.q)
			must(t, err)
			var got []string
			for _, p := range res {
				got = append(got, p.Issuer+" "+p.Number)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("Search(%+v) = %q, want %q", c.q, got, c.want)
			}
		})
	}
	for _, q := range []licence.SearchQuery{{Text: "  "}, {Text: strings.Repeat("ก", 100)}, {Text: "x", Issuer: "bad code"}} {
		if _, err := s.Search(ctx, q); err == nil {
			t.Errorf("Search(%.20q…) succeeded, want an invalid error", q.Text)
		}
	}
}

func testPrivacy(t *testing.T, s licence.Store) {
	n := Natural("DLA", 7)
	upsert(t, s, "DLA", n, Juristic("DLA", 8))
	var outs []licence.PublicLicence
	for p, err := range s.Each(ctx, "") {
		must(t, err)
		outs = append(outs, p)
	}
	res, err := s.Search(ctx, licence.SearchQuery{Text: n.Number})
	must(t, err)
	outs = append(outs, res...)
	b, err := json.Marshal(outs)
	must(t, err)
	for _, secret := range []string{SecretMarker, n.Licensee.CitizenID} {
		if strings.Contains(string(b), secret) {
			t.Errorf("open output holds a natural person's %q: %s", secret, b)
		}
	}
	if !strings.Contains(string(b), `"licensee_withheld":true`) {
		t.Errorf("open output does not say the licensee is withheld: %s", b)
	}
}
