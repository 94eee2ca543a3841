// Package licencetest is the conformance suite of licence.Store: every
// implementation runs Run unchanged, the way fstest.TestFS checks an fs.FS.
// It also holds fixtures (Juristic, Natural) that other tests share.
//
// NOTE: licencetest imports opendata/licence and catalog only; it must not
// import a store or a driver.
package licencetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/opendata/licence"
)

// Run checks that the stores open returns behave as licence.Store says.
// open must return a new, empty store each time.
func Run(t *testing.T, open func(t *testing.T) licence.Store) {
	groups := []struct {
		name string
		test func(t *testing.T, s licence.Store)
	}{
		{"insert and find", testInsertFind},
		{"re-upsert changes nothing", testUnchanged},
		{"status change appends history", testStatusChange},
		{"other change keeps history", testOtherChange},
		{"bad batches write nothing", testBadBatches},
		{"concurrent writers of one issuer", testConcurrent},
		{"each in order across pages", testEachOrder},
		{"each and search give find's public view", testViews},
		{"counts and issuers", testCounts},
		{"search", testSearch},
		{"natural persons stay private", testPrivacy},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) { g.test(t, open(t)) })
	}
}

var ctx = context.Background()

// Juristic returns a valid licence of a juristic person: licence number
// "T-<n>" of issuer, company juristic id n.
func Juristic(issuer string, n int) licence.Licence {
	lat, lon := 18.7883, 98.9853
	return licence.Licence{
		Number: fmt.Sprintf("T-%06d", n), Type: licence.TypeFoodShop, Issuer: issuer, Office: "เทศบาลนครเชียงใหม่",
		Licensee: licence.Licensee{Kind: licence.Juristic, BusinessName: fmt.Sprintf("บริษัท ครัวทดสอบ %d จำกัด", n),
			JuristicID: JuristicID(n)},
		Location: licence.Location{Province: "เชียงใหม่", District: "เมืองเชียงใหม่", Subdistrict: "ศรีภูมิ", Lat: &lat, Lon: &lon},
		IssuedOn: licence.MakeDate(2024, time.March, 1), ExpiresOn: licence.MakeDate(2025, time.February, 28),
		Status: licence.StatusActive,
	}
}

// Natural returns a valid licence of a natural person (a sole trader)
// whose name, business name and citizen id carry the marker "ลับเฉพาะ",
// so that a test can look for them in any output.
func Natural(issuer string, n int) licence.Licence {
	l := Juristic(issuer, n)
	l.Number = fmt.Sprintf("N-%06d", n)
	l.Licensee = licence.Licensee{Kind: licence.Natural, BusinessName: fmt.Sprintf("ร้านลับเฉพาะ %d", n),
		PersonName: fmt.Sprintf("นางลับเฉพาะ ใจดี%d", n), CitizenID: CitizenID(n)}
	return l
}

// SecretMarker is in every natural person's name and business name that
// Natural makes.
const SecretMarker = "ลับเฉพาะ"

// JuristicID returns a valid juristic id for n.
func JuristicID(n int) string { return withCheck(fmt.Sprintf("0105%08d", n)) }

// CitizenID returns a valid citizen id for n.
func CitizenID(n int) string { return withCheck(fmt.Sprintf("3%011d", n)) }

func withCheck(first12 string) string { return first12 + string(catalog.CheckDigit(first12)) }

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func upsert(t testing.TB, s licence.Store, issuer string, ls ...licence.Licence) licence.Counts {
	t.Helper()
	c, err := s.Upsert(ctx, issuer, ls)
	must(t, err)
	return c
}

func find(t testing.TB, s licence.Store, issuer, number string) licence.Licence {
	t.Helper()
	l, err := s.Find(ctx, issuer, number)
	must(t, err)
	return l
}

func wantCounts(t testing.TB, got, want licence.Counts) {
	t.Helper()
	if got != want {
		t.Errorf("counts = %+v, want %+v", got, want)
	}
}

func wantKind(t testing.TB, err error, kind catalog.Kind) {
	t.Helper()
	if got := catalog.ErrorKind(err); got != kind {
		t.Fatalf("error = %v (kind %q), want kind %q", err, got, kind)
	}
}

// testConcurrent upserts the same new licences from several goroutines at
// once, then the same status change: each licence is inserted once and
// changes status once, whoever wins.
func testConcurrent(t *testing.T, s licence.Store) {
	const writers, n = 6, 50
	batch := make([]licence.Licence, n)
	for i := range batch {
		batch[i] = Juristic("DLA", i)
	}
	for round, status := range []licence.Status{licence.StatusActive, licence.StatusSuspended} {
		for i := range batch {
			batch[i].Status = status
		}
		var mu sync.Mutex
		var total licence.Counts
		var wg sync.WaitGroup
		for range writers {
			wg.Go(func() {
				c, err := s.Upsert(ctx, "DLA", batch)
				if err != nil {
					t.Errorf("concurrent upsert: %v", err)
				}
				mu.Lock()
				total.Add(c)
				mu.Unlock()
			})
		}
		wg.Wait()
		want := licence.Counts{Inserted: n, Unchanged: (writers - 1) * n}
		if round == 1 {
			want = licence.Counts{Updated: n, Unchanged: (writers - 1) * n}
		}
		wantCounts(t, total, want)
	}
	if h := find(t, s, "DLA", batch[0].Number).History; len(h) != 2 {
		t.Errorf("history after concurrent writers = %+v, want 2 entries", h)
	}
}
