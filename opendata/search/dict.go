package search

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

//go:embed words.txt
var wordsTxt string

// trie is the Thai dictionary compiled to flat arrays: node 0 is the
// root, whose children are found by direct index, and every other node's
// children sit together in kidRune/kidNode, found by a short scan.
type trie struct {
	root    [128]int32 // child of the root per rune - U+0E00; -1 none
	start   []int32    // node -> index of its first child; len = nodes+1
	kidRune []uint8    // child's rune - U+0E00
	kidNode []int32
	kind    []uint8 // per node: notWord, word or properNoun
}

// Kinds of trie node.
const (
	notWord uint8 = iota
	word
	properNoun // never split into the words it contains
)

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
// are skipped, and a leading = marks a proper noun. Words go through the
// same normalisation as text.
func buildTrie(list string) *trie {
	b := &trieBuilder{nodes: []buildNode{{kids: map[uint8]int{}}}}
	for _, line := range strings.Split(list, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		k := word
		if rest, ok := strings.CutPrefix(line, "="); ok {
			line, k = rest, properNoun
		}
		eachRun(line, func(run string, thai bool) {
			if thai {
				b.add(run, k)
			}
		})
	}
	return b.compile()
}

// trieBuilder grows a map-based trie that compile flattens.
type trieBuilder struct{ nodes []buildNode }

type buildNode struct {
	kids map[uint8]int
	kind uint8
}

func (b *trieBuilder) add(w string, k uint8) {
	n := 0
	for _, r := range w {
		c := uint8(r - 0x0e00)
		next, ok := b.nodes[n].kids[c]
		if !ok {
			next = len(b.nodes)
			b.nodes = append(b.nodes, buildNode{kids: map[uint8]int{}})
			b.nodes[n].kids[c] = next
		}
		n = next
	}
	b.nodes[n].kind = max(b.nodes[n].kind, k)
}

func (b *trieBuilder) compile() *trie {
	t := &trie{start: make([]int32, len(b.nodes)+1), kind: make([]uint8, len(b.nodes))}
	for i := range t.root {
		t.root[i] = -1
	}
	for c, n := range b.nodes[0].kids {
		t.root[c] = int32(n)
	}
	for i, n := range b.nodes {
		t.kind[i] = n.kind
		t.start[i] = int32(len(t.kidRune))
		cs := make([]uint8, 0, len(n.kids))
		for c := range n.kids {
			cs = append(cs, c)
		}
		slices.Sort(cs)
		for _, c := range cs {
			t.kidRune = append(t.kidRune, c)
			t.kidNode = append(t.kidNode, int32(n.kids[c]))
		}
	}
	t.start[len(b.nodes)] = int32(len(t.kidRune))
	return t
}

// child returns the node reached from n by r, or -1.
func (t *trie) child(n int32, r rune) int32 {
	c := r - 0x0e00
	if c < 0 || c > 0x7f {
		return -1
	}
	if n == 0 {
		return t.root[c]
	}
	for k := t.start[n]; k < t.start[n+1]; k++ {
		if t.kidRune[k] == uint8(c) {
			return t.kidNode[k]
		}
	}
	return -1
}

// lookup returns the kind of the whole of rs.
func (t *trie) lookup(rs []rune) uint8 {
	n := int32(0)
	for _, r := range rs {
		if n = t.child(n, r); n < 0 {
			return notWord
		}
	}
	return t.kind[n]
}
