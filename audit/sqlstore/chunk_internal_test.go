package sqlstore

import (
	"slices"
	"strings"
	"testing"
)

// TestChunkSize: any batch is split into INSERTs of power-of-two sizes up
// to the limit, covering every row, so that few statement shapes exist.
func TestChunkSize(t *testing.T) {
	tests := []struct {
		n, limit int
		want     []int
	}{
		{1, 32, []int{1}},
		{2, 32, []int{2}},
		{23, 32, []int{16, 4, 2, 1}},
		{32, 32, []int{32}},
		{100, 32, []int{32, 32, 32, 4}},
		{5, 1, []int{1, 1, 1, 1, 1}},
	}
	for _, tt := range tests {
		var got []int
		for left := tt.n; left > 0; {
			c := chunkSize(left, tt.limit)
			got, left = append(got, c), left-c
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("chunks of %d up to %d = %v, want %v", tt.n, tt.limit, got, tt.want)
		}
	}
}

// TestColumnArrays: rows become one typed array per column when every
// column holds one of the types PostgreSQL's unnest is given, and the
// VALUES form is kept otherwise.
func TestColumnArrays(t *testing.T) {
	arrays, types, ok := columnArrays([]any{"a", int64(1), true, "b", int64(2), false}, 3)
	if !ok || !slices.Equal(types, []string{"text[]", "bigint[]", "boolean[]"}) ||
		!slices.Equal(arrays[0].([]string), []string{"a", "b"}) || !slices.Equal(arrays[1].([]int64), []int64{1, 2}) ||
		!slices.Equal(arrays[2].([]bool), []bool{true, false}) {
		t.Errorf("columnArrays = %v %v %v", arrays, types, ok)
	}
	for name, args := range map[string][]any{
		"bytes":                 {"a", []byte("x")},
		"a column of two types": {"a", int64(1), int64(2), int64(3)},
		"an int":                {"a", 1},
	} {
		if _, _, ok := columnArrays(args, 2); ok {
			t.Errorf("%s: columnArrays accepted %v", name, args)
		}
	}
	in := inserter{arrays: true, chunk: 32}
	stmts := in.rows(nil, "t", "a, b", 2, []any{"a", []byte("x"), "b", []byte("y"), "c", []byte("z")}, 32, "")
	if len(stmts) != 2 || !strings.HasPrefix(stmts[0].SQL, "INSERT INTO t (a, b) VALUES") {
		t.Errorf("rows of bytes: %d statements, first %q; want VALUES chunks of 2 and 1", len(stmts), stmts[0].SQL)
	}
	stmts = in.rows(nil, "t", "a, b", 2, []any{"a", int64(1), "b", int64(2)}, 32, " ON CONFLICT DO NOTHING")
	if len(stmts) != 1 || stmts[0].SQL != "INSERT INTO t (a, b) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING" {
		t.Errorf("rows of text and bigint: %+v", stmts)
	}
}
