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
// A text carried by thousands of documents must cost thousands of steps,
// not millions of pairs. So:
//
//   - Documents whose shingle sets are identical are one: only the first,
//     in input order, goes on; the others are its copies
//     (report.Document.CopyOf, Jaccard 1), in its cluster, sharing its
//     pairs.
//   - The others gather around leaders (gather, a block at a time, in
//     parallel, with the result of one document at a time): each joins
//     the first earlier leader the LSH index of leaders proposes whose
//     Jaccard with it reaches the threshold, and is reported as its copy.
//   - A group of at most 64 is broken up again: its documents are paired
//     by the index and clustered one by one, exactly as below. A larger
//     group gets a center, the shingles most of its first 64 members hold
//     (a median: nearer every copy than any copy is), and keeps the members
//     within (1 − threshold)/2 of it. Jaccard distance (1 − J) is a metric
//     (Levandowsky and Winter 1971), so those are near-duplicates of each
//     other without being compared. A member farther out stands apart: it
//     is paired only with its group, which takes it in if the distances
//     through the center, and at most 64 comparisons, show it a
//     near-duplicate of every member.
//
// Such a cluster of more than 64 documents has a floor (every two members
// have Jaccard at least its min_jaccard) instead of its weakest link, and
// its pairs are those computed (each copy with its leader) rather than all
// of them; report.Dupes.NotComputed counts the pairs left uncompared
// (copies that stood apart from their group, with each other and with the
// group), which may hold near-duplicates the report does not list.
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
	"slices"

	"github.com/copydesk/copydesk/corpus"
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
	keys []uint64 // the signature's LSH band keys; nil for an empty set
	est  []uint16 // the low 16 bits of each signature value, for estimates
	sum  uint64   // setHash(set), made where the set is
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

	docs, err := analyse(src, opts, signerOpts, params, rep)
	if err != nil {
		return nil, err
	}

	g, err := group(docs, params, opts, rep)
	if err != nil {
		return nil, fmt.Errorf("dupes: %w", err)
	}
	stars, c := g.stars, g.sims
	cands := append(c.ix.CandidatePairs(opts.Workers), g.apart...)
	js := leaderJaccards(cands, stars, docs, opts.Threshold, opts.Workers)
	c.ix = nil
	known := g.starPairs
	for i, cand := range cands {
		if js[i] >= opts.Threshold { // those below are computed again if need be
			known = append(known, knownPair{pairKey(stars[cand>>32].leader, stars[uint32(cand)].leader), js[i]})
		}
	}
	c.setKnown(known)
	clusters := buildClusters(stars, clusterStars(stars, cands, js, opts.Threshold, c), opts.Threshold, c)
	clusterOf := clusterIndex(clusters, len(docs))
	rep.NotComputed = crossPairs(stars, cands, clusterOf, opts.Threshold, c) + apartPairs(stars, g.left, clusterOf)
	weakestComputed(clusters, len(docs), c)
	clusters = withIdentical(clusters, g.first)
	copiesInClusters(rep, docs, clusters, g.original, c)
	fill(rep, docs, clusters, c, opts.Threshold, opts.Workers)
	rep.Sort()
	return rep, nil
}

// grouped is what group makes of the documents.
type grouped struct {
	first []uint32          // each document's first identical one (itself if none)
	stars []star            // the units paired and clustered
	apart []uint64          // pairs of stars that settle adds (a<<32 | b)
	left  map[uint32]uint32 // the star each copy standing apart left
	sims  *sims             // pairs computed so far, and the stars' index
	// starPairs are each star's members with its leader, as gathered,
	// with their Jaccard: known before clustering (sims.setKnown).
	starPairs []knownPair
	// original is, for each document that gathered around a leader, that
	// leader (its copy_of as gathered); -1 for the others.
	original []int32
}

