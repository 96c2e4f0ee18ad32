package reuse

import (
	"strings"

	"github.com/cespare/xxhash/v2"

	"github.com/copydesk/copydesk/lexicon"
	"github.com/copydesk/copydesk/shingle"
)

// functionWords holds the xxhash of lexicon.FunctionWords' keys (lower
// case, straight apostrophes), as tokens carry it.
var functionWords = func() keySet {
	var keys []uint64
	for _, w := range strings.Fields(lexicon.FunctionWords) {
		keys = append(keys, xxhash.Sum64String(w))
	}
	return newKeySet(keys)
}()

// isContent reports whether a token whose key has this xxhash counts as
// evidence.
func isContent(key uint64, kind shingle.Kind) bool {
	if kind != shingle.Word {
		return kind == shingle.Number || kind == shingle.Ideograph
	}
	return !functionWords.has(key)
}

// keySet is a set of key hashes, by open addressing with linear probing in
// a table at most a quarter full: one or two probes, no hashing.
type keySet struct {
	slots []uint64 // 0: empty
	zero  bool     // whether 0 is in the set
}

func newKeySet(keys []uint64) keySet {
	n := 16
	for n < 4*len(keys) {
		n *= 2
	}
	s := keySet{slots: make([]uint64, n)}
	for _, k := range keys {
		if k == 0 {
			s.zero = true
			continue
		}
		i := k & uint64(n-1)
		for s.slots[i] != 0 && s.slots[i] != k {
			i = (i + 1) & uint64(n-1)
		}
		s.slots[i] = k
	}
	return s
}

// appendKeys appends the keys of the set to dst.
func (s keySet) appendKeys(dst []uint64) []uint64 {
	if s.zero {
		dst = append(dst, 0)
	}
	for _, k := range s.slots {
		if k != 0 {
			dst = append(dst, k)
		}
	}
	return dst
}

// has reports whether k is in the set.
func (s keySet) has(k uint64) bool {
	if k == 0 {
		return s.zero
	}
	mask := uint64(len(s.slots) - 1)
	for i := k & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case k:
			return true
		case 0:
			return false
		}
	}
}

// evidence reports whether a chain of aligned pieces is evidence of reuse:
// matched words, of which content words, aligned between sentences of
// which the shorter side has span words in all. See the package
// documentation for the rule and the measurement behind it.
func (o *Options) evidence(matched, content, span int32) bool {
	if int(matched) < o.MinWords || int(content) < o.MinContent {
		return false
	}
	return int(matched) >= o.LongWords || float64(matched) >= o.MinCover*float64(span)
}
