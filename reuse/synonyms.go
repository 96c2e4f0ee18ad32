package reuse

import (
	"github.com/cespare/xxhash/v2"

	"github.com/copydesk/copydesk/lexicon"
	"github.com/copydesk/copydesk/shingle"
)

// Synonyms: a unit pair that is not even retold on its words is compared
// again by their concepts, the stem of the first word of their group of
// lexicon.SynonymGroups ("detained" is "arrest") or else their own stem,
// so that a sentence whose words were swapped for synonyms keeps its
// content words; it is then at most retold (scoreSeqs), a rewrite only in
// a retelling. Only rewrites do: a copy is the same words, and the
// alignment compares stems.

// conceptTable maps stems to concepts by open addressing with linear
// probing in a table at most a quarter full; a stem of 0 maps to none.
type conceptTable struct {
	keys, vals []uint32
	shift      uint
	// maybe has bit s&0xFFFF set for every stem s of the table: most
	// stems are in none of the groups, which one bit tells.
	maybe [1 << 10]uint64
}

// concepts is the table of lexicon.SynonymGroups.
var concepts = func() conceptTable {
	groups := lexicon.SynonymGroups()
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	size, shift := 1, uint(32)
	for size < 4*n {
		size, shift = size*2, shift-1
	}
	t := conceptTable{keys: make([]uint32, size), vals: make([]uint32, size), shift: shift}
	for _, g := range groups {
		head := wordStem(g[0])
		for _, w := range g {
			t.put(wordStem(w), head)
		}
	}
	return t
}()

// put maps stem s to concept c (the first mapping of s stays).
func (t *conceptTable) put(s, c uint32) {
	if s == 0 {
		return
	}
	t.maybe[s>>6&1023] |= 1 << (s & 63)
	for i := s * 0x9E3779B1 >> t.shift; ; i = (i + 1) & uint32(len(t.keys)-1) {
		switch t.keys[i] {
		case s:
			return
		case 0:
			t.keys[i], t.vals[i] = s, c
			return
		}
	}
}

// concept returns the concept of stem s: its group's, or s.
func concept(s uint32) uint32 {
	t := &concepts
	if t.maybe[s>>6&1023]&(1<<(s&63)) == 0 {
		return s
	}
	for i := s * 0x9E3779B1 >> t.shift; ; i = (i + 1) & uint32(len(t.keys)-1) {
		switch t.keys[i] {
		case s:
			return t.vals[i]
		case 0:
			return s
		}
	}
}

// wordStem returns the stem of a token holding the word w, as analyse
// makes it.
func wordStem(w string) uint32 {
	var n shingle.Normalizer
	key := n.AppendTokenKey(nil, []byte(w), shingle.Word)
	if s := stem(key); len(s) < len(key) {
		return uint32(xxhash.Sum64(s))
	}
	return uint32(xxhash.Sum64(key))
}
