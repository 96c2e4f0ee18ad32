package reuse

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
)

// aligned groups the shards' candidate unit pairs by document pair and
// aligns each group on its own (AlignPair) with the two documents'
// analyses for the alignment (MarshalAlignment, UnmarshalAlignment),
// carrying what it finds through MarshalBinary
// and UnmarshalBinary, as a distributed run does; the pairs that share
// nothing are left out. Every pair that Live says no to must share
// nothing. The groups are returned in reverse order:
// ScanAligned orders them.
func (r *shardedRun) aligned(t testing.TB, shards []Shard) []*PairAlignment {
	as, first, docOf := r.forAlignment(t)
	var all []uint64
	for _, sh := range shards {
		all = append(all, sh.Pairs...)
	}
	slices.Sort(all)
	all = slices.Compact(all)
	// By document pair, each group's pairs in order.
	key := func(p uint64) uint64 { return uint64(docOf(uint32(p>>32)))<<32 | uint64(docOf(uint32(p))) }
	slices.SortStableFunc(all, func(x, y uint64) int {
		kx, ky := key(x), key(y)
		if kx != ky {
			if kx < ky {
				return -1
			}
			return 1
		}
		return 0
	})
	var groups [][]uint64 // the candidates of each document pair
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && key(all[j]) == key(all[i]) {
			j++
		}
		groups = append(groups, all[i:j])
		i = j
	}
	stems := func(u uint32) []uint32 { d := docOf(u); return as[d].UnitStems(int(u - first[d])) }
	live := Live(groups, stems, Options{})
	withWords, _ := r.withWords(t)
	r.roots = rootsOf(shards, docOf, Ranks(withWords), int(first[len(as)]))
	var out []*PairAlignment
	var pa PairAligner // its scratch space kept from pair to pair
	idle := 0          // the document pairs Live says no to
	for k, g := range groups {
		da, db := uint32(key(g[0])>>32), uint32(key(g[0]))
		p, err := pa.Align(as[da], as[db], da, db, first[da], first[db], g, r.pairRoots(first, da, db), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !live[k] {
			idle++
			if !p.Empty() {
				t.Errorf("documents %d and %d: Live says no, AlignPair found %d links and %d rewrites", da, db, len(p.links), len(p.rewrites))
			}
		}
		if !p.Empty() {
			out = append(out, carried(t, p))
		}
	}
	slices.Reverse(out)
	r.idle, r.docPairs = idle, len(groups)
	return out
}

// rootsOf returns every unit's root (of units), doc<<32 | unit or
// NoRoot, from what the shards offer (LeastRoots).
func rootsOf(shards []Shard, docOf func(uint32) uint32, rank []uint32, units int) []uint64 {
	var offered []uint64
	for _, sh := range shards {
		offered = append(offered, sh.Roots...)
	}
	roots := make([]uint64, units)
	for i := range roots {
		roots[i] = NoRoot
	}
	for _, k := range LeastRoots(offered, docOf, rank) {
		roots[k>>32] = uint64(docOf(uint32(k)))<<32 | uint64(uint32(k))
	}
	return roots
}

// pairRoots returns the roots of documents da's units and then db's
// (first[d] is d's first unit), as AlignPair reads them.
func (r *shardedRun) pairRoots(first []uint32, da, db uint32) []uint64 {
	return slices.Concat(r.roots[first[da]:first[da+1]], r.roots[first[db]:first[db+1]])
}

// carried returns p carried through its encoding, as between workers.
func carried(t testing.TB, p *PairAlignment) *PairAlignment {
	b, err := p.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var q PairAlignment
	if err := q.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	return &q
}

// forAlignment returns the analyses for the alignment of the documents
// with words (MarshalAlignment, UnmarshalAlignment, as a distributed run
// sends them), each one's first unit (first[len(as)] all the units), and
// the document of a unit.
func (r *shardedRun) forAlignment(t testing.TB) (as []*Analysis, first []uint32, docOf func(uint32) uint32) {
	first = []uint32{0}
	for i := range r.docs {
		var full, a Analysis
		if err := full.UnmarshalBinary(r.encoded[i]); err != nil {
			t.Fatal(err)
		}
		enc, err := full.MarshalAlignment()
		if err != nil {
			t.Fatal(err)
		}
		if err := a.UnmarshalAlignment(enc); err != nil {
			t.Fatal(err)
		}
		if a.Words() > 0 {
			as = append(as, &a)
			first = append(first, first[len(first)-1]+uint32(a.Units()))
		}
	}
	docOf = func(u uint32) uint32 {
		return uint32(sort.Search(len(first), func(d int) bool { return first[d] > u }) - 1)
	}
	return as, first, docOf
}