// group makes the units that are paired and clustered: the first of each
// set of identical documents, gathered into stars around leaders (gather)
// and settled (settle). It records each copy's original in the report.
func group(docs []docState, params minhash.Params, opts Options, rep *report.Dupes) (grouped, error) {
	// Documents whose sets are identical are one: only the first of each
	// goes on. The others follow it.
	g := grouped{first: identical(docs)}
	var reps []uint32 // the documents that are the first of their set
	for i, f := range g.first {
		if f == uint32(i) {
			reps = append(reps, f)
		} else {
			rep.Documents[i].CopyOf = &report.Near{Doc: docs[f].id, Jaccard: 1}
			docs[i].set, docs[i].keys, docs[i].est = nil, nil, nil
		}
	}
	// Near-identical documents gather around leaders (stars), which are
	// then made clusters of their own or broken up; only stars are paired
	// by the index and clustered.
	stars, ix, err := gather(docs, reps, params, opts.Threshold, gatherBlock, opts.Workers)
	if err != nil {
		return g, err
	}
	c := &sims{docs: docs, ix: ix, centers: map[[2]uint32]float64{}}
	g.original = make([]int32, len(docs))
	for i := range g.original {
		g.original[i] = -1
	}
	for _, s := range stars {
		for k, m := range s.members[1:] {
			g.original[m] = int32(s.leader)
			rep.Documents[m].CopyOf = &report.Near{Doc: docs[s.leader].id, Jaccard: s.near[k]}
			g.starPairs = append(g.starPairs, knownPair{pairKey(s.leader, m), s.near[k]})
		}
	}
	if g.stars, g.apart, g.left, err = settle(stars, docs, ix, opts.Threshold, opts.Workers); err != nil {
		return g, err
	}
	c.stars, g.sims = g.stars, c
	for i := range docs {
		docs[i].keys = nil // the index holds them now
	}
	return g, nil
}

// fill writes the pairs computed at the threshold or above, and the
// clusters, into the report, ids ordered as strings, on workers
// goroutines: each pair's estimate reads two signatures far apart in
// memory, and each cluster its members' ids, a wait on memory each that
// goroutines wait on side by side.
func fill(rep *report.Dupes, docs []docState, clusters []cluster, c *sims, threshold float64, workers int) {
	ordered := func(a, b uint32) (string, string) {
		if docs[a].id > docs[b].id {
			return docs[b].id, docs[a].id
		}
		return docs[a].id, docs[b].id
	}
	type computed struct {
		p [2]uint32
		j float64
	}
	var at []computed
	c.each(func(a, b uint32, j float64) {
		if j >= threshold {
			at = append(at, computed{[2]uint32{a, b}, j})
		}
	})
	if len(at) > 0 {
		rep.Pairs = make([]report.Pair, len(at))
	}
	parallel.Chunks(len(at), 256, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			p, j := at[i].p, at[i].j
			ida, idb := ordered(p[0], p[1])
			rep.Pairs[i] = report.Pair{A: ida, B: idb, Jaccard: j, Estimate: estimate(docs[p[0]].est, docs[p[1]].est)}
		}
	})
	if len(clusters) > 0 {
		rep.Clusters = make([]report.Cluster, len(clusters))
	}
	parallel.Chunks(len(clusters), 64, workers, func(_, lo, hi int) {
		for k := lo; k < hi; k++ {
			cl := &clusters[k]
			wa, wb := ordered(cl.weakest.a, cl.weakest.b)
			rc := report.Cluster{MinJaccard: cl.floor, EveryPair: cl.every, Weakest: report.Link{A: wa, B: wb, Jaccard: cl.weakest.j},
				Members: make([]string, len(cl.members))}
			for i, m := range cl.members {
				rc.Members[i] = docs[m].id
			}
			rep.Clusters[k] = rc
		}
	})
}

// MinRecall is the probability, by the LSH S-curve, that a pair exactly at
// the threshold becomes a candidate; pairs above it are likelier still.
const MinRecall = 0.99

