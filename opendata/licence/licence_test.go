package licence_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/licence/licencetest"
)

func TestParseDate(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"2024-03-01", "2024-03-01", true},
		{" 2024-02-29 ", "2024-02-29", true},
		{"2567-01-15", "2024-01-15", true}, // Buddhist Era
		{"2023-02-29", "", false},
		{"2024-13-01", "", false},
		{"2024-00-10", "", false},
		{"1/3/2024", "", false},
		{"2024-3-1", "", false},
		{"20240301", "", false},
		{"", "", false},
		{"1800-01-01", "", false},
		{"2024-+3-01", "", false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			d, err := licence.ParseDate(c.in)
			if (err == nil) != c.ok || d.String() != c.want {
				t.Errorf("ParseDate(%q) = %q, %v; want %q (ok %v)", c.in, d, err, c.want, c.ok)
			}
		})
	}
}

func TestNormalizeNumber(t *testing.T) {
	cases := []struct{ in, want string }{
		{"12/2567", "12/2567"},
		{" ab-0001 ", "AB-0001"},
		{"๑๒/๒๕๖๗", "12/2567"},
		{"", ""},
		{"-12", ""},
		{"12 2567", ""},
		{"ใบ12", ""},
		{strings.Repeat("1", 41), ""},
	}
	for _, c := range cases {
		got, err := licence.NormalizeNumber(c.in)
		if got != c.want || (err == nil) != (c.want != "") {
			t.Errorf("NormalizeNumber(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestNormalizeProvince(t *testing.T) {
	for in, want := range map[string]string{
		"เชียงใหม่": "เชียงใหม่", "จังหวัดเชียงใหม่": "เชียงใหม่", "จ. เชียงใหม่": "เชียงใหม่",
		"chiang mai": "เชียงใหม่", "กรุงเทพฯ": "กรุงเทพมหานคร", "Bangkok": "กรุงเทพมหานคร", "Atlantis": "",
	} {
		if got, ok := licence.NormalizeProvince(in); got != want || ok != (want != "") {
			t.Errorf("NormalizeProvince(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(l *licence.Licence)
		field string // "" when valid
	}{
		{"valid", func(*licence.Licence) {}, ""},
		{"no expiry", func(l *licence.Licence) { l.ExpiresOn = licence.Date{} }, ""},
		{"number not normal", func(l *licence.Licence) { l.Number = "t-1" }, licence.ColNumber},
		{"bad issuer", func(l *licence.Licence) { l.Issuer = "dla" }, licence.ColIssuer},
		{"unknown type", func(l *licence.Licence) { l.Type = "casino" }, licence.ColType},
		{"bad check digit", func(l *licence.Licence) { l.Licensee.JuristicID = l.Licensee.JuristicID[:12] + "x" }, licence.ColJuristicID},
		{"no juristic id", func(l *licence.Licence) { l.Licensee.JuristicID = "" }, licence.ColJuristicID},
		{"citizen id on a company", func(l *licence.Licence) { l.Licensee.CitizenID = licencetest.CitizenID(1) }, licence.ColCitizenID},
		{"no business name", func(l *licence.Licence) { l.Licensee.BusinessName = "" }, licence.ColBusinessName},
		{"unknown province", func(l *licence.Licence) { l.Location.Province = "Atlantis" }, licence.ColProvince},
		{"half a point", func(l *licence.Licence) { l.Location.Lon = nil }, licence.ColLatitude},
		{"point in Paris", func(l *licence.Licence) { lat, lon := 48.85, 2.35; l.Location.Lat, l.Location.Lon = &lat, &lon }, licence.ColLatitude},
		{"expires before issue", func(l *licence.Licence) { l.ExpiresOn = l.IssuedOn.AddDate(0, 0, -1) }, licence.ColExpiresOn},
		{"no issue date", func(l *licence.Licence) { l.IssuedOn = licence.Date{} }, licence.ColIssuedOn},
		{"unknown status", func(l *licence.Licence) { l.Status = "pending" }, licence.ColStatus},
		{"control character", func(l *licence.Licence) { l.Office = "a\x00b" }, licence.ColOffice},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := licencetest.Juristic("DLA", 1)
			c.edit(&l)
			ps := l.Problems()
			if c.field == "" {
				if len(ps) > 0 || l.Validate() != nil {
					t.Fatalf("problems = %+v, want none", ps)
				}
				return
			}
			if len(ps) == 0 || ps[0].Field != c.field || l.Validate() == nil {
				t.Fatalf("problems = %+v, want one about %s first", ps, c.field)
			}
		})
	}
	n := licencetest.Natural("DLA", 1)
	if err := n.Validate(); err != nil {
		t.Errorf("natural person: %v", err)
	}
	n.Licensee.JuristicID = licencetest.JuristicID(1)
	if n.Validate() == nil {
		t.Error("a natural person with a juristic id passed Validate")
	}
}

func TestStatusAt(t *testing.T) {
	l := licencetest.Juristic("DLA", 1) // expires 2025-02-28
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	cases := []struct {
		status licence.Status
		now    string
		want   licence.Status
	}{
		{licence.StatusActive, "2025-02-28T16:59:59Z", licence.StatusActive},  // 23:59 in Bangkok
		{licence.StatusActive, "2025-02-28T17:00:00Z", licence.StatusExpired}, // 1 March in Bangkok
		{licence.StatusSuspended, "2025-01-01T00:00:00Z", licence.StatusSuspended},
		{licence.StatusSuspended, "2026-01-01T00:00:00Z", licence.StatusExpired},
		{licence.StatusRevoked, "2026-01-01T00:00:00Z", licence.StatusRevoked},
	}
	for _, c := range cases {
		l.Status = c.status
		if got := l.StatusAt(at(c.now)); got != c.want {
			t.Errorf("%s licence at %s reads %s, want %s", c.status, c.now, got, c.want)
		}
	}
	l.ExpiresOn, l.Status = licence.Date{}, licence.StatusActive
	if got := l.StatusAt(at("2099-01-01T00:00:00Z")); got != licence.StatusActive {
		t.Errorf("a licence without expiry reads %s in 2099", got)
	}
}

func TestPublicWithholdsNaturalPersons(t *testing.T) {
	n := licencetest.Natural("DLA", 1)
	b, err := json.Marshal(n.Public())
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{licencetest.SecretMarker, n.Licensee.CitizenID} {
		if strings.Contains(string(b), secret) {
			t.Errorf("public view holds %q: %s", secret, b)
		}
	}
	if p := n.Public(); !p.LicenseeWithheld || p.WithheldReason == "" {
		t.Errorf("public view of a natural person does not say it withholds: %+v", p)
	}
	j := licencetest.Juristic("DLA", 1).Public()
	if j.LicenseeWithheld || j.BusinessName == "" || j.JuristicID == "" || j.TypeTH != "สถานที่จำหน่ายอาหาร" {
		t.Errorf("public view of a company = %+v", j)
	}
}
