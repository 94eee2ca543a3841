package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/opendata"
)

// Open returns a new, empty store whose clock is now.
type Open func(t *testing.T, now func() time.Time) opendata.Store

// Run checks that the stores open returns behave as opendata.Store says.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		test func(t *testing.T, open Open)
	}{
		{"empty store", testEmpty},
		{"sync creates and keeps unchanged packages", testCreateUnchanged},
		{"a change moves metadata_modified past every earlier one", testChange},
		{"a package its source drops is deleted and can come back", testDelete},
		{"timestamps increase strictly with a stopped clock", testStoppedClock},
		{"sources are kept apart", testSources},
		{"a deleted package gives its name up to another source's", testNameTakeover},
		{"bad packages are refused and nothing is stored", testInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.test(t, open) })
	}
}

var ctx = context.Background()

// Clock is a test clock that moves only when told.
type Clock struct{ T time.Time }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { return c.T }

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) { c.T = c.T.Add(d) }

func newClock() *Clock { return &Clock{T: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

// Pkg returns a valid package called name with one resource.
func Pkg(name, title string) opendata.Package {
	id := opendata.StableID("package", "storetest:"+name)
	p := opendata.Package{ID: id, Name: name, Title: title,
		Organization: opendata.NewOrganization(opendata.StableID("organization", "DLA"), "dla", "กรมส่งเสริมการปกครองท้องถิ่น", ""),
		Tags:         []opendata.Tag{opendata.NewTag("ใบอนุญาต")},
		Resources: []opendata.Resource{{ID: opendata.StableID("resource", name), Name: "CSV", Format: "CSV",
			URL: "https://opendata.example/" + name + ".csv"}},
		GDCatalog: opendata.GDCatalog{DataType: opendata.DataTypeRecord, DataCategory: opendata.CategoryPublic},
	}
	p.OwnerOrg = p.Organization.ID
	return p
}

func mustSync(t testing.TB, s opendata.Store, source string, pkgs ...opendata.Package) opendata.SyncResult {
	t.Helper()
	r, err := s.Sync(ctx, source, pkgs)
	if err != nil {
		t.Fatalf("Sync(%s): %v", source, err)
	}
	return r
}

func list(t testing.TB, s opendata.Store) map[string]opendata.Package {
	t.Helper()
	pkgs, err := s.ListPackages(ctx)
	if err != nil {
		t.Fatalf("ListPackages: %v", err)
	}
	out := map[string]opendata.Package{}
	for i, p := range pkgs {
		if i > 0 && pkgs[i-1].ID >= p.ID {
			t.Errorf("ListPackages not ordered by id: %s before %s", pkgs[i-1].ID, p.ID)
		}
		out[p.Name] = p
	}
	return out
}

func wantResult(t testing.TB, got, want opendata.SyncResult) {
	t.Helper()
	if got != want {
		t.Errorf("SyncResult = %+v, want %+v", got, want)
	}
}

func marker(t testing.TB, s opendata.Store) opendata.Marker {
	t.Helper()
	m, err := s.Marker(ctx)
	if err != nil {
		t.Fatalf("Marker: %v", err)
	}
	return m
}

func testEmpty(t *testing.T, open Open) {
	s := open(t, newClock().Now)
	if m := marker(t, s); m.Count != 0 || !m.Modified.IsZero() {
		t.Errorf("empty store marker = %+v", m)
	}
	if got := list(t, s); len(got) != 0 {
		t.Errorf("empty store lists %d packages", len(got))
	}
}

func testCreateUnchanged(t *testing.T, open Open) {
	clock := newClock()
	s := open(t, clock.Now)
	wantResult(t, mustSync(t, s, "a", Pkg("one", "หนึ่ง"), Pkg("two", "สอง")), opendata.SyncResult{Created: 2})
	first := list(t, s)
	one := first["one"]
	if one.State != opendata.StateActive || one.MetadataCreated != one.MetadataModified || one.MetadataCreated.IsZero() {
		t.Errorf("new package state %q created %v modified %v", one.State, one.MetadataCreated, one.MetadataModified)
	}
	if one.Title != "หนึ่ง" || len(one.Resources) != 1 || one.Resources[0].PackageID != one.ID || one.NumResources != 1 ||
		one.Resources[0].Created != one.MetadataCreated || one.Organization == nil || one.Organization.Name != "dla" {
		t.Errorf("package read back as %+v", one)
	}
	m := marker(t, s)
	clock.Advance(time.Hour)
	wantResult(t, mustSync(t, s, "a", Pkg("one", "หนึ่ง"), Pkg("two", "สอง")), opendata.SyncResult{Unchanged: 2})
	for name, p := range list(t, s) {
		if p.MetadataModified != first[name].MetadataModified {
			t.Errorf("unchanged %s: metadata_modified moved from %v to %v", name, first[name].MetadataModified, p.MetadataModified)
		}
	}
	if m2 := marker(t, s); m2 != m || m.Count != 2 {
		t.Errorf("marker after a no-op sync = %+v, before %+v", m2, m)
	}
}

func testChange(t *testing.T, open Open) {
	clock := newClock()
	s := open(t, clock.Now)
	mustSync(t, s, "a", Pkg("one", "หนึ่ง"), Pkg("two", "สอง"))
	before := list(t, s)
	wantResult(t, mustSync(t, s, "a", Pkg("one", "หนึ่ง (แก้ไข)"), Pkg("two", "สอง")), opendata.SyncResult{Updated: 1, Unchanged: 1})
	after := list(t, s)
	one := after["one"]
	for name, p := range before {
		if !one.MetadataModified.After(p.MetadataModified.Time) {
			t.Errorf("changed package's metadata_modified %v is not after %s's %v", one.MetadataModified, name, p.MetadataModified)
		}
	}
	if one.MetadataCreated != before["one"].MetadataCreated || one.Title != "หนึ่ง (แก้ไข)" {
		t.Errorf("changed package: created %v (was %v), title %q", one.MetadataCreated, before["one"].MetadataCreated, one.Title)
	}
	if m := marker(t, s); m.Modified != one.MetadataModified {
		t.Errorf("marker modified = %v, want %v", m.Modified, one.MetadataModified)
	}
}

func testDelete(t *testing.T, open Open) {
	clock := newClock()
	s := open(t, clock.Now)
	mustSync(t, s, "a", Pkg("one", "หนึ่ง"), Pkg("two", "สอง"))
	before := list(t, s)
	wantResult(t, mustSync(t, s, "a", Pkg("two", "สอง")), opendata.SyncResult{Deleted: 1, Unchanged: 1})
	gone := list(t, s)["one"]
	if gone.State != opendata.StateDeleted || !gone.MetadataModified.After(before["two"].MetadataModified.Time) {
		t.Errorf("dropped package: state %q modified %v", gone.State, gone.MetadataModified)
	}
	wantResult(t, mustSync(t, s, "a", Pkg("two", "สอง")), opendata.SyncResult{Unchanged: 1})
	wantResult(t, mustSync(t, s, "a", Pkg("one", "หนึ่ง"), Pkg("two", "สอง")), opendata.SyncResult{Updated: 1, Unchanged: 1})
	back := list(t, s)["one"]
	if back.State != opendata.StateActive || !back.MetadataModified.After(gone.MetadataModified.Time) {
		t.Errorf("restored package: state %q modified %v (deleted at %v)", back.State, back.MetadataModified, gone.MetadataModified)
	}
}

func testStoppedClock(t *testing.T, open Open) {
	clock := newClock() // a whole second: the store must still show a fraction
	s := open(t, clock.Now)
	var pkgs []opendata.Package
	for i := range 20 {
		pkgs = append(pkgs, Pkg(fmt.Sprintf("p%02d", i), "t"))
	}
	mustSync(t, s, "a", pkgs...)
	for i := range pkgs {
		pkgs[i].Title = "changed"
	}
	mustSync(t, s, "a", pkgs...)
	seen := map[opendata.Time]string{}
	for name, p := range list(t, s) {
		if other, dup := seen[p.MetadataModified]; dup {
			t.Errorf("%s and %s share metadata_modified %v", name, other, p.MetadataModified)
		}
		seen[p.MetadataModified] = name
		if p.MetadataModified.Nanosecond() == 0 || len(p.MetadataModified.String()) != len(opendata.TimeLayout) {
			t.Errorf("%s: metadata_modified %q lacks six-digit microseconds", name, p.MetadataModified)
		}
		if !p.MetadataModified.After(clock.T) {
			t.Errorf("%s: metadata_modified %v not after the clock %v", name, p.MetadataModified, clock.T)
		}
	}
}

func testSources(t *testing.T, open Open) {
	s := open(t, newClock().Now)
	mustSync(t, s, "a", Pkg("one", "หนึ่ง"))
	wantResult(t, mustSync(t, s, "b", Pkg("two", "สอง")), opendata.SyncResult{Created: 1})
	wantResult(t, mustSync(t, s, "b"), opendata.SyncResult{Deleted: 1})
	if got := list(t, s)["one"]; got.State != opendata.StateActive {
		t.Errorf("source b's sync touched source a's package: state %q", got.State)
	}
	_, err := s.Sync(ctx, "b", []opendata.Package{Pkg("one", "หนึ่ง")})
	wantKind(t, err, catalog.KindInvalid)
}

func testNameTakeover(t *testing.T, open Open) {
	s := open(t, newClock().Now)
	mustSync(t, s, "catalog", Pkg("dla-licences", "metadata only"))
	mustSync(t, s, "catalog")
	other := Pkg("dla-licences", "with its data")
	other.ID = opendata.StableID("package", "licences:DLA")
	wantResult(t, mustSync(t, s, "licences", other), opendata.SyncResult{Created: 1})
	got := list(t, s)
	if p := got["dla-licences"]; p.ID != other.ID || p.State != opendata.StateActive || p.Title != "with its data" {
		t.Errorf("the name answers with %s %q (%s), want the live package", p.ID, p.Title, p.State)
	}
	old := Pkg("dla-licences", "")
	if p := got["dla-licences~"+old.ID]; p.State != opendata.StateDeleted {
		t.Errorf("the deleted package was not renamed NAME~ID in its dict: %v", got)
	}
}

func testInvalid(t *testing.T, open Open) {
	s := open(t, newClock().Now)
	noURL := Pkg("three", "สาม")
	noURL.Resources[0].URL = "/relative.csv"
	clash := Pkg("four", "สี่")
	clash.Name = "one"
	tests := []struct {
		name string
		pkgs []opendata.Package
	}{
		{"bad name", []opendata.Package{Pkg("One Two", "x")}},
		{"no title", []opendata.Package{Pkg("one", "")}},
		{"relative resource URL", []opendata.Package{noURL}},
		{"listed twice", []opendata.Package{Pkg("one", "x"), Pkg("one", "x")}},
		{"name of another package", []opendata.Package{Pkg("one", "x"), clash}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Sync(ctx, "a", tt.pkgs)
			wantKind(t, err, catalog.KindInvalid)
			if got := list(t, s); len(got) != 0 {
				t.Errorf("a refused sync stored %d packages", len(got))
			}
		})
	}
}

func wantKind(t testing.TB, err error, k catalog.Kind) {
	t.Helper()
	if got := catalog.ErrorKind(err); got != k {
		t.Errorf("error = %v (kind %q), want kind %q", err, got, k)
	}
}
