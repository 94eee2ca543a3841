package audittest

import (
	"slices"
	"sync"
	"testing"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

func testResume(t *testing.T, open func(t *testing.T) Harness) {
	s := open(t).Store
	before := newWriter(t, s, "gw-1", audit.Config{})
	first := appendN(t, before, 5)
	must(t, before.Close())
	after := newWriter(t, s, "gw-1", audit.Config{}) // the replica restarted
	next := appendN(t, after, 5)
	if next[0].Seq != 6 || next[0].PrevHash != first[4].Hash {
		t.Errorf("after restart the first link is seq %d with prev %.12s, want seq 6 after %.12s",
			next[0].Seq, next[0].PrevHash, first[4].Hash)
	}
	must(t, after.Close())
	verifyOK(t, s, 10, "gw-1")
}

// testStaleWriter runs two writers under one name, as two processes given
// the same name would: each is refused when the other has moved the chain,
// then continues from the stored head, and the chain never forks.
func testStaleWriter(t *testing.T, open func(t *testing.T) Harness) {
	s := open(t).Store
	a := newWriter(t, s, "gw-1", audit.Config{})
	b := newWriter(t, s, "gw-1", audit.Config{})
	steps := []struct {
		name string
		w    *audit.Writer
		kind catalog.Kind
		seq  int64 // of the stored event, when it succeeds
	}{
		{"a appends", a, "", 1},
		{"a appends again", a, "", 2},
		{"b is behind and refused", b, catalog.KindUnavailable, 0},
		{"b continues from the stored head", b, "", 3},
		{"a is behind and refused", a, catalog.KindUnavailable, 0},
		{"a continues from the stored head", a, "", 4},
	}
	for i, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			e, err := st.w.Append(ctx, lookup(i))
			wantKind(t, err, st.kind)
			if e.Seq != st.seq {
				t.Errorf("stored at seq %d, want %d", e.Seq, st.seq)
			}
		})
	}
	must(t, a.Close())
	must(t, b.Close())
	verifyOK(t, s, 4, "gw-1")
}

// testTwoWriters runs two replicas' writers on one store at once.
func testTwoWriters(t *testing.T, open func(t *testing.T) Harness) {
	s := open(t).Store
	names := []string{"gw-1", "gw-2"}
	ws := []*audit.Writer{
		newWriter(t, s, names[0], audit.Config{CheckpointEvery: 16}),
		newWriter(t, s, names[1], audit.Config{CheckpointEvery: 16}),
	}
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Go(func() { appendConcurrently(t, w, 10, 10) })
	}
	wg.Wait()
	for _, w := range ws {
		must(t, w.Close())
	}
	r := verifyOK(t, s, 200, names...)
	if r.Writers != 2 {
		t.Errorf("Verify walked %d chains, want 2", r.Writers)
	}
	got, err := s.Writers(ctx)
	must(t, err)
	if !slices.Equal(got, names) {
		t.Errorf("Writers = %v, want %v", got, names)
	}
	for _, n := range names {
		if c := chain(t, s, n); len(c) != 100 {
			t.Errorf("chain %s has %d links, want 100", n, len(c))
		}
	}
}
