package sqlstore

import (
	"slices"
	"testing"
)

// TestChunkSize: any batch is split into INSERTs of its own size up to
// exactRows, else of power-of-two sizes up to the limit, covering every
// row, so that few statement shapes exist.
func TestChunkSize(t *testing.T) {
	tests := []struct {
		n, limit int
		want     []int
	}{
		{1, 32, []int{1}},
		{2, 32, []int{2}},
		{3, 32, []int{3}},
		{7, 32, []int{7}},
		{8, 32, []int{8}},
		{9, 32, []int{8, 1}},
		{23, 32, []int{16, 7}},
		{7, 4, []int{4, 3}},
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
