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
// # A text in many documents
//
// Documents whose shingle sets are identical (a wire story reprinted
// word for word, page chrome aside) are one: only the first of them, in
// input order, is indexed, verified and clustered, and the others are
// reported as the same as it (report.Document.SameAs), in its cluster,
// sharing its pairs. So a text in c documents costs c set comparisons and
// c report lines, not c(c − 1)/2 pairs. Copies that differ, by a word
// or a dateline, are still paired one by one: a cluster of c such copies
// costs c² verifications and lists c² pairs (see the README's limits).
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
	"slices"
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

	// Documents whose sets are identical are one: only the first of each
	// is indexed, verified and clustered; the others follow it.
	first := identical(docs)
	var reps []uint32 // the documents that are the first of their set
	for i, f := range first {
		if f == uint32(i) {
			reps = append(reps, f)
		} else {
			rep.Documents[i].SameAs = docs[f].id
			docs[i].set, docs[i].sig = nil, nil
		}
	}
	ix, err := minhash.NewIndex(params)
	if err != nil {
		return nil, fmt.Errorf("dupes: %w", err)
	}
	sigs := make([]minhash.Signature, len(reps))
	for k, d := range reps {
		sigs[k] = docs[d].sig
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

	// Verify every candidate exactly, in parallel, pairs in index order
	// (made pairs of documents: reps is increasing).
	cands := ix.CandidatePairs(opts.Workers)
	for i, c := range cands {
		cands[i] = uint64(reps[c>>32])<<32 | uint64(reps[uint32(c)])
	}
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
	for _, c := range withIdentical(completeLinkage(len(docs), edges, opts.Threshold, exact, addPair), first) {
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

// identical returns, for every document, the first document (in input
// order) whose set is the same as its own, itself if none.
func identical(docs []docState) []uint32 {
	first := make([]uint32, len(docs))
	seen := make(map[uint64][]uint32, len(docs)) // set hash -> first documents
	for i := range docs {
		first[i] = uint32(i)
		h := setHash(docs[i].set)
		for _, f := range seen[h] {
			if slices.Equal(docs[f].set, docs[i].set) {
				first[i] = f
				break
			}
		}
		if first[i] == uint32(i) {
			seen[h] = append(seen[h], uint32(i))
		}
	}
	return first
}

// setHash folds a set's fingerprints into one hash.
func setHash(set []uint32) uint64 {
	h := uint64(len(set))
	for _, v := range set {
		h = (h^uint64(v))*0x9e3779b97f4a7c15 + 1
	}
	return h
}

// withIdentical adds to each cluster (of first documents) the documents
// identical to its members, and makes a cluster of each other group of
// identical documents (weakest link: its first two, Jaccard 1).
func withIdentical(clusters []cluster, first []uint32) []cluster {
	followers := map[uint32][]uint32{}
	for i, f := range first {
		if f != uint32(i) {
			followers[f] = append(followers[f], uint32(i))
		}
	}
	for k := range clusters {
		var more []uint32
		for _, m := range clusters[k].members {
			more = append(more, followers[m]...)
			delete(followers, m)
		}
		clusters[k].members = append(clusters[k].members, more...)
		slices.Sort(clusters[k].members)
	}
	for i, f := range first {
		if fs := followers[uint32(i)]; f == uint32(i) && len(fs) > 0 {
			clusters = append(clusters, cluster{members: append([]uint32{uint32(i)}, fs...), weakest: edge{uint32(i), fs[0], 1}})
		}
	}
	return clusters
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
