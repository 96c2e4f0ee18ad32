package reuse

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
)

// shardedRun is a corpus analysed one document at a time, as a
// distributed run analyses it: each document's furniture added first, its
// analysis carried through MarshalBinary and UnmarshalBinary.
type shardedRun struct {
	docs      []corpus.Doc
	skipAfter int
	encoded   [][]byte // each document's analysis
	// idle and docPairs are the document pairs that aligned (below) last
	// found Live to say no to, and all it aligned.
	idle, docPairs int
	// roots are every unit's root (rootsOf), as aligned last found them.
	roots []uint64
}

func newShardedRun(t testing.TB, docs []corpus.Doc, skipAfter int) *shardedRun {
	var sites corpus.SiteLines
	for _, d := range docs {
		sites.Add(d.Outlet, d.Text)
	}
	r := &shardedRun{skipAfter: skipAfter}
	for _, d := range docs {
		d.Boilerplate = corpus.Merge(d.Boilerplate, sites.Find(d.Outlet, d.Text))
		enc, err := Analyse(d).MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		r.docs, r.encoded = append(r.docs, d), append(r.encoded, enc)
	}
	return r
}

// source delivers the documents and their analyses, decoded anew.
func (r *shardedRun) source(doc func(corpus.Doc, *Analysis) error, skip func(corpus.Skip) error) error {
	for i, d := range r.docs {
		if i == r.skipAfter {
			if err := skip(corpus.Skip{ID: "photo", Path: "photo.jpg", Reason: "binary"}); err != nil {
				return err
			}
		}
		var a Analysis
		if err := a.UnmarshalBinary(r.encoded[i]); err != nil {
			return err
		}
		if err := doc(d, &a); err != nil {
			return err
		}
	}
	return nil
}

// withWords returns the documents with words, numbered as a distributed
// run numbers them, and their analyses.
func (r *shardedRun) withWords(t testing.TB) ([]corpus.Doc, []*Analysis) {
	var docs []corpus.Doc
	var as []*Analysis
	for i, d := range r.docs {
		var a Analysis
		if err := a.UnmarshalBinary(r.encoded[i]); err != nil {
			t.Fatal(err)
		}
		if a.Words() > 0 {
			docs, as = append(docs, d), append(as, &a)
		}
	}
	return docs, as
}

// shards makes the postings of every document with words, numbered as
// a distributed run numbers them, and finds the candidates of the shards
// that the top bits of their hashes make.
func (r *shardedRun) shards(t testing.TB, bits int) []Shard {
	docs, as := r.withWords(t)
	rank := Ranks(docs)
	byShard := make([][]Posting, 1<<bits)
	first := uint32(0)
	var ps []Posting
	for d, a := range as {
		ps = a.AppendPostings(ps[:0], uint32(d), first, 0)
		first += uint32(a.Units())
		for _, p := range ps {
			s := p.Hash >> (64 - bits)
			if bits == 0 {
				s = 0
			}
			byShard[s] = append(byShard[s], p)
		}
	}
	// The shards in reverse order, their postings in reverse order: the
	// join orders shards, and a shard its postings.
	var out []Shard
	for s := len(byShard) - 1; s >= 0; s-- {
		ps := byShard[s]
		for i, j := 0, len(ps)-1; i < j; i, j = i+1, j-1 {
			ps[i], ps[j] = ps[j], ps[i]
		}
		pairs, roots, err := ShardPairs(slices.Clone(ps), rank)
		if err != nil {
			t.Fatal(err)
		}
		sh, err := ShardCandidates(ps, rank)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(pairs, sh.Pairs) || !slices.Equal(roots, sh.Roots) {
			t.Fatalf("shard %d: ShardPairs found %d pairs and %d roots, ShardCandidates %d and %d", s, len(pairs), len(roots), len(sh.Pairs), len(sh.Roots))
		}
		out = append(out, sh)
	}
	return out
}

// TestScanCandidatesAsScan: the postings of documents analysed one by one,
// sharded by the top bits of their hashes (one shard, 16 and 256), their
// shards' candidates found apart and joined, make with ScanCandidates the
// report Scan makes of the corpus, byte for byte: the seeds, generated
// news, an outlet's furniture, a document that is furniture alone, a
// paragraph in 40 documents (stars of candidate pairs), and identical
// documents (identicalPairs).
func TestScanCandidatesAsScan(t *testing.T) {
	skipUnderRace(t)
	docs, skipAfter := analysedCorpus()
	docs = append(docs, benchmarks.ReachCorpus(40)...)
	docs = append(docs, identicalCorpus()...)
	want, err := Scan(skipSource(docs, skipAfter), Options{})
	if err != nil {
		t.Fatal(err)
	}
	wb := reportJSON(t, want)
	if len(want.Passages) == 0 {
		t.Fatal("no passage")
	}
	r := newShardedRun(t, docs, skipAfter)
	for _, bits := range []int{0, 4, 8} {
		got, err := ScanCandidates(r.source, r.shards(t, bits), Options{TempDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		gb := reportJSON(t, got)
		got.Close()
		if !bytes.Equal(gb, wb) {
			t.Errorf("%d shard bits: ScanCandidates's report (%d bytes) is not Scan's (%d bytes)", bits, len(gb), len(wb))
		}
	}
}

// TestShardsDamaged: shards that do not fit the corpus are an error, not a
// panic or a wrong report.
func TestShardsDamaged(t *testing.T) {
	r := newShardedRun(t, seedDocs(), -1)
	tests := []struct {
		name   string
		damage func([]Shard)
		want   string
	}{
		{"document past the corpus", func(s []Shard) {
			s[0].Docs = append(s[0].Docs, 99)
			s[0].Distinct = append(s[0].Distinct, 1)
			s[0].Sets = append(s[0].Sets, nil)
		}, "names document 99"},
		{"counts missing", func(s []Shard) { s[0].Distinct = nil }, "counts"},
		{"rank past the shared", func(s []Shard) { s[0].Sets[0] = []uint32{s[0].Shared} }, "not ascending ranks"},
		{"pair in one document", func(s []Shard) { s[0].Pairs = append(s[0].Pairs, 0<<32|1) }, "pairs units 0 and 1"},
		{"pair past the units", func(s []Shard) { s[0].Pairs = append(s[0].Pairs, 1<<32|1<<31) }, "pairs units 1 and"},
		{"root past the units", func(s []Shard) { s[0].Roots = append(s[0].Roots, 1<<32|1<<31) }, "gives unit 1 root"},
		{"root in the unit's document", func(s []Shard) { s[0].Roots = append(s[0].Roots, 0<<32|1) }, "gives unit 0 root 1"},
	}
	for _, tc := range tests {
		shards := r.shards(t, 0)
		tc.damage(shards)
		rep, err := ScanCandidates(r.source, shards, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
		if rep != nil {
			rep.Close()
		}
	}
	if _, err := ShardCandidates([]Posting{{Hash: 1, Unit: 0, Doc: 9}}, []uint32{0}); err == nil {
		t.Error("a posting of a document not ranked: no error")
	}
	if _, _, err := ShardPairs([]Posting{{Hash: 1, Unit: 0, Doc: 9}}, []uint32{0}); err == nil {
		t.Error("ShardPairs: a posting of a document not ranked: no error")
	}
}
