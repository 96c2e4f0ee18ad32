// Package dupes finds near-duplicate documents: documents whose word-shingle
// sets have exact Jaccard similarity at or above a threshold.
//
// Each document's shingle set (package shingle) is signed with MinHash
// (package minhash); an LSH index banded for the threshold proposes
// candidate pairs; every candidate is verified by exact Jaccard of the two
// documents' sets of shingle fingerprints (the high 32 bits of each shingle
// hash, minhash.Set32: half the memory of the hashes, sorted by counting),
// in parallel, pairs whose sizes alone rule them out skipped. Reported
// scores are exact on the fingerprints, and precision is 1 but for
// fingerprint collisions: two distinct shingles share a fingerprint with
// probability 2⁻³², about one spurious shared shingle in 12,000 pairs of
// 600-shingle documents, which moves that pair's Jaccard by about 1/1,000.
// Recall is the LSH candidate probability 1 − (1 − J^r)^b, measured against
// brute force by the tests and benchmarks.
//
// Page chrome the reader found (corpus.Chrome) is left out of the shingle
// sets. The per-outlet furniture rule (corpus.SiteLines) needs the whole
// corpus before the first signature, so Find, which streams, does not
// apply it.
//
// # Clusters without chaining
//
// Clusters are built by complete linkage: verified pairs are taken from the
// most similar down, and two clusters merge only if every pair across them
// has exact Jaccard ≥ threshold (pairs the index did not propose are
// computed exactly on the spot). So every two members of a cluster are
// near-duplicates themselves; a document that resembles A, and C that
// resembles the document, do not put A and C together. Each cluster reports
// its weakest link, the least similar pair of members, which is at or above
// the threshold by construction.
//
// Output is byte-identical for any number of workers: documents get ids in
// input order, and candidates, pairs and clusters are ordered by those ids
// and by exact scores.
package dupes

import (
	"fmt"
	"runtime"
	"sort"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/linkage"
	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/minhash"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/shingle"
)

// Options configures Find. The zero value means the defaults.
type Options struct {
	Threshold float64        // exact Jaccard to report; 0 means 0.8
	Shingle   int            // words per shingle; 0 means shingle.DefaultK
	Perm      int            // signature length; 0 means minhash.DefaultK
	Scheme    minhash.Scheme // zero is the default scheme
	Workers   int            // 0 means runtime.GOMAXPROCS(0)
}

// DefaultThreshold is the default Jaccard threshold.
const DefaultThreshold = 0.8

// Source delivers a corpus to Find (corpus.Dir, corpus.Docs).
type Source = corpus.Source

// docState is what Find keeps of a document: not its text.
type docState struct {
	id   string
	path string
	note string   // what the reader changed (corpus.Doc.Note)
	set  []uint32 // distinct shingle fingerprints, sorted (minhash.Set32)
	sig  minhash.Signature
}

