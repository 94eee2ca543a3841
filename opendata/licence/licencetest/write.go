package licencetest

import (
	"reflect"
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/opendata/licence"
)

func testInsertFind(t *testing.T, s licence.Store) {
	j, n, odd := Juristic("DLA", 1), Natural("DLA", 2), Juristic("DLA", 3)
	j.ExpiresOn = licence.Date{} // no expiry date
	j.Location.Lat, j.Location.Lon = nil, nil
	odd.Licensee.BusinessName = `Joe's "Best" \ Café ร้าน 🍜 {"0": [1]} 'x'); DROP TABLE licences; --`
	lat, lon := 13.756331234567891, 100.50176512345679
	odd.Location.Lat, odd.Location.Lon = &lat, &lon
	wantCounts(t, upsert(t, s, "DLA", j, n, odd), licence.Counts{Inserted: 3})
	for _, want := range []licence.Licence{j, n, odd} {
		got := find(t, s, "DLA", want.Number)
		if got.Created.IsZero() || !got.Created.Equal(got.Modified) {
			t.Errorf("%s: created %v, modified %v: want both set and equal", want.Number, got.Created, got.Modified)
		}
		if len(got.History) != 1 || got.History[0].From != "" || got.History[0].To != want.Status {
			t.Errorf("%s: history = %+v, want one entry to %s", want.Number, got.History, want.Status)
		}
		got.History = nil
		want.Created, want.Modified = got.Created, got.Modified
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Find = %+v\nwant   %+v", got, want)
		}
	}
	_, err := s.Find(ctx, "DLA", "NO-SUCH")
	wantKind(t, err, catalog.KindNotFound)
	_, err = s.Find(ctx, "DOPA", j.Number)
	wantKind(t, err, catalog.KindNotFound)
}

func testUnchanged(t *testing.T, s licence.Store) {
	batch := []licence.Licence{Juristic("DLA", 1), Natural("DLA", 2), Juristic("DLA", 3)}
	upsert(t, s, "DLA", batch...)
	before := find(t, s, "DLA", batch[0].Number)
	sum := issuers(t, s)
	wantCounts(t, upsert(t, s, "DLA", batch...), licence.Counts{Unchanged: 3})
	after := find(t, s, "DLA", batch[0].Number)
	if !after.Modified.Equal(before.Modified) || len(after.History) != 1 {
		t.Errorf("after an unchanged re-upsert: modified %v → %v, history %d entries; want no change",
			before.Modified, after.Modified, len(after.History))
	}
	if got := issuers(t, s); !reflect.DeepEqual(got, sum) {
		t.Errorf("issuers after an unchanged re-upsert = %+v, want %+v", got, sum)
	}
}

func testStatusChange(t *testing.T, s licence.Store) {
	l := Juristic("DLA", 1)
	upsert(t, s, "DLA", l)
	first := find(t, s, "DLA", l.Number)
	for _, st := range []licence.Status{licence.StatusSuspended, licence.StatusActive, licence.StatusRevoked} {
		l.Status = st
		wantCounts(t, upsert(t, s, "DLA", l), licence.Counts{Updated: 1})
	}
	got := find(t, s, "DLA", l.Number)
	want := []licence.Status{"", licence.StatusActive, licence.StatusSuspended, licence.StatusActive, licence.StatusRevoked}
	if len(got.History) != 4 {
		t.Fatalf("history = %+v, want 4 entries", got.History)
	}
	for i, h := range got.History {
		if h.From != want[i] || h.To != want[i+1] {
			t.Errorf("history[%d] = %s → %s, want %s → %s", i, h.From, h.To, want[i], want[i+1])
		}
		if i > 0 && !h.At.After(got.History[i-1].At) {
			t.Errorf("history[%d] at %v is not after the entry before it", i, h.At)
		}
	}
	if got.Status != licence.StatusRevoked || !got.Modified.After(first.Modified) || !got.Created.Equal(first.Created) {
		t.Errorf("after changes: status %s, modified %v (was %v), created %v (was %v)",
			got.Status, got.Modified, first.Modified, got.Created, first.Created)
	}
}

func testOtherChange(t *testing.T, s licence.Store) {
	l := Juristic("DLA", 1)
	upsert(t, s, "DLA", l)
	l.Office = "เทศบาลเมืองแม่เหียะ"
	wantCounts(t, upsert(t, s, "DLA", l, Juristic("DLA", 2)), licence.Counts{Inserted: 1, Updated: 1})
	got := find(t, s, "DLA", l.Number)
	if got.Office != l.Office || len(got.History) != 1 {
		t.Errorf("after an office change: office %q, %d history entries; want %q and 1", got.Office, len(got.History), l.Office)
	}
}

func testBadBatches(t *testing.T, s licence.Store) {
	good := Juristic("DLA", 1)
	bad := Juristic("DLA", 2)
	bad.Licensee.JuristicID = "0105000000021" // wrong check digit, as like as not
	if bad.Validate() == nil {
		bad.Licensee.JuristicID = "0105000000022"
	}
	cases := []struct {
		name   string
		issuer string
		batch  []licence.Licence
	}{
		{"another issuer's licence", "DOPA", []licence.Licence{good}},
		{"an invalid licence", "DLA", []licence.Licence{good, bad}},
		{"a number twice", "DLA", []licence.Licence{good, good}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Upsert(ctx, c.issuer, c.batch)
			wantKind(t, err, catalog.KindInvalid)
			if n, err := s.Count(ctx, ""); err != nil || n != 0 {
				t.Errorf("count after a refused batch = %d, %v; want 0", n, err)
			}
		})
	}
}
