package synth_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/connectors/synth"
)

func TestDeterministic(t *testing.T) {
	a, b := synth.New(synth.Config{}), synth.New(synth.Config{})
	other := synth.New(synth.Config{Seed: 7})
	differ := 0
	for _, n := range []int{0, 1, 2, 42, 999, 54_321, 99_999} {
		pa, _ := a.Person(n)
		pb, _ := b.Person(n)
		if !reflect.DeepEqual(pa, pb) {
			t.Errorf("person %d differs between two generators with one seed", n)
		}
		if po, _ := other.Person(n); po.FirstTH != pa.FirstTH || !po.BirthDate.Equal(pa.BirthDate) {
			differ++
		}
		ca, _ := a.Company(n % a.Companies())
		cb, _ := b.Company(n % b.Companies())
		if !reflect.DeepEqual(ca, cb) {
			t.Errorf("company %d differs between two generators with one seed", n)
		}
	}
	if differ < 5 {
		t.Errorf("another seed changed only %d of 7 persons", differ)
	}
}

func TestCounts(t *testing.T) {
	g := synth.New(synth.Config{})
	if g.Persons() < 100_000 || g.Companies() < 20_000 {
		t.Fatalf("Persons() = %d, Companies() = %d; want at least 100,000 and 20,000", g.Persons(), g.Companies())
	}
	tests := []struct {
		name string
		ok   bool
	}{
		{"last person", okOf(g.Person(g.Persons() - 1))},
		{"last company", okOf(g.Company(g.Companies() - 1))},
		{"last house", okOf(g.House(g.Houses() - 1))},
		{"person past the end", !okOf(g.Person(g.Persons()))},
		{"company past the end", !okOf(g.Company(g.Companies()))},
		{"house past the end", !okOf(g.House(g.Houses()))},
		{"negative person", !okOf(g.Person(-1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				t.Error("unexpected existence")
			}
		})
	}
}

func okOf[T any](_ T, ok bool) bool { return ok }

func TestKeysAreValidAndFound(t *testing.T) {
	g := synth.New(synth.Config{})
	for _, n := range []int{0, 1, 2, 7, 42, g.Companies() - 1} {
		c, ok := g.CompanyByID(demo.CompanyKey(n))
		checkKey(t, catalog.KeyJuristicID, c.JuristicID)
		if !ok || c.Index != n {
			t.Errorf("CompanyByID(CompanyKey(%d)) = %d, %v", n, c.Index, ok)
		}
	}
	for _, n := range []int{0, 1, 2, 42, g.Persons() - 1} {
		p, ok := g.PersonByID(demo.PersonKey(n))
		checkKey(t, catalog.KeyCitizenID, p.CitizenID)
		if !ok || p.Index != n {
			t.Errorf("PersonByID(PersonKey(%d)) = %d, %v", n, p.Index, ok)
		}
		h, ok := g.HouseByID(p.HouseID)
		checkKey(t, catalog.KeyHouseID, h.ID)
		if !ok || !contains(h.Members, n) || h.Address != p.Address {
			t.Errorf("person %d's house %s does not list them or has another address", n, p.HouseID)
		}
	}
	for _, id := range []string{demo.PersonKey(g.Persons()), "1234567890123", "", "x"} {
		if _, ok := g.PersonByID(id); ok {
			t.Errorf("PersonByID(%q) found someone", id)
		}
	}
}

func checkKey(t *testing.T, kind catalog.KeyKind, key string) {
	t.Helper()
	if got, err := catalog.NormalizeKey(kind, key); err != nil || got != key {
		t.Errorf("key %q of kind %s: %q, %v", key, kind, got, err)
	}
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestSampleKeysExist(t *testing.T) {
	g := synth.New(synth.Config{})
	for _, ds := range demo.Datasets() {
		for _, k := range demo.SampleKeys(ds) {
			var ok bool
			switch ds.KeyKind {
			case catalog.KeyCitizenID:
				_, ok = g.PersonByID(k)
			case catalog.KeyJuristicID:
				_, ok = g.CompanyByID(k)
			case catalog.KeyHouseID:
				_, ok = g.HouseByID(k)
			}
			if !ok {
				t.Errorf("sample key %s of %s does not exist", k, ds.ID)
			}
		}
	}
}

func TestHousesPartitionPersons(t *testing.T) {
	g := synth.New(synth.Config{Persons: 5000})
	next := 0
	for h := 0; h < g.Houses(); h++ {
		house, _ := g.House(h)
		if len(house.Members) == 0 || len(house.Members) > 6 {
			t.Fatalf("house %d has %d members", h, len(house.Members))
		}
		for _, m := range house.Members {
			if m != next {
				t.Fatalf("house %d lists person %d, want %d", h, m, next)
			}
			if p, _ := g.Person(m); p.HouseIndex != h || p.HeadOfHouse != (m == house.Members[0]) {
				t.Fatalf("person %d says house %d (head %v), house %d lists them", m, p.HouseIndex, p.HeadOfHouse, h)
			}
			next++
		}
	}
	if next != g.Persons() {
		t.Fatalf("houses hold %d persons, want %d", next, g.Persons())
	}
}

func TestAllProvincesAppear(t *testing.T) {
	if got := len(synth.Provinces()); got != 77 {
		t.Fatalf("%d provinces in the table, want 77", got)
	}
	g := synth.New(synth.Config{})
	persons, companies := map[string]bool{}, map[string]bool{}
	for n := 0; n < g.Persons(); n += 3 {
		p, _ := g.Person(n)
		persons[p.Address.Province] = true
	}
	for n := 0; n < g.Companies(); n++ {
		c, _ := g.Company(n)
		companies[c.Address.Province] = true
	}
	if len(persons) != 77 || len(companies) != 77 {
		t.Errorf("persons live in %d provinces and companies sit in %d; want 77 each", len(persons), len(companies))
	}
}

func TestGenerationIsFast(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("timing is meaningless under -race or -short")
	}
	start := time.Now()
	generateAll(synth.New(synth.Config{}))
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("100k persons + 20k companies took %s, want under 2s", d)
	}
}

// generateAll computes every person and company once.
func generateAll(g *synth.Generator) {
	for n := range g.Persons() {
		g.Person(n)
	}
	for n := range g.Companies() {
		g.Company(n)
	}
}

func BenchmarkGenerateAll(b *testing.B) {
	for b.Loop() {
		generateAll(synth.New(synth.Config{}))
	}
}

func BenchmarkPerson(b *testing.B) {
	g := synth.New(synth.Config{})
	g.Houses()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		g.Person(n % g.Persons())
		n += 7919
	}
}
