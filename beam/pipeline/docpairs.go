package pipeline

// The candidate unit pairs of document pairs, as Align moves them: their
// encoding, and how the shards send them to the groups and the groups
// merge them.

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// docPair is the candidate unit pairs of two documents A < B: ua<<32 | ub,
// each unit numbered from its document's first.
type docPair struct {
	a, b  uint32
	pairs []uint64
}

// appendDocPairs appends the encoding of document pairs' candidates:
//
//	for each pair of documents: uv A, uv B, uv its unit pairs; for each,
//	   in order, uv its unit of A, uv its unit of B
func appendDocPairs(b []byte, ps []docPair) []byte {
	for _, p := range ps {
		b = binary.AppendUvarint(b, uint64(p.a))
		b = binary.AppendUvarint(b, uint64(p.b))
		b = binary.AppendUvarint(b, uint64(len(p.pairs)))
		for _, u := range p.pairs {
			b = binary.AppendUvarint(b, u>>32)
			b = binary.AppendUvarint(b, uint64(uint32(u)))
		}
	}
	return b
}

// decodeDocPairs appends to dst the document pairs of an encoding of
// appendDocPairs.
func decodeDocPairs(dst []docPair, b []byte) ([]docPair, error) {
	r := reader{b: b}
	for r.err == nil && len(r.b) > 0 {
		p := docPair{a: r.uint32(), b: r.uint32()}
		p.pairs = make([]uint64, r.count(2))
		for i := range p.pairs {
			ua, ub := r.uint32(), r.uint32()
			p.pairs[i] = uint64(ua)<<32 | uint64(ub)
		}
		dst = append(dst, p)
	}
	if r.err != nil {
		return dst, fmt.Errorf("pipeline: document pairs' candidates: %w", r.err)
	}
	return dst, nil
}

// readDocPairs decodes every element of an iterator of encoded document
// pairs (appendDocPairs).
func readDocPairs(it func(*[]byte) bool) ([]docPair, error) {
	var all []docPair
	var b []byte
	for it(&b) {
		var err error
		if all, err = decodeDocPairs(all, b); err != nil {
			return nil, err
		}
	}
	return all, nil
}

// byDocPair splits a shard's candidate unit pairs (sorted) by their
// documents' pair, numbered by x, and emits them by group (groupOf their
// home), encoded (appendDocPairs).
func byDocPair(pairs []uint64, x *index, emit func(int, []byte)) error {
	units := x.first[len(x.first)-1]
	type local struct {
		group     int
		key, pair uint64
	}
	ls := make([]local, len(pairs))
	for i, p := range pairs {
		ua, ub := uint32(p>>32), uint32(p)
		if ua >= units || ub >= units {
			return fmt.Errorf("pipeline: a candidate of units %d and %d, of %d", ua, ub, units)
		}
		da, db := x.docOf(ua), x.docOf(ub)
		home := da
		if x.rank[db] < x.rank[da] {
			home = db
		}
		ls[i] = local{groupOf(home), uint64(da)<<32 | uint64(db), uint64(ua-x.first[da])<<32 | uint64(ub-x.first[db])}
	}
	slices.SortStableFunc(ls, func(a, b local) int { return cmp.Or(cmp.Compare(a.group, b.group), cmp.Compare(a.key, b.key)) })
	var ps []docPair
	for i := 0; i < len(ls); {
		ps = ps[:0]
		j := i
		for ; j < len(ls) && ls[j].group == ls[i].group; j++ {
			if j == i || ls[j].key != ls[j-1].key {
				ps = append(ps, docPair{a: uint32(ls[j].key >> 32), b: uint32(ls[j].key)})
			}
			last := &ps[len(ps)-1]
			last.pairs = append(last.pairs, ls[j].pair)
		}
		emit(ls[i].group, appendDocPairs(nil, ps))
		i = j
	}
	return nil
}

// mergePairsFn merges a group's candidates from the shards that found
// them, each document pair's sorted and distinct, and asks each block of
// documents for the stems of the units the group needs of its documents
// (appendAsk).
func mergePairsFn(group int, pieces func(*[]byte) bool, emit func(int, []byte), ask func(int, []byte)) error {
	merged, err := mergeDocPairs(pieces)
	if err != nil {
		return err
	}
	var units []uint64 // doc<<32 | unit
	for _, p := range merged {
		for _, u := range p.pairs {
			units = append(units, uint64(p.a)<<32|u>>32, uint64(p.b)<<32|uint64(uint32(u)))
		}
	}
	emit(group, appendDocPairs(nil, merged))
	askBlocks(group, units, ask)
	return nil
}

// mergeDocPairs decodes pieces of document pairs' unit pairs and merges
// them: each document pair once, in order, its unit pairs sorted and
// distinct.
func mergeDocPairs(pieces func(*[]byte) bool) ([]docPair, error) {
	all, err := readDocPairs(pieces)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(all, func(x, y docPair) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
	var merged []docPair
	for i := 0; i < len(all); {
		p := docPair{a: all[i].a, b: all[i].b}
		j := i
		for ; j < len(all) && all[j].a == p.a && all[j].b == p.b; j++ {
			p.pairs = append(p.pairs, all[j].pairs...)
		}
		slices.Sort(p.pairs)
		p.pairs = slices.Compact(p.pairs)
		merged = append(merged, p)
		i = j
	}
	return merged, nil
}

// groupPairs decodes a group's document pairs, their units numbered in
// the corpus by the index.
func groupPairs(pairs func(*[]byte) bool, x *index) ([]docPair, error) {
	all, err := readDocPairs(pairs)
	if err != nil {
		return nil, err
	}
	for _, p := range all {
		if p.a >= p.b || int(p.b)+1 >= len(x.first) {
			return nil, fmt.Errorf("pipeline: a candidate pair of documents %d and %d, of %d", p.a, p.b, len(x.first)-1)
		}
		fa, fb := x.first[p.a], x.first[p.b]
		na, nb := x.first[p.a+1]-fa, x.first[p.b+1]-fb
		for i, u := range p.pairs {
			ua, ub := uint32(u>>32), uint32(u)
			if ua >= na || ub >= nb {
				return nil, fmt.Errorf("pipeline: a candidate of units %d and %d of documents %d and %d, of %d and %d units", ua, ub, p.a, p.b, na, nb)
			}
			p.pairs[i] = uint64(fa+ua)<<32 | uint64(fb+ub)
		}
	}
	return all, nil
}

func init() {
	register.Function4x1(mergePairsFn)
}
