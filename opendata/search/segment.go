package search

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

//go:embed words.txt
var wordsTxt string

// trie is the Thai dictionary: a rune trie whose edges live in one map
// keyed by (node, rune), which keeps it small and fast to build.
type trie struct {
	edges    map[uint64]int32
	terminal []bool
}

var (
	dictOnce sync.Once
	dict     *trie
)

// dictionary returns the trie of the embedded word list, built once.
func dictionary() *trie {
	dictOnce.Do(func() { dict = buildTrie(wordsTxt) })
	return dict
}

// buildTrie reads one word a line; blank lines and lines starting with #
// are skipped. Words go through the same normalisation as text.
func buildTrie(list string) *trie {
	t := &trie{edges: make(map[uint64]int32, 1<<15), terminal: []bool{false}}
	for _, line := range strings.Split(list, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		eachRun(line, func(run string, thai bool) {
			if thai {
				t.add(run)
			}
		})
	}
	return t
}

func (t *trie) add(word string) {
	node := int32(0)
	for _, r := range word {
		k := edgeKey(node, r)
		next, ok := t.edges[k]
		if !ok {
			next = int32(len(t.terminal))
			t.terminal = append(t.terminal, false)
			t.edges[k] = next
		}
		node = next
	}
	t.terminal[node] = true
}

func edgeKey(node int32, r rune) uint64 { return uint64(node)<<21 | uint64(r) }

// isFollowing reports vowels and marks that attach to the letter before
// them and so can never start a word.
func isFollowing(r rune) bool {
	return (r >= 0x0e30 && r <= 0x0e3a) || r == 0x0e45 || (r >= 0x0e47 && r <= 0x0e4e)
}

// isLeading reports the vowels written before their consonant, after which
// a word can never end.
func isLeading(r rune) bool { return r >= 0x0e40 && r <= 0x0e44 }

// canCut reports whether a word boundary may fall before rs[i].
func canCut(rs []rune, i int) bool {
	if i <= 0 || i >= len(rs) {
		return true
	}
	return !isFollowing(rs[i]) && !isLeading(rs[i-1])
}

// segment cuts a Thai run by maximal matching: of all the ways to cover rs
// with dictionary words and single character clusters, it takes the one
// with the fewest characters outside dictionary words, then the fewest
// pieces. Adjacent unknown clusters are merged into one word. It returns
// the cut positions in runes, starting with 0 and ending with len(rs).
func segment(rs []rune) []int {
	n := len(rs)
	if n == 0 {
		return []int{0}
	}
	t := dictionary()
	type cell struct {
		unk, cnt, prev int
		known, set     bool
	}
	dp := make([]cell, n+1)
	dp[0].set = true
	relax := func(j, unk, cnt, from int, known bool) {
		c := &dp[j]
		if !c.set || unk < c.unk || (unk == c.unk && cnt < c.cnt) {
			*c = cell{unk: unk, cnt: cnt, prev: from, known: known, set: true}
		}
	}
	for i := 0; i < n; i++ {
		if !dp[i].set || !canCut(rs, i) {
			continue
		}
		base := dp[i]
		node := int32(0)
		for j := i; j < n; j++ {
			next, ok := t.edges[edgeKey(node, rs[j])]
			if !ok {
				break
			}
			node = next
			if t.terminal[node] && canCut(rs, j+1) {
				relax(j+1, base.unk, base.cnt+1, i, true)
			}
		}
		k := i + 1
		for k < n && !canCut(rs, k) {
			k++
		}
		relax(k, base.unk+k-i, base.cnt+1, i, false)
	}
	return backtrack(n, func(i int) (int, bool) { return dp[i].prev, dp[i].known })
}

// backtrack walks the best path back from n and merges runs of unknown
// clusters into single pieces.
func backtrack(n int, step func(int) (int, bool)) []int {
	var rev []int
	prevUnknown := false
	for i := n; i > 0; {
		from, known := step(i)
		if !(prevUnknown && !known) {
			rev = append(rev, i)
		}
		prevUnknown = !known
		i = from
	}
	rev = append(rev, 0)
	cuts := make([]int, len(rev))
	for i, c := range rev {
		cuts[len(rev)-1-i] = c
	}
	return cuts
}

// splitCompound cuts a dictionary word into the most smaller dictionary
// words that cover it exactly (ร้านขายยา: ร้าน ขาย ยา). It returns the
// inner cut positions, or nil when the word does not split so.
func splitCompound(rs []rune) []int {
	n := len(rs)
	t := dictionary()
	best := make([]int, n+1) // most pieces covering rs[:i]; -1 unreachable
	prev := make([]int, n+1)
	for i := 1; i <= n; i++ {
		best[i] = -1
	}
	for i := 0; i < n; i++ {
		if best[i] < 0 || !canCut(rs, i) {
			continue
		}
		node := int32(0)
		for j := i; j < n; j++ {
			next, ok := t.edges[edgeKey(node, rs[j])]
			if !ok {
				break
			}
			node = next
			if t.terminal[node] && canCut(rs, j+1) && !(i == 0 && j+1 == n) && best[i]+1 > best[j+1] {
				best[j+1], prev[j+1] = best[i]+1, i
			}
		}
	}
	if best[n] < 2 {
		return nil
	}
	var cuts []int
	for i := prev[n]; i > 0; i = prev[i] {
		cuts = append(cuts, i)
	}
	slices.Reverse(cuts)
	return cuts
}