// alone finds the rewrites of the documents that share no copy as a
// distributed run finds them: each document's seeds made on its own
// (AppendSeeds), sharded by their top bits and paired shard by shard
// (SeedPairs, the shards in reverse order), grouped by document pair;
// the pairs that share no copy (by the pairs aligned) and have enough
// seeds (Seeded) compared (PairAligner.Alone), what they find carried
// through its encoding. It returns those that found something, and the
// number compared.
func (r *shardedRun) alone(t testing.TB, aligned []*PairAlignment) ([]*PairAlignment, int) {
	as, first, docOf := r.forAlignment(t)
	withWords, _ := r.withWords(t)
	rank := Ranks(withWords)
	byShard := make([][]Seed, 16)
	for d, a := range as {
		for _, k := range a.AppendSeeds(nil, first[d]) {
			byShard[k.Key>>60] = append(byShard[k.Key>>60], k)
		}
	}
	var all []uint64
	for s := len(byShard) - 1; s >= 0; s-- {
		all = append(all, SeedPairs(byShard[s], docOf, rank)...)
	}
	slices.Sort(all) // a unit pair seeded in several shards, once
	all = slices.Compact(all)
	shares := map[uint64]bool{}
	for _, p := range aligned {
		if p.SharesCopy() {
			shares[uint64(p.A)<<32|uint64(p.B)] = true
		}
	}
	key := func(p uint64) uint64 { return uint64(docOf(uint32(p>>32)))<<32 | uint64(docOf(uint32(p))) }
	slices.SortStableFunc(all, func(x, y uint64) int { return cmp.Compare(key(x), key(y)) })
	var out []*PairAlignment
	var pa PairAligner
	compared := 0
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && key(all[j]) == key(all[i]) {
			j++
		}
		da, db := uint32(key(all[i])>>32), uint32(key(all[i]))
		if !shares[key(all[i])] && Seeded(j-i, as[da].Units(), as[db].Units()) {
			compared++
			p, err := pa.Alone(as[da], as[db], da, db, first[da], first[db], all[i:j], r.pairRoots(first, da, db), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !p.Empty() {
				out = append(out, carried(t, p))
			}
		}
		i = j
	}
	slices.Reverse(out)
	return out, compared
}

// pairCorpus is the corpus of the tests of the stages by document pair
// (the seeds, 600 news, an outlet's furniture, a document that is
// furniture alone, a paragraph in 40 documents, a story whose copies
// include two that share an edit by chance (candidates_roots.go), a
// changelog twice with its short lines (bridge.go), the
// revised stories, the
// first of them carried by 20 more documents, dated: its revision's seeds
// are in more than maxSeedUnits units, of two texts each), analysed one document
// at a time, and the report Scan makes of it, and its bytes.
func pairCorpus(t *testing.T) (*shardedRun, *report.Scan, []byte) {
	docs, skipAfter := analysedCorpus()
	docs = append(docs, benchmarks.ReachCorpus(40)...)
	docs = append(docs, benchmarks.TwinEditsCorpus()...)
	docs = append(docs, editedTwice()...) // a member aligned with its representative below MinAlign
	// A changelog twice, a short line changed: short lines bridged
	// between copied ones (bridge.go).
	docs = append(docs, corpus.Doc{ID: "changelog-a", Text: []byte(bridgeLog)},
		corpus.Doc{ID: "changelog-b", Text: []byte(strings.Replace(bridgeLog, "#1125678", "#1125999", 1))})
	revised := revisedDocs(t)
	docs = append(docs, revised...)
	for i := range 20 {
		// Each published before the one before it: the earliest, the
		// last, is the one its texts seed through.
		d := revised[0]
		d.ID, d.Outlet = fmt.Sprintf("%s-%02d", d.ID, i), fmt.Sprintf("carrier%02d", i)
		d.Published = time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC).Add(-time.Duration(i) * time.Hour)
		docs = append(docs, d)
	}
	want, err := Scan(skipSource(docs, skipAfter), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return newShardedRun(t, docs, skipAfter), want, reportJSON(t, want)
}

