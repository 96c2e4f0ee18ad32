package pipeline

import (
	"encoding/binary"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/reuse"
)

// TestDocPairsEncoding: document pairs' candidates survive their
// encoding, and a damaged encoding is an error.
func TestDocPairsEncoding(t *testing.T) {
	ps := []docPair{{a: 0, b: 2, pairs: []uint64{0<<32 | 1, 2<<32 | 0}}, {a: 1, b: 2, pairs: []uint64{0}}}
	enc := appendDocPairs(nil, ps)
	got, err := decodeDocPairs(nil, enc)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].b != 2 || !slices.Equal(got[0].pairs, ps[0].pairs) || got[1].a != 1 {
		t.Errorf("decoded %+v, want %+v", got, ps)
	}
	if _, err := decodeDocPairs(nil, enc[:len(enc)-1]); err == nil {
		t.Error("an encoding cut short by a byte: no error")
	}
}

// TestByDocPair: a shard's candidates go to the group of their pair's
// home, the document of lesser rank, each once, numbered from their
// documents' first units.
func TestByDocPair(t *testing.T) {
	x, err := decodeIndex(testIndex(t)) // documents 0 (units 0-2), 1 (3), 2 (4-5)
	if err != nil {
		t.Fatal(err)
	}
	x.rank = []uint32{2, 0, 1} // document 1 the earliest
	got := map[int][]docPair{}
	if err := byDocPair([]uint64{0<<32 | 3, 1<<32 | 4, 2<<32 | 5, 3<<32 | 5}, x, func(g int, b []byte) {
		ps, err := decodeDocPairs(nil, b)
		if err != nil {
			t.Fatal(err)
		}
		got[g] = append(got[g], ps...)
	}); err != nil {
		t.Fatal(err)
	}
	want := map[int][]docPair{
		groupOf(1): {{0, 1, []uint64{0<<32 | 0}}, {1, 2, []uint64{0<<32 | 1}}}, // homes: 1, 1
		groupOf(2): {{0, 2, []uint64{1<<32 | 0, 2<<32 | 1}}},                   // home: 2
	}
	if groupOf(1) == groupOf(2) {
		t.Fatal("documents 1 and 2 share a group: the test needs them apart")
	}
	for g, ps := range want {
		if len(got[g]) != len(ps) {
			t.Errorf("group %d: %+v, want %+v", g, got[g], ps)
			continue
		}
		for i := range ps {
			if got[g][i].a != ps[i].a || got[g][i].b != ps[i].b || !slices.Equal(got[g][i].pairs, ps[i].pairs) {
				t.Errorf("group %d: %+v, want %+v", g, got[g], ps)
			}
		}
	}
	if err := byDocPair([]uint64{0<<32 | 6}, x, func(int, []byte) {}); err == nil {
		t.Error("a candidate past the units: no error")
	}
}

