// Package catalogtest is the conformance suite of catalog.Store: every
// implementation runs Run unchanged, the way fstest.TestFS checks an fs.FS.
//
// NOTE: catalogtest imports catalog only; it must not import a store, a
// driver or anything that imports catalog.
package catalogtest

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Run checks that the stores open returns behave as catalog.Store says.
// open must return a new, empty store each time; Run calls it once per
// group of subtests and t's cleanups are the place to close it.
func Run(t *testing.T, open func(t *testing.T) catalog.Store) {
	groups := []struct {
		name string
		test func(t *testing.T, s catalog.Store)
	}{
		{"agencies", testAgencies},
		{"agency updates", testAgencyUpdates},
		{"purposes", testPurposes},
		{"datasets", testDatasets},
		{"dataset lists", testDatasetLists},
		{"grants", testGrants},
		{"grant updates", testGrantUpdates},
		{"grant lists", testGrantLists},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) { g.test(t, open(t)) })
	}
}

// ctx is the context of every call; the suite has no deadlines to test.
var ctx = context.Background()

// wantErr checks that err has the kind (none when kind is "") and that its
// public message holds every one of parts.
func wantErr(t testing.TB, err error, kind catalog.Kind, parts ...string) {
	t.Helper()
	if got := catalog.ErrorKind(err); got != kind {
		t.Fatalf("error = %v (kind %q), want kind %q", err, got, kind)
	}
	msg := catalog.ErrorMessage(err)
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("message %q does not contain %q", msg, p)
		}
	}
}

// must fails t on any error.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// same compares a value read back with the one written; times compare by
// instant, and a nil slice equals an empty one.
func same[T any](t testing.TB, what string, got, want T) {
	t.Helper()
	if g, w := normal(got), normal(want); !reflect.DeepEqual(g, w) {
		t.Errorf("%s read back as\n\t%+v\nwant\n\t%+v", what, g, w)
	}
}

// normal returns a copy of v with times in UTC and empty slices nil.
func normal(v any) any {
	switch x := v.(type) {
	case catalog.Grant:
		x.ValidFrom, x.ValidTo = x.ValidFrom.UTC(), x.ValidTo.UTC()
		x.Purposes, x.Fields, x.Unmasked = orNil(x.Purposes), orNil(x.Fields), orNil(x.Unmasked)
		return x
	case catalog.Dataset:
		x.Fields, x.Tags = orNil(x.Fields), orNil(x.Tags)
		return x
	case []catalog.Grant:
		out := make([]any, len(x))
		for i := range x {
			out[i] = normal(x[i])
		}
		return out
	case []catalog.Dataset:
		out := make([]any, len(x))
		for i := range x {
			out[i] = normal(x[i])
		}
		return out
	}
	return v
}

func orNil[T any](xs []T) []T {
	if len(xs) == 0 {
		return nil
	}
	return xs
}

// date returns midnight of the day in Bangkok, the zone grants are
// written in.
func date(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, bangkok)
}

var bangkok = time.FixedZone("ICT", 7*60*60)
