package dcatfeed

import (
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/dcat"
)

func TestParseSince(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2026-03-01", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), true},
		{"2026-03-01T09:30", time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC), true},
		{"2026-03-01T09:30:05", time.Date(2026, 3, 1, 9, 30, 5, 0, time.UTC), true},
		{"2026-03-01T09:30:05.123456", time.Date(2026, 3, 1, 9, 30, 5, 123456000, time.UTC), true},
		{"2026-03-01T09:30:05Z", time.Date(2026, 3, 1, 9, 30, 5, 0, time.UTC), true},
		{"2026-03-01T16:30:05+07:00", time.Date(2026, 3, 1, 16, 30, 5, 0, ict), true},
		{"2026-03-01T16:30:05.5+0700", time.Date(2026, 3, 1, 16, 30, 5, 5e8, ict), true},
		{"2026-03-01T16:30+07:00", time.Date(2026, 3, 1, 16, 30, 0, 0, ict), true},
		{" 2026-03-01 ", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), true},
		{"", time.Time{}, false},
		{"yesterday", time.Time{}, false},
		{"2026-02-30", time.Time{}, false},
		{"01/03/2026", time.Time{}, false},
		{"2026-03-01 09:30", time.Time{}, false},
		{"1772323200", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSince(tt.in)
			if (err == nil) != tt.ok || !got.Equal(tt.want) {
				t.Errorf("ParseSince(%q) = %v, %v; want %v (ok %v)", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestFrequency(t *testing.T) {
	tests := []struct{ unit, interval, want string }{
		{opendata.FrequencyYear, "1", "ANNUAL"},
		{opendata.FrequencyYear, "", "ANNUAL"},
		{opendata.FrequencyYear, "02", "BIENNIAL"},
		{opendata.FrequencyYear, "7", "IRREG"},
		{opendata.FrequencyHalfYear, "1", "ANNUAL_2"},
		{opendata.FrequencyQuarter, "1", "QUARTERLY"},
		{opendata.FrequencyMonth, "1", "MONTHLY"},
		{opendata.FrequencyMonth, "3", "QUARTERLY"},
		{opendata.FrequencyWeek, "2", "BIWEEKLY"},
		{opendata.FrequencyDay, "1", "DAILY"},
		{opendata.FrequencyWorkday, "1", "DAILY"},
		{opendata.FrequencyHour, "1", "HOURLY"},
		{opendata.FrequencyMinute, "15", "15MIN"},
		{opendata.FrequencyRealtime, "", "UPDATE_CONT"},
		{opendata.FrequencyNever, "", "NEVER"},
		{opendata.FrequencyUnknown, "", "UNKNOWN"},
		{opendata.FrequencyOther, "", "OTHER"},
	}
	for _, tt := range tests {
		if got := frequency(tt.unit, tt.interval); got != frequencyBase+tt.want {
			t.Errorf("frequency(%q, %q) = %q, want %s", tt.unit, tt.interval, got, tt.want)
		}
	}
	if got := frequency("", ""); got != "" {
		t.Errorf("no unit gave %q, want no frequency", got)
	}
}

func TestAccessRights(t *testing.T) {
	tests := []struct {
		name string
		p    opendata.Package
		want string
	}{
		{"public", opendata.Package{Classification: "public"}, dcat.AccessPublic},
		{"internal", opendata.Package{Classification: "internal"}, dcat.AccessRestrict},
		{"confidential", opendata.Package{Classification: "confidential", GDCatalog: opendata.GDCatalog{DataCategory: opendata.CategoryPublic}}, dcat.AccessRestrict},
		{"secret", opendata.Package{Classification: "secret"}, dcat.AccessRestrict},
		{"top secret", opendata.Package{Classification: "top_secret"}, dcat.AccessNone},
		{"open data category", opendata.Package{GDCatalog: opendata.GDCatalog{DataCategory: opendata.CategoryPublic}}, dcat.AccessPublic},
		{"personal data category", opendata.Package{IsOpen: true, GDCatalog: opendata.GDCatalog{DataCategory: opendata.CategoryPersonal}}, dcat.AccessRestrict},
		{"security category", opendata.Package{GDCatalog: opendata.GDCatalog{DataCategory: opendata.CategorySecurity}}, dcat.AccessNone},
		{"open licence only", opendata.Package{IsOpen: true}, dcat.AccessPublic},
		{"nothing stated", opendata.Package{}, dcat.AccessRestrict},
	}
	for _, tt := range tests {
		if got := accessRights(tt.p); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestMediaTypeAndText(t *testing.T) {
	for in, want := range map[string]string{"text/csv": "text/csv", "text/csv; charset=utf-8": "text/csv",
		"Application/JSON": "application/json", "csv": "", "": "", "text/": ""} {
		if got := mediaType(in); got != want {
			t.Errorf("mediaType(%q) = %q, want %q", in, got, want)
		}
	}
	if got := text("ใบอนุญาต 2026"); got["th"] == "" {
		t.Errorf("Thai text went under %v", got)
	}
	if got := text("Licences"); got["en"] != "Licences" {
		t.Errorf("English text went under %v", got)
	}
	if got := text("  "); len(got) != 0 {
		t.Errorf("blank text = %v", got)
	}
}
