package policies

import (
	"reflect"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

func keyTestInput() Input {
	at := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	return Input{
		Agency: InputAgency{Code: "DLA", Status: "active"}, Officer: InputOfficer{Sub: "o-1"},
		Purpose: InputPurpose{Code: "licensing", Basis: "legal_obligation", SensitiveBasis: "none"},
		IAL:     "2.3", AAL: "2",
		Dataset: InputDataset{ID: "dopa.person", Owner: "DOPA", Classification: "confidential", IAL: "2.3", AAL: "2",
			Fields: []InputField{{Name: "citizen_id", Identifier: true}, {Name: "religion", Personal: true, Sensitive: true}}},
		RequestedFields: []string{"citizen_id", "religion"},
		Grant: &InputGrant{ID: "g-1", Purposes: []string{"licensing"}, Fields: []string{"citizen_id"}, Unmasked: []string{},
			ValidFrom: at.AddDate(-1, 0, 0), ValidTo: at.AddDate(1, 0, 0), Status: "active"},
		Time: at,
	}
}

// mutateLeaf changes the n-th leaf of v (counted depth first) and
// returns how many leaves it passed; a leaf of a kind it does not know
// fails the test, so that a new kind of Input member is noticed here.
func mutateLeaf(t *testing.T, v reflect.Value, n *int) bool {
	t.Helper()
	if v.Type() == reflect.TypeFor[time.Time]() {
		for _, change := range []func(time.Time) time.Time{
			func(x time.Time) time.Time { return x.Add(time.Nanosecond) },
			func(x time.Time) time.Time { return x.In(time.FixedZone("ICT", 7*3600)) },
		} {
			if *n--; *n < 0 {
				v.Set(reflect.ValueOf(change(v.Interface().(time.Time))))
				return true
			}
		}
		return false
	}
	switch v.Kind() {
	case reflect.String:
		if *n--; *n < 0 {
			v.SetString(v.String() + "x")
			return true
		}
	case reflect.Bool:
		if *n--; *n < 0 {
			v.SetBool(!v.Bool())
			return true
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if mutateLeaf(t, v.Field(i), n) {
				return true
			}
		}
	case reflect.Pointer:
		if *n--; *n < 0 {
			v.SetZero()
			return true
		}
		return mutateLeaf(t, v.Elem(), n)
	case reflect.Slice:
		for _, change := range []func(){
			func() { v.SetZero() },
			func() { v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem()))) },
			func() { v.Set(v.Slice(0, v.Len()/2)) },
		} {
			if *n--; *n < 0 {
				change()
				return true
			}
		}
		for i := range v.Len() {
			if mutateLeaf(t, v.Index(i), n) {
				return true
			}
		}
	default:
		t.Fatalf("cacheKey's test does not know members of kind %s (%s): teach it, and cacheKey", v.Kind(), v.Type())
	}
	return false
}

// TestCacheKeyTellsInputsApart changes every member of Input, one at a
// time, and requires a different key each time: a member the key left
// out would let one input be answered with another's decision.
func TestCacheKeyTellsInputsApart(t *testing.T) {
	base := cacheKey(keyTestInput())
	if again := cacheKey(keyTestInput()); again != base {
		t.Fatal("the same input gave two keys")
	}
	seen := map[string]int{base: -1}
	for i := 0; ; i++ {
		in := keyTestInput()
		n := i
		if !mutateLeaf(t, reflect.ValueOf(&in).Elem(), &n) {
			if i < 40 {
				t.Fatalf("only %d changes of Input were tried", i)
			}
			break
		}
		if reflect.DeepEqual(in, keyTestInput()) {
			continue // halving an empty list changes nothing
		}
		k := cacheKey(in)
		if j, ok := seen[k]; ok {
			t.Errorf("change %d gives the key of change %d (-1: none)", i, j)
		}
		seen[k] = i
	}
}

// TestCacheKeyFramesItsParts checks that text cannot move between
// neighbouring members or list elements and keep the key.
func TestCacheKeyFramesItsParts(t *testing.T) {
	pairs := []func(*Input, int){
		func(in *Input, i int) { in.RequestedFields = [][]string{{"ab", ""}, {"a", "b"}}[i] },
		func(in *Input, i int) {
			in.Agency.Code, in.Agency.Status = []string{"DLAa", "DLA"}[i], []catalog.AgencyStatus{"ctive", "active"}[i]
		},
		func(in *Input, i int) {
			in.Grant.Purposes, in.Grant.Fields = [][]string{{"a"}, {}}[i], [][]string{{}, {"a"}}[i]
		},
		func(in *Input, i int) {
			in.Dataset.Fields = [][]InputField{{{Name: "a", Personal: true}}, {{Name: "a", Sensitive: true}}}[i]
		},
	}
	for n, set := range pairs {
		a, b := keyTestInput(), keyTestInput()
		set(&a, 0)
		set(&b, 1)
		if cacheKey(a) == cacheKey(b) {
			t.Errorf("pair %d: two inputs share a key", n)
		}
	}
}

func BenchmarkCacheKey(b *testing.B) {
	in := keyTestInput()
	b.ReportAllocs()
	for b.Loop() {
		_ = cacheKey(in)
	}
}
