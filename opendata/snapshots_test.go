package opendata_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/opendata"
)

// fakeReader is a PackageReader whose packages, marker and failures a
// test sets; it counts the lists it serves.
type fakeReader struct {
	mu        sync.Mutex
	marker    opendata.Marker
	pkgs      []opendata.Package
	markerErr error
	listErr   error
	lists     int
}

func (r *fakeReader) Marker(context.Context) (opendata.Marker, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.marker, r.markerErr
}

func (r *fakeReader) ListPackages(context.Context) ([]opendata.Package, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lists++
	return append([]opendata.Package(nil), r.pkgs...), r.listErr
}

// set stores pkgs and moves the marker, as a sync would.
func (r *fakeReader) set(names ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pkgs = nil
	for _, n := range names {
		r.pkgs = append(r.pkgs, opendata.Package{Name: n})
	}
	r.marker.Count++
}

func (r *fakeReader) listCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.lists
}

// names is the value the tests build: the package names, joined.
func names(_ opendata.Marker, pkgs []opendata.Package) (string, error) {
	var out []string
	for _, p := range pkgs {
		if p.Name == "broken" {
			return "", errors.New("cannot build broken")
		}
		out = append(out, p.Name)
	}
	return strings.Join(out, ","), nil
}

func current(t *testing.T, s *opendata.Snapshots[string]) string {
	t.Helper()
	v, err := s.Current(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestSnapshotsRebuildOnlyWhenTheMarkerMoves(t *testing.T) {
	r := &fakeReader{}
	r.set("a", "b")
	s := opendata.NewSnapshots(r, names)
	if r.listCount() != 0 {
		t.Fatal("NewSnapshots read the store")
	}
	if v := current(t, s); v != "a,b" {
		t.Fatalf("first Current = %q, want a,b", v)
	}
	if err := s.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if v := current(t, s); v != "a,b" || r.listCount() != 1 {
		t.Fatalf("unchanged marker: value %q after %d lists, want a,b after 1", v, r.listCount())
	}
	r.set("c")
	if v := current(t, s); v != "a,b" {
		t.Fatalf("Current rebuilt without Refresh: %q", v)
	}
	if err := s.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if v := current(t, s); v != "c" || r.listCount() != 2 {
		t.Fatalf("moved marker: value %q after %d lists, want c after 2", v, r.listCount())
	}
}

func TestSnapshotsKeepTheLastValueOnError(t *testing.T) {
	cause := errors.New("database down")
	tests := []struct {
		name    string
		breakIt func(r *fakeReader)
		want    string
	}{
		{"marker", func(r *fakeReader) { r.markerErr = cause }, "read change marker: database down"},
		{"list", func(r *fakeReader) { r.set("x"); r.listErr = cause }, "list packages: database down"},
		{"build", func(r *fakeReader) { r.set("broken") }, "build snapshot: cannot build broken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &fakeReader{}
			r.set("a")
			s := opendata.NewSnapshots(r, names)
			current(t, s)
			tt.breakIt(r)
			err := s.Refresh(context.Background())
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Refresh error = %v, want %q", err, tt.want)
			}
			if v := current(t, s); v != "a" {
				t.Errorf("after a failed refresh Current = %q, want the last value a", v)
			}
		})
	}
}

func TestSnapshotsFirstBuildFails(t *testing.T) {
	r := &fakeReader{markerErr: errors.New("no store")}
	s := opendata.NewSnapshots(r, names)
	if v, err := s.Current(context.Background()); err == nil || v != "" {
		t.Fatalf("Current = %q, %v; want the zero value and an error", v, err)
	}
	r.markerErr = nil
	r.set("a")
	if v := current(t, s); v != "a" {
		t.Errorf("Current after the store came back = %q, want a", v)
	}
}

func TestSnapshotsConcurrentReadersBuildOnce(t *testing.T) {
	r := &fakeReader{}
	r.set("a")
	s := opendata.NewSnapshots(r, names)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if v, err := s.Current(context.Background()); err != nil || v != "a" {
					t.Errorf("Current = %q, %v", v, err)
				}
			}
		}()
	}
	wg.Wait()
	if n := r.listCount(); n != 1 {
		t.Errorf("%d lists for one marker, want 1", n)
	}
}

func TestSnapshotsRunPollsAndReports(t *testing.T) {
	r := &fakeReader{}
	r.set("a")
	s := opendata.NewSnapshots(r, names)
	ctx, cancel := context.WithCancel(context.Background())
	failures := make(chan error, 100)
	done := make(chan struct{})
	go func() {
		s.Run(ctx, time.Millisecond, func(err error) { failures <- err })
		close(done)
	}()
	waitFor(t, func() bool { v, _ := s.Current(ctx); return v == "a" })
	r.set("b")
	waitFor(t, func() bool { v, _ := s.Current(ctx); return v == "b" })
	r.set("broken")
	select {
	case err := <-failures:
		if !strings.Contains(err.Error(), "cannot build broken") {
			t.Errorf("reported %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run reported no failure")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return when ctx ended")
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(time.Millisecond)
	}
}