// analyse shingles and signs every document with opts.Workers goroutines,
// keeping documents and skips in input order.
func analyse(src Source, opts Options, signerOpts minhash.Options, params minhash.Params, rep *report.Dupes) ([]docState, error) {
	var docs []docState // appended as the workers' results come, in input order
	err := corpus.Map(src, opts.Workers, func() func(corpus.Doc) docState {
		sh := shingle.Shingler{Options: shingle.Options{K: opts.Shingle}}
		signer, _ := minhash.NewSigner(signerOpts) // options checked by Find
		var hashes []uint64
		var buf []uint32
		var sig minhash.Signature
		return func(d corpus.Doc) docState {
			hashes = sh.AppendHashes(hashes[:0], corpus.Mask(d.Text, d.Boilerplate))
			sig = signer.Sign(sig, hashes)
			st := docState{id: d.ID, path: d.Path, note: d.Note, est: make([]uint16, len(sig))}
			for i, v := range sig {
				st.est[i] = uint16(v)
			}
			if !sig.IsEmpty() {
				st.keys = minhash.AppendBandKeys(make([]uint64, 0, params.Bands), sig, params)
			}
			st.set, buf = minhash.Set32(hashes, buf)
			st.sum = setHash(st.set)
			return st
		}
	}, func(_ corpus.Doc, st docState) {
		if len(st.set) == 0 {
			rep.Skipped = append(rep.Skipped, report.Skipped{ID: st.id, Path: st.path, Reason: "no words to compare"})
			return
		}
		docs = append(docs, st)
	}, func(s corpus.Skip) {
		rep.Skipped = append(rep.Skipped, report.Skipped{ID: s.ID, Path: s.Path, Reason: s.Reason})
	})
	if err != nil {
		return nil, err
	}
	rep.Documents = make([]report.Document, len(docs))
	for i := range docs {
		st := &docs[i]
		rep.Documents[i] = report.Document{ID: st.id, Path: st.path, Note: st.note, Shingles: len(st.set)}
	}
	return docs, nil
}

// estimate is the MinHash estimate of two signatures from the low 16 bits
// of their values (b-bit minwise hashing, Li and König 2010): the share of
// values that agree, which two unequal values do by chance with
// probability 2⁻¹⁶, a bias of (1 − J)/65,536, far below the estimate's own
// error.
func estimate(a, b []uint16) float64 {
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(max(len(a), 1))
}

// identical returns, for every document, the first document (in input
// order) whose set is the same as its own, itself if none.
func identical(docs []docState) []uint32 {
	first := make([]uint32, len(docs))
	seen := make(map[uint64]uint32, len(docs)) // set hash -> the first document of that hash
	var others map[uint64][]uint32             // the first documents of other sets of a hash taken
	for i := range docs {
		first[i] = uint32(i)
		h := docs[i].sum
		f, ok := seen[h]
		switch {
		case !ok:
			seen[h] = uint32(i)
			continue
		case slices.Equal(docs[f].set, docs[i].set):
			first[i] = f
			continue
		}
		for _, f := range others[h] {
			if slices.Equal(docs[f].set, docs[i].set) {
				first[i] = f
				break
			}
		}
		if first[i] == uint32(i) {
			if others == nil {
				others = map[uint64][]uint32{}
			}
			others[h] = append(others[h], uint32(i))
		}
	}
	return first
}

// setHash folds a set's fingerprints into one hash, in four lanes (every
// fourth fingerprint each), so that four chains of multiplications run
// side by side rather than one of them all. It only sorts documents for
// identical: two sets of one hash are compared in full.
func setHash(set []uint32) uint64 {
	const m = 0x9e3779b97f4a7c15
	h0, h1, h2, h3 := uint64(len(set)), uint64(1), uint64(2), uint64(3)
	i := 0
	for ; i+4 <= len(set); i += 4 {
		h0 = (h0^uint64(set[i]))*m + 1
		h1 = (h1^uint64(set[i+1]))*m + 1
		h2 = (h2^uint64(set[i+2]))*m + 1
		h3 = (h3^uint64(set[i+3]))*m + 1
	}
	for ; i < len(set); i++ {
		h0 = (h0^uint64(set[i]))*m + 1
	}
	return ((h0*m^h1)*m^h2)*m ^ h3
}