// Find reads the corpus from src and reports its near-duplicate documents.
// Documents with no shingle at all are listed as skipped.
func Find(src Source, opts Options) (*report.Dupes, error) {
	if opts.Threshold == 0 {
		opts.Threshold = DefaultThreshold
	}
	if !(opts.Threshold > 0 && opts.Threshold <= 1) {
		return nil, fmt.Errorf("dupes: threshold %v is not in (0, 1]", opts.Threshold)
	}
	if opts.Shingle == 0 {
		opts.Shingle = shingle.DefaultK
	}
	if opts.Shingle < 1 {
		return nil, fmt.Errorf("dupes: shingle width %d is less than 1", opts.Shingle)
	}
	if opts.Perm == 0 {
		opts.Perm = minhash.DefaultK
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	signerOpts := minhash.Options{K: opts.Perm, Scheme: opts.Scheme}
	if _, err := minhash.NewSigner(signerOpts); err != nil {
		return nil, fmt.Errorf("dupes: %w", err)
	}
	// A false positive costs one exact check; a false negative is a missed
	// duplicate: band for recall.
	params, err := minhash.RecallParams(opts.Threshold, opts.Perm, MinRecall)
	if err != nil {
		return nil, fmt.Errorf("dupes: %w", err)
	}

	rep := &report.Dupes{Params: report.DupesParams{
		Threshold: opts.Threshold, Shingle: opts.Shingle, Perm: opts.Perm,
		Scheme: opts.Scheme.String(), Bands: params.Bands, Rows: params.Rows,
	}}

	docs, err := analyse(src, opts, signerOpts, rep)
	if err != nil {
		return nil, err
	}

	ix, err := minhash.NewIndex(params)
	if err != nil {
		return nil, fmt.Errorf("dupes: %w", err)
	}
	sigs := make([]minhash.Signature, len(docs))
	for i := range docs {
		sigs[i] = docs[i].sig
	}
	if err := ix.AddAll(0, sigs, opts.Workers); err != nil {
		return nil, fmt.Errorf("dupes: %w", err)
	}
	sigs = nil

	// Ids in the report are ordered as strings: input order need not be.
	ordered := func(a, b uint32) (string, string) {
		if docs[a].id > docs[b].id {
			return docs[b].id, docs[a].id
		}
		return docs[a].id, docs[b].id
	}
	addPair := func(a, b uint32, j float64) {
		ida, idb := ordered(a, b)
		rep.Pairs = append(rep.Pairs, report.Pair{A: ida, B: idb, Jaccard: j,
			Estimate: minhash.Estimate(docs[a].sig, docs[b].sig)})
	}

	// Verify every candidate exactly, in parallel, pairs in index order.
	cands := ix.CandidatePairs(opts.Workers)
	sims := verify(docs, cands, opts.Threshold, opts.Workers)
	var edges []edge
	for i, c := range cands {
		if sims[i] >= opts.Threshold {
			a, b := uint32(c>>32), uint32(c)
			edges = append(edges, edge{a, b, sims[i]})
			addPair(a, b, sims[i])
		}
	}
	cands, sims = nil, nil
	exact := func(a, b uint32) float64 { return minhash.Jaccard(docs[a].set, docs[b].set) }
	for _, c := range completeLinkage(len(docs), edges, opts.Threshold, exact, addPair) {
		wa, wb := ordered(c.weakest.a, c.weakest.b)
		cl := report.Cluster{MinJaccard: c.weakest.j, Weakest: report.Link{A: wa, B: wb, Jaccard: c.weakest.j}}
		for _, m := range c.members {
			cl.Members = append(cl.Members, docs[m].id)
		}
		rep.Clusters = append(rep.Clusters, cl)
	}
	rep.Sort()
	return rep, nil
}

// MinRecall is the probability, by the LSH S-curve, that a pair exactly at
// the threshold becomes a candidate; pairs above it are likelier still.
const MinRecall = 0.99

// analyse shingles and signs every document with opts.Workers goroutines,
// keeping documents and skips in input order.
func analyse(src Source, opts Options, signerOpts minhash.Options, rep *report.Dupes) ([]docState, error) {
	var docs []docState
	err := corpus.Map(src, opts.Workers, func() func(corpus.Doc) *docState {
		sh := shingle.Shingler{Options: shingle.Options{K: opts.Shingle}}
		signer, _ := minhash.NewSigner(signerOpts) // options checked by Find
		var hashes []uint64
		var buf []uint32
		return func(d corpus.Doc) *docState {
			hashes = sh.AppendHashes(hashes[:0], corpus.Mask(d.Text, d.Boilerplate))
			st := &docState{id: d.ID, path: d.Path, note: d.Note, sig: signer.Sign(nil, hashes)}
			st.set, buf = minhash.Set32(hashes, buf)
			return st
		}
	}, func(_ corpus.Doc, st *docState) {
		if len(st.set) == 0 {
			rep.Skipped = append(rep.Skipped, report.Skipped{ID: st.id, Path: st.path, Reason: "no words to compare"})
			return
		}
		docs = append(docs, *st)
		rep.Documents = append(rep.Documents, report.Document{ID: st.id, Path: st.path, Note: st.note, Shingles: len(st.set)})
	}, func(s corpus.Skip) {
		rep.Skipped = append(rep.Skipped, report.Skipped{ID: s.ID, Path: s.Path, Reason: s.Reason})
	})
	if err != nil {
		return nil, err
	}
	return docs, nil
}

// verify returns the exact Jaccard of every candidate pair, computed on
// workers goroutines; a pair whose sets' sizes alone keep it below the
// threshold (Jaccard is at most the smaller size over the larger) gets 0
// without a merge.
func verify(docs []docState, cands []uint64, threshold float64, workers int) []float64 {
	sims := make([]float64, len(cands))
	parallel.Chunks(len(cands), 4096, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			a, b := docs[cands[i]>>32].set, docs[uint32(cands[i])].set
			if float64(min(len(a), len(b))) < threshold*float64(max(len(a), len(b))) {
				continue
			}
			sims[i] = minhash.Jaccard(a, b)
		}
	})
	return sims
}

