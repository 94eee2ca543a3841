package licencetest

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/opendata/licence"
)

// variedNames are business names that break naive writers and readers:
// Thai text, quotes, commas, a leading quote and a semicolon.
var variedNames = []string{
	`ร้าน "ครัวคุณยาย", สาขา 2`, `Somchai "Best" Noodles, Ltd.`, "บริษัท ก่อสร้างไทย จำกัด",
	`"Quoted" Co.`, "Hotel Ayutthaya; Riverside", "ห้างหุ้นส่วนจำกัด ทดสอบ,ทดสอบ",
}

// variedPlaces are (province, district, subdistrict) triples.
var variedPlaces = [][3]string{
	{"เชียงใหม่", "เมืองเชียงใหม่", "ศรีภูมิ"},
	{"กรุงเทพมหานคร", "เขตบางรัก", "แขวงสีลม"},
	{"ภูเก็ต", "เมืองภูเก็ต", "ตลาดใหญ่"},
}

// Varied returns n valid licences of issuer, numbered "V-<i>", that vary
// in every column an open output writes: each type and status, both
// licensee kinds, with and without coordinates and expiry date, and the
// names of variedNames.
func Varied(issuer string, n int) []licence.Licence {
	types := licence.Types()
	statuses := []licence.Status{licence.StatusActive, licence.StatusExpired, licence.StatusSuspended, licence.StatusRevoked}
	out := make([]licence.Licence, n)
	for i := range out {
		l := Juristic(issuer, i)
		if i%4 == 1 {
			l = Natural(issuer, i)
		}
		l.Number = fmt.Sprintf("V-%06d", i)
		l.Type = types[i%len(types)].Code
		l.Status = statuses[i%len(statuses)]
		l.Office = fmt.Sprintf("สำนักงานเขต %d", i%7)
		if l.Licensee.Kind == licence.Juristic {
			l.Licensee.BusinessName = variedNames[i%len(variedNames)]
		}
		p := variedPlaces[i%len(variedPlaces)]
		l.Location.Province, l.Location.District, l.Location.Subdistrict = p[0], p[1], p[2]
		if i%3 == 2 {
			l.Location.Lat, l.Location.Lon = nil, nil
		} else {
			lat, lon := 13.5+float64(i%700)/100, 100.25+float64(i%37)/1000
			l.Location.Lat, l.Location.Lon = &lat, &lon
		}
		l.IssuedOn = licence.MakeDate(2020, time.January, 1).AddDate(0, 0, i%1500)
		l.ExpiresOn = l.IssuedOn.AddDate(1, 0, -1)
		if i%5 == 3 {
			l.ExpiresOn = licence.Date{}
		}
		out[i] = l
	}
	return out
}

// testViews checks that Each and Search give, for every licence, exactly
// the public view of what Find returns.
func testViews(t *testing.T, s licence.Store) {
	const n = 1500 // more than one page
	ls := Varied("DLA", n)
	for start := 0; start < n; start += 1000 {
		upsert(t, s, "DLA", ls[start:min(start+1000, n)]...)
	}
	i := 0
	for p, err := range s.Each(ctx, "DLA") {
		must(t, err)
		if want := ls[i].Public(); !reflect.DeepEqual(p, want) {
			t.Fatalf("Each gives licence %d as\n%+v\nwant\n%+v", i, p, want)
		}
		if i%97 == 0 {
			if want := find(t, s, "DLA", p.Number).Public(); !reflect.DeepEqual(p, want) {
				t.Fatalf("Each gives licence %s as\n%+v\nFind's view is\n%+v", p.Number, p, want)
			}
		}
		i++
	}
	if i != n {
		t.Fatalf("Each gave %d licences, want %d", i, n)
	}
	got, err := s.Search(ctx, licence.SearchQuery{Text: ls[7].Number})
	must(t, err)
	if len(got) != 1 || !reflect.DeepEqual(got[0], ls[7].Public()) {
		t.Fatalf("Search %s gives %+v, want %+v", ls[7].Number, got, ls[7].Public())
	}
}