// TestScanRewrittenAsScan: the rewrites of documents that share no copy,
// found pair by pair from seeds paired shard by shard (alone), joined
// with the pairs aligned by ScanRewritten, make the report Scan makes of
// the corpus, byte for byte.
func TestScanRewrittenAsScan(t *testing.T) {
	skipUnderRace(t)
	r, _, wb := pairCorpus(t)
	shards := r.shards(t, 4)
	pairs := r.aligned(t, shards)
	alone, compared := r.alone(t, pairs)
	alones := 0
	for _, p := range alone {
		alones += len(p.rewrites)
	}
	if alones == 0 {
		t.Fatalf("%d document pairs compared alone, no rewrite found: the corpus tests too little", compared)
	}
	t.Logf("%d document pairs compared alone, %d found something, %d rewrites", compared, len(alone), alones)
	got, err := ScanRewritten(r.source, shards, pairs, alone, Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	gb := reportJSON(t, got)
	got.Close()
	if !bytes.Equal(gb, wb) {
		t.Errorf("ScanRewritten's report (%d bytes) is not Scan's (%d bytes)", len(gb), len(wb))
	}
	// Without the alone pairs, a different report: the test can fail.
	got, err = ScanRewritten(r.source, shards, r.aligned(t, shards), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if gb := reportJSON(t, got); bytes.Equal(gb, wb) {
		t.Error("without the rewrites of documents that share no copy, the same report")
	}
	got.Close()
}

// TestScanAlignedAsScan: the candidate unit pairs of the shards, aligned
// document pair by document pair (AlignPair) and joined by ScanAligned,
// make the report Scan makes of the corpus, byte for byte: the seeds,
// generated news, an outlet's furniture, a document that is furniture
// alone, a paragraph in 40 documents (stars of candidate pairs), and
// revised stories (rewrites between documents that share no copy).
func TestScanAlignedAsScan(t *testing.T) {
	skipUnderRace(t)
	r, want, wb := pairCorpus(t)
	rewrites := 0
	for _, d := range want.Documents {
		rewrites += len(d.Rewrites)
	}
	if len(want.Passages) == 0 || rewrites == 0 {
		t.Fatalf("%d passages, %d rewrites: the corpus tests too little", len(want.Passages), rewrites)
	}
	shards := r.shards(t, 4)
	pairs := r.aligned(t, shards)
	if r.idle == 0 || r.idle == r.docPairs {
		t.Errorf("Live says no to %d of %d document pairs: the corpus tests it too little", r.idle, r.docPairs)
	}
	t.Logf("%d document pairs, %d idle, %d share something", r.docPairs, r.idle, len(pairs))
	got, err := ScanAligned(r.source, shards, pairs, Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	gb := reportJSON(t, got)
	got.Close()
	if !bytes.Equal(gb, wb) {
		t.Errorf("ScanAligned's report (%d bytes) is not Scan's (%d bytes)", len(gb), len(wb))
	}
}

// TestAlignedDamaged: pair alignments that do not fit the corpus, and
// pairs that do not fit their documents, are errors, not panics or wrong
// reports.
func TestAlignedDamaged(t *testing.T) {
	r := newShardedRun(t, seedDocs(), -1)
	shards := r.shards(t, 0)
	tests := []struct {
		name   string
		damage func([]*PairAlignment)
		want   string
	}{
		{"documents past the corpus", func(ps []*PairAlignment) { ps[0].B = 99 }, "aligned documents"},
		{"documents descending", func(ps []*PairAlignment) { ps[0].A, ps[0].B = ps[0].B, ps[0].A }, "aligned documents"},
		{"aligned twice", func(ps []*PairAlignment) { ps[1] = ps[0] }, "aligned twice"},
		{"first units", func(ps []*PairAlignment) { ps[0].firstB++ }, "with units from"},
		{"link past its units", func(ps []*PairAlignment) { ps[0].links[0].ua = 1 << 30 }, "does not fit"},
		{"link's length", func(ps []*PairAlignment) { ps[0].links[0].la++ }, "does not fit"},
		{"link's tokens", func(ps []*PairAlignment) { ps[0].links[0].al.a1 += 1000 }, "does not fit"},
		{"link's matches", func(ps []*PairAlignment) { ps[0].links[0].al.content = ps[0].links[0].al.matched + 1 }, "does not fit"},
		{"link of a third document", func(ps []*PairAlignment) { ps[0].links[0].db = ps[0].A }, "does not fit"},
		{"aligned pair as alone", func(ps []*PairAlignment) { ps[0].alone, ps[0].shares = true, false }, "compared alone, want aligned"},
		{"alone pair that shares a copy", func(ps []*PairAlignment) { ps[0].alone, ps[0].shares = true, true }, "share one"},
		{"rewrite's similarity", func(ps []*PairAlignment) {
			for _, p := range ps {
				if len(p.rewrites) > 0 {
					p.rewrites[0].sim = float32(math.NaN())
					return
				}
			}
			t.Error("no rewrite to damage")
		}, "rewrite of units"},
	}
	for _, tc := range tests {
		pairs := r.aligned(t, shards)
		if len(pairs) < 2 || len(pairs[0].links) == 0 {
			t.Fatalf("%d pairs aligned", len(pairs))
		}
		tc.damage(pairs)
		rep, err := ScanAligned(r.source, shards, pairs, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
		if rep != nil {
			rep.Close()
		}
	}
	var a Analysis
	if err := a.UnmarshalBinary(r.encoded[0]); err != nil {
		t.Fatal(err)
	}
	n := uint32(a.Units())
	for _, tc := range []struct {
		name   string
		da, db uint32
		pairs  []uint64
		want   string
	}{
		{"documents descending", 1, 0, nil, "not ascending"},
		{"unit past the document", 0, 1, []uint64{uint64(n) << 32}, "are not of documents"},
		{"pairs descending", 0, 1, []uint64{0<<32 | uint64(n) + 1, 0<<32 | uint64(n)}, "pairs not ascending"},
	} {
		if _, err := AlignPair(&a, &a, tc.da, tc.db, 0, n, tc.pairs, nil, Options{}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("AlignPair, %s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
	if _, err := AlignPair(&a, &a, 0, 1, 0, n, nil, make([]uint64, 3), Options{}); err == nil || !strings.Contains(err.Error(), "3 roots for") {
		t.Errorf("AlignPair, roots not of the two documents' units: error %v", err)
	}
}

// FuzzPairAlignment: a damaged encoding is an error, never a panic; one
// that decodes encodes back to the same bytes.
func FuzzPairAlignment(f *testing.F) {
	r := newShardedRun(f, seedDocs(), -1)
	pairs := r.aligned(f, r.shards(f, 0))
	ch, _ := chained(f, pairs, nil)
	for _, p := range append(pairs, ch...) {
		b, _ := p.MarshalBinary()
		f.Add(b)
	}
	f.Add([]byte{1, 0, 1, 0, 0, 1, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		var p PairAlignment
		if p.UnmarshalBinary(b) != nil {
			return
		}
		again, err := p.MarshalBinary()
		if err != nil || !bytes.Equal(again, b) {
			t.Errorf("decoded %d bytes, encoded back %d (%v)", len(b), len(again), err)
		}
	})
}

// TestAlignmentAnalysis: an analysis for the alignment survives its
// encoding, is some two thirds of the full one, and is refused by the
// stages that need the rest.
func TestAlignmentAnalysis(t *testing.T) {
	r := newShardedRun(t, seedDocs(), -1)
	full, slim := 0, 0
	for _, enc := range r.encoded {
		var a, b Analysis
		if err := a.UnmarshalBinary(enc); err != nil {
			t.Fatal(err)
		}
		x, err := a.MarshalAlignment()
		if err != nil {
			t.Fatal(err)
		}
		if err := b.UnmarshalAlignment(x); err != nil {
			t.Fatal(err)
		}
		if y, err := b.MarshalAlignment(); err != nil || !bytes.Equal(x, y) {
			t.Errorf("encoded again: %d bytes, %v; want the %d bytes decoded", len(y), err, len(x))
		}
		if _, err := b.MarshalBinary(); err == nil {
			t.Error("an analysis for the alignment encoded whole: no error")
		}
		full, slim = full+len(enc), slim+len(x)
	}
	if 4*slim > 3*full {
		t.Errorf("the analyses for the alignment take %d bytes, the full ones %d: want at most three quarters", slim, full)
	}
	t.Logf("full %d bytes, for the alignment %d", full, slim)
	src := func(doc func(corpus.Doc, *Analysis) error, skip func(corpus.Skip) error) error {
		var a Analysis
		x, _ := Analyse(r.docs[0]).MarshalAlignment()
		if err := a.UnmarshalAlignment(x); err != nil {
			return err
		}
		return doc(r.docs[0], &a)
	}
	if _, err := ScanAnalysed(src, Options{}); err == nil || !strings.Contains(err.Error(), "alignment only") {
		t.Errorf("ScanAnalysed of an analysis for the alignment: error %v", err)
	}
}

// FuzzAlignmentAnalysis: a damaged encoding of an analysis for the
// alignment is an error, never a panic; one that decodes encodes back to
// the same bytes.
func FuzzAlignmentAnalysis(f *testing.F) {
	for _, d := range seedDocs() {
		b, _ := Analyse(d).MarshalAlignment()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var a Analysis
		if a.UnmarshalAlignment(b) != nil {
			return
		}
		again, err := a.MarshalAlignment()
		if err != nil || !bytes.Equal(again, b) {
			t.Errorf("decoded %d bytes, encoded back %d (%v)", len(b), len(again), err)
		}
	})
}