type edge struct {
	a, b uint32
	j    float64
}

type cluster struct {
	members []uint32
	weakest edge
}

// completeLinkage groups documents so that every two members of a group
// have Jaccard ≥ threshold (linkage.Complete), each with its weakest link.
// edges are the verified pairs at or above it, taken strongest first;
// known holds every computed similarity, and exact computes a missing one
// (reported through found when it reaches the threshold).
func completeLinkage(n int, edges []edge, threshold float64,
	exact func(a, b uint32) float64, found func(a, b uint32, j float64)) []cluster {
	// The verified pairs at or above the threshold, to look up; pairs
	// computed here are kept in known.
	verified := make(map[[2]uint32]float64, len(edges))
	for _, e := range edges {
		verified[[2]uint32{e.a, e.b}] = e.j
	}
	known := map[[2]uint32]float64{}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].j != edges[j].j {
			return edges[i].j > edges[j].j
		}
		if edges[i].a != edges[j].a {
			return edges[i].a < edges[j].a
		}
		return edges[i].b < edges[j].b
	})
	lookup := func(a, b uint32) float64 {
		if a > b {
			a, b = b, a
		}
		if j, ok := verified[[2]uint32{a, b}]; ok {
			return j
		}
		if j, ok := known[[2]uint32{a, b}]; ok {
			return j
		}
		j := exact(a, b)
		known[[2]uint32{a, b}] = j
		if j >= threshold {
			found(a, b, j)
		}
		return j
	}
	ledges := make([]linkage.Edge, len(edges))
	for i, e := range edges {
		ledges[i] = linkage.Edge{A: e.a, B: e.b}
	}
	// The weakest link of each cluster of two or more, by the item that
	// first grew it (its first member, as it grows).
	weakest := map[uint32]edge{}
	groups := linkage.Complete(n, ledges, func(le linkage.Edge, a, b []uint32) bool {
		w := edge{le.A, le.B, lookup(le.A, le.B)}
		ok := linkage.AllPairs(a, b, func(x, y uint32) bool {
			j := lookup(x, y)
			if j < threshold {
				return false
			}
			if j < w.j {
				w = edge{min(x, y), max(x, y), j}
			}
			return true
		})
		if !ok {
			return false
		}
		for _, first := range []uint32{a[0], b[0]} {
			if g, grown := weakest[first]; grown && g.j < w.j {
				w = g
			}
		}
		weakest[a[0]] = w
		delete(weakest, b[0])
		return true
	})
	out := make([]cluster, len(groups))
	for i, g := range groups {
		out[i].members = g
		for _, m := range g {
			if w, ok := weakest[m]; ok {
				out[i].weakest = w
				break
			}
		}
	}
	return out
}
