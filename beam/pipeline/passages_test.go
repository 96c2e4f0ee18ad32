package pipeline

import (
	"encoding/binary"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/reuse"
)

// TestIndexPublished: when each document was published survives the
// index: a moment, a day, unknown, and a moment before 1970.
func TestIndexPublished(t *testing.T) {
	moment := time.Date(2017, 12, 17, 14, 3, 5, 123456789, time.UTC)
	day := time.Date(2017, 12, 17, 0, 0, 0, 0, time.UTC)
	early := time.Date(1912, 4, 15, 2, 20, 0, 0, time.UTC)
	var entries []indexEntry
	for i, p := range []time.Time{moment, day, {}, early} {
		e := indexEntry{File: "a.jsonl", Seq: i, Units: 1, DateOnly: i == 1}
		if !p.IsZero() {
			e.Published, _ = p.MarshalBinary()
		}
		entries = append(entries, e)
	}
	x, err := decodeIndex(indexOf(t, entries))
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Time{moment, day, {}, early}
	for d := range want {
		if !x.published[d].Equal(want[d]) || x.dateOnly[d] != (d == 1) {
			t.Errorf("document %d: published %v (a day: %v), want %v (%v)", d, x.published[d], x.dateOnly[d], want[d], d == 1)
		}
	}
}

// TestLabels: the components of a small graph, each node labelled with
// its least node.
func TestLabels(t *testing.T) {
	firsts := binary.AppendUvarint(nil, 2) // two documents, 4 and 3 nodes
	firsts = binary.AppendUvarint(binary.AppendUvarint(firsts, 4), 3)
	var ends []byte
	for _, e := range [][2]uint64{{1, 3}, {3, 5}, {0, 6}, {2, 6}} {
		ends = binary.AppendUvarint(binary.AppendUvarint(ends, e[0]), e[1]-e[0])
	}
	var got []byte
	if err := labelsFn(0, iterOf(ends), iterOf(firsts), func(b []byte) { got = b }); err != nil {
		t.Fatal(err)
	}
	var label []uint32
	if err := sideLabels(&label, iterOf(got)); err != nil {
		t.Fatal(err)
	}
	if want := []uint32{0, 1, 0, 1, 4, 1, 0}; !slices.Equal(label, want) {
		t.Errorf("labels %v, want %v", label, want)
	}
}

// iterOf iterates over bs, as Beam gives a group's values.
func iterOf(bs ...[]byte) func(*[]byte) bool {
	return func(b *[]byte) bool {
		if len(bs) == 0 {
			return false
		}
		*b, bs = bs[0], bs[1:]
		return true
	}
}

// TestPassagesStagesDamaged: what does not fit the index, the nodes'
// counts or the components is an error, not a panic.
func TestPassagesStagesDamaged(t *testing.T) {
	index := testIndex(t) // 3 documents
	firsts := binary.AppendUvarint(nil, 3)
	for _, n := range []uint64{2, 1, 2} {
		firsts = binary.AppendUvarint(firsts, n)
	}
	labels := binary.AppendUvarint(nil, 5)
	for range 5 {
		labels = binary.AppendUvarint(labels, 0)
	}
	none := func(int, []byte) {}
	for _, tc := range []struct {
		name string
		run  func() error
		want string
	}{
		{"chained pairs cut short", func() error { return pairsToDocsFn(0, []byte{9, 2}, none) }, "damaged batch"},
		{"nodes of a document past the index", func() error {
			return firstNodesFn(0, iterOf([]byte{7, 1}), iterOf(index), func([]byte) {})
		}, "document 7"},
		{"counts of nodes cut short", func() error { var f []uint32; return sideFirsts(&f, iterOf([]byte{3, 1})) }, "damaged counts"},
		{"a pair without its sides", func() error {
			batch := append([]byte{8}, []byte{2, 0, 1, 0, 3, 4, 0, 0}...)
			return (&edgesFn{}).ProcessElement(t.Context(), 0, iterOf(batch), iterOf(), iterOf(firsts), func([]byte) {}, none)
		}, "without their nodes"},
		{"an edge past the nodes", func() error {
			return labelsFn(0, iterOf([]byte{1, 9}), iterOf(firsts), func([]byte) {})
		}, "of 5"},
		{"nodes not the document's count", func() error {
			return (&routeNodesFn{}).ProcessElement([]byte{0, 1, 0, 3}, iterOf(firsts), iterOf(labels), none)
		}, "not its count"},
		{"a component past its node", func() error { var l []uint32; return sideLabels(&l, iterOf([]byte{2, 0, 5})) }, "damaged components"},
		{"a document without its analysis", func() error {
			fn := &componentsFn{Analysed: true}
			c := &component{nodes: []reuse.GraphNode{{ID: 0, Doc: 0, T0: 0, T1: 3}}}
			pending := c.appendPending(nil, &reuse.Edges{})
			return fn.ProcessElement(t.Context(), 0, iterOf(pending), iterOf(), iterOf(index), iterOf(labels), none, none, none)
		}, "without its analysis"},
	} {
		if err := tc.run(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}