// TestAlignDamaged: asks, stems and analyses that do not fit the index
// are errors, not panics.
func TestAlignDamaged(t *testing.T) {
	index := testIndex(t)
	side := func(b *[]byte) bool { *b = index; return true }
	a := reuse.Analyse(corpusDoc("One sentence here that is long enough. And a second sentence which follows it."))
	enc, err := a.MarshalAlignment()
	if err != nil {
		t.Fatal(err)
	}
	analysis := append([]byte{0}, enc...) // document 0
	iter := func(bs ...[]byte) func(*[]byte) bool {
		return func(b *[]byte) bool {
			if len(bs) == 0 {
				return false
			}
			*b, bs = bs[0], bs[1:]
			return true
		}
	}
	emitNothing := func(int, []byte) {}
	for _, tc := range []struct {
		name string
		run  func() error
		want string
	}{
		{"unit past the document", func() error {
			return sendFn(t.Context(), 0, iter(analysis), iter([]byte{5, 0, 1, 9}), emitNothing)
		}, "unit 9 of document 0"},
		{"document not in the block", func() error {
			return sendFn(t.Context(), 0, iter(analysis), iter([]byte{5, 2, 0}), emitNothing)
		}, "has no analysis"},
		{"ask cut short", func() error {
			return sendFn(t.Context(), 0, iter(analysis), iter([]byte{5, 0, 2, 0}), emitNothing)
		}, "damaged ask"},
		{"stems missing", func() error {
			fn := &boundFn{}
			return fn.ProcessElement(t.Context(), 3, iter(appendDocPairs(nil, []docPair{{0, 2, []uint64{0}}})), iter(), side, emitNothing, emitNothing)
		}, "did not come"},
		{"stems of a unit past the document", func() error {
			fn := &boundFn{}
			return fn.ProcessElement(t.Context(), 3, iter(), iter([]byte{1, 1, 7, 0}), side, emitNothing, emitNothing)
		}, "not in the index"},
		{"pair past the documents", func() error {
			fn := &boundFn{}
			return fn.ProcessElement(t.Context(), 3, iter(appendDocPairs(nil, []docPair{{0, 3, []uint64{0}}})), iter(), side, emitNothing, emitNothing)
		}, "documents 0 and 3"},
		{"seed of a unit past the corpus", func() error {
			fn := &seedPairsFn{}
			return fn.ProcessElement(t.Context(), 0, iter([]byte{1, 0, 0, 0, 9, 0, 0, 0, 0}), side, emitNothing)
		}, "a seed of unit 9"},
		{"seeds cut short", func() error {
			fn := &seedPairsFn{}
			return fn.ProcessElement(t.Context(), 0, iter([]byte{1, 0, 0}), side, emitNothing)
		}, "a batch of seeds"},
		{"seeded pair past the documents", func() error {
			fn := &seededFn{}
			return fn.ProcessElement(t.Context(), 3, iter(appendDocPairs(nil, []docPair{{1, 5, []uint64{0}}})), iter(), side, emitNothing, emitNothing)
		}, "documents 1 and 5"},
		{"analysis missing", func() error {
			fn := &alignFn{}
			return fn.ProcessElement(t.Context(), 3, iter(appendDocPairs(nil, []docPair{{0, 2, []uint64{0}}})), iter(), iter(), side, emitNothing, emitNothing)
		}, "without their analyses"},
		{"root offered past the units", func() error {
			fn := &rootsFn{}
			return fn.ProcessElement(t.Context(), 0, iter([]byte{0, 99}), side, emitNothing)
		}, "root 99"},
		{"roots offered cut short", func() error {
			fn := &rootsFn{}
			return fn.ProcessElement(t.Context(), 0, iter([]byte{0}), side, emitNothing)
		}, "roots offered to block 0"},
		{"roots of a block cut short", func() error {
			fn := &sendRootsFn{}
			return fn.ProcessElement(t.Context(), 0, iter([]byte{0}), iter([]byte{5, 0, 0}), side, emitNothing)
		}, "the roots of block 0"},
		{"roots sent of a document past the index", func() error {
			fn := &alignFn{}
			return fn.ProcessElement(t.Context(), 3, iter(), iter(), iter([]byte{9, 1, 0, 0}), side, emitNothing, emitNothing)
		}, "roots of document 9"},
		{"root sent of a unit past the document", func() error {
			fn := &alignFn{}
			return fn.ProcessElement(t.Context(), 3, iter(), iter(), iter([]byte{0, 1, 7, 0}), side, emitNothing, emitNothing)
		}, "unit 7"},
	} {
		if err := tc.run(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}

// TestAlignChunk: a chunk of a group's pairs (keyed chunk<<alignBits |
// group) aligns them, and emits what they found and which share a copy
// under its group, where the seeded pairs and the comparisons alone of
// the group meet them.
func TestAlignChunk(t *testing.T) {
	text := "The minister said on Tuesday that the new bridge over the river would open to traffic in the spring of next year."
	a := reuse.Analyse(corpusDoc(text))
	index := indexOf(t, []indexEntry{{File: "a.jsonl", Seq: 0, Units: a.Units()}, {File: "a.jsonl", Seq: 1, Units: a.Units()}})
	enc, err := a.MarshalAlignment()
	if err != nil {
		t.Fatal(err)
	}
	// As sendFn answers an ask for analyses: uv the document, uv bytes, the analysis.
	var parts [][]byte
	for d := range uint64(2) {
		part := binary.AppendUvarint(binary.AppendUvarint(nil, d), uint64(len(enc)))
		parts = append(parts, append(part, enc...))
	}
	const group = 7
	var shared, groups []int
	var aligned [][]byte
	fn := &alignFn{}
	err = fn.ProcessElement(t.Context(), 3<<alignBits|group,
		func() func(*[]byte) bool {
			done := false
			return func(b *[]byte) bool {
				if done {
					return false
				}
				*b, done = appendDocPairs(nil, []docPair{{0, 1, []uint64{0}}}), true
				return true
			}
		}(),
		func(b *[]byte) bool {
			if len(parts) == 0 {
				return false
			}
			*b, parts = parts[0], parts[1:]
			return true
		},
		func(*[]byte) bool { return false }, // no roots
		func(b *[]byte) bool { *b = index; return true },
		func(g int, b []byte) { aligned = append(aligned, b); groups = append(groups, g) },
		func(g int, _ []byte) { shared = append(shared, g) })
	if err != nil {
		t.Fatal(err)
	}
	if len(aligned) != 1 || !slices.Equal(groups, []int{group}) || !slices.Equal(shared, []int{group}) {
		t.Errorf("%d batches aligned to groups %v, sharing told to groups %v: want 1, [%d], [%d]", len(aligned), groups, shared, group, group)
	}
}

// TestChainDamaged: a damaged batch, or a pair compared alone twice, is
// an error naming the group.
func TestChainDamaged(t *testing.T) {
	iter := func(bs ...[]byte) func(*[]byte) bool {
		return func(b *[]byte) bool {
			if len(bs) == 0 {
				return false
			}
			*b, bs = bs[0], bs[1:]
			return true
		}
	}
	// A pair of documents 0 and 1 compared alone, as alignFn batches it.
	enc := []byte{3, 0, 1, 0, 3, 1, 0, 0}
	var p reuse.PairAlignment
	if err := p.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	batch := append([]byte{byte(len(enc))}, enc...)
	fn := &chainFn{}
	emitted := 0
	emit := func(int, []byte) { emitted++ }
	for _, tc := range []struct {
		name           string
		aligned, alone [][]byte
		want           string
	}{
		{"batch cut short", [][]byte{batch[:len(batch)-1]}, nil, "group 5: pipeline: a batch"},
		{"compared alone twice", nil, [][]byte{batch, batch}, "group 5: documents 0 and 1 compared alone twice"},
		{"aligned as alone", [][]byte{batch}, nil, "compared alone, want aligned"},
	} {
		err := fn.ProcessElement(t.Context(), 5, iter(tc.aligned...), iter(tc.alone...), emit)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
	if err := fn.ProcessElement(t.Context(), 5, iter(), iter(batch), emit); err != nil || emitted != 0 {
		t.Errorf("a pair compared alone that found nothing: error %v, %d batches emitted, want none", err, emitted)
	}
}
