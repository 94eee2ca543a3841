package licence

import (
	"cmp"
	"hash/maphash"
	"slices"
)

// seenSet remembers the licence numbers of an import, to find one that
// repeats, in about 12 bytes a number: a 64-bit hash and the line, in
// sorted runs, with the newest numbers in a small map until there are
// seenTail of them.
//
// NOTE: a Go map of a million hashes with their lines takes about 35 MB,
// and 50 MB while it grows; sorted slices take 12 MB, 24 MB while a merge
// copies them. Two different numbers whose 64-bit hashes collide are a one
// in 10^7 chance in a file of a million rows; the later one would be
// rejected as a repeat, naming the first one's line.
type seenSet struct {
	seed  maphash.Seed
	keys  []uint64 // sorted
	lines []int32  // lines[i] is the line of keys[i]
	tail  map[uint64]int32
}

// seenTail is how many numbers wait in the map before a merge.
const seenTail = 1 << 16

func newSeenSet() *seenSet {
	return &seenSet{seed: maphash.MakeSeed(), tail: map[uint64]int32{}}
}

// add records number at line and reports the line it was first seen on,
// if it was.
func (s *seenSet) add(number string, line int) (first int, dup bool) {
	h := maphash.String(s.seed, number)
	if l, ok := s.tail[h]; ok {
		return int(l), true
	}
	if i, ok := slices.BinarySearch(s.keys, h); ok {
		return int(s.lines[i]), true
	}
	s.tail[h] = int32(line)
	if len(s.tail) >= seenTail {
		s.merge()
	}
	return 0, false
}

// merge moves the tail into the sorted runs.
func (s *seenSet) merge() {
	type entry struct {
		key  uint64
		line int32
	}
	fresh := make([]entry, 0, len(s.tail))
	for k, l := range s.tail {
		fresh = append(fresh, entry{k, l})
	}
	slices.SortFunc(fresh, func(a, b entry) int { return cmp.Compare(a.key, b.key) })
	keys := make([]uint64, 0, len(s.keys)+len(fresh))
	lines := make([]int32, 0, len(s.keys)+len(fresh))
	i := 0
	for _, e := range fresh {
		for ; i < len(s.keys) && s.keys[i] < e.key; i++ {
			keys, lines = append(keys, s.keys[i]), append(lines, s.lines[i])
		}
		keys, lines = append(keys, e.key), append(lines, e.line)
	}
	s.keys, s.lines = append(keys, s.keys[i:]...), append(lines, s.lines[i:]...)
	clear(s.tail)
}
