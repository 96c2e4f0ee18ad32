package reuse

import (
	"cmp"
	"math/bits"
	"slices"

	"github.com/copydesk/copydesk/internal/parallel"
)

// Identical units. A shingle in more than starDocs documents pairs each
// document's units only with its leader's (appendStar). When the shingle
// is a stock phrase inside different sentences, as licence texts are in
// hundreds of files in as many wordings, the leader's sentence is not the
// one two later files print word for word, and nothing pairs those two:
// each aligns, at best in part, with the leader's sentence, which one of
// a file's sentences can take (chains.go keeps each word of a pair's
// documents in one link), and the identical copies in the gcc-12
// packages' copyright files were "original". So every unit longer than
// one shingle also makes a text posting: the hash of its shingles' hashes
// (textHash), which identical units share. Its run pairs the units of
// one text as a shingle's run pairs its units, all with all up to
// starDocs documents and else through the earliest document that prints
// the text: a star per text, whose pairs cost no more than the text's
// copies. A text's documents hold each of its shingles too, so the
// texts' stars offer no root that a shingle's star has not offered
// earlier (candidates_roots.go), and a text that a shingle's run pairs
// already (the same units: unitLists) makes no pairs again. Text
// postings make pairs only, never the documents' sets behind Jaccard and
// containment. A unit of at most K tokens makes one shingle, of its
// whole text, already.

// textHash is the hash of a unit's text from the hashes of its shingles
// (unitHashes), for a unit of more than K tokens (two shingles or more):
// identical units share it, and it is made where the shingles' hashes
// are, at no pass over the stems of its own. A text shares it with a
// shingle, or with another text, by chance only (2⁻⁶⁴).
func textHash(shingles []uint64) uint64 {
	const m = 0x9E3779B97F4A7C15
	h := (uint64(len(shingles)) ^ 0x7465787420) * m // "text "
	for _, x := range shingles {
		h = (bits.RotateLeft64(h, 27) ^ x) * m
	}
	h ^= h >> 33
	h *= 0xC2B2AE3D27D4EB4F
	h ^= h >> 29
	return h
}

// Identical documents. Two copies of one document, word for word (a
// package's copyright file shipped again with its -dev package, a wire
// story reprinted whole), share every unit; but where each unit's
// shingles and text are in more than starDocs documents, each copy is
// paired only with a leader elsewhere, never with the other (the X.org
// permission notice in hundreds of copyright files), and the short lines
// they alone share ("Copyright 1993, 1998 The Open Group", under the
// evidence rule on their own) stay each copy's "original". So each
// document also has a text of its own, docTextHash, of its units' texts
// in order, which identical documents share, and its run pairs those
// documents' units, the first with the first and so on (appendZip), all
// with all up to starDocs documents and else through the earliest: a
// star, as for a unit's text, whose pairs cost no more than the copies.

// textFold folds the texts of a document's units, in order, into its
// docTextHash.
type textFold struct {
	h uint64
	n uint64
}

// foldedText is the text of a unit for textFold: textHash(shingles) if it
// has more than one shingle (text), else its one shingle's hash.
func foldedText(shingles []uint64, text uint64) uint64 {
	if len(shingles) == 1 {
		return shingles[0]
	}
	return text
}

func (f *textFold) add(text uint64) {
	const m = 0x9E3779B97F4A7C15
	if f.n == 0 {
		f.h = 0x646f632074657874 // "doc text"
	}
	f.h = (bits.RotateLeft64(f.h, 31) ^ text) * m
	f.n++
}

// sum is the document's docTextHash, 0 if it has no unit.
func (f *textFold) sum() uint64 {
	if f.n == 0 {
		return 0
	}
	h := (f.h ^ f.n) * 0xC2B2AE3D27D4EB4F
	h ^= h >> 29
	return h | 1 // never 0
}

// identicalPairs returns the candidate pairs (ua<<32 | ub, ua < ub,
// sorted and distinct) of the units of identical documents, from each
// document's docTextHash (docTexts, 0 for none): the postings of a hash
// that more than one document has, one a unit of each such document.
// first[d] is document d's first unit; rank is each document's place in
// time.
func identicalPairs(docTexts []uint64, first []int64, rank []uint32, lists *unitLists, workers int) []uint64 {
	byHash := make([]uint64, 0, len(docTexts)) // the hashes, sorted: a hash taken twice is a copy's
	for _, h := range docTexts {
		if h != 0 {
			byHash = append(byHash, h)
		}
	}
	parallel.RadixSortBuf(byHash, nil)
	var ps []posting
	for d, h := range docTexts {
		if h == 0 {
			continue
		}
		i, _ := slices.BinarySearch(byHash, h)
		if i+1 < len(byHash) && byHash[i+1] == h { // i is the hash's first
			for u := first[d]; u < first[d+1]; u++ {
				ps = append(ps, posting{hash: h, unit: uint32(u), doc: uint32(d)})
			}
		}
	}
	return runsPairs(ps, rank, lists, workers)
}

// textPairs returns the candidate pairs that identical units make (ua<<32
// | ub, ua < ub, sorted and distinct) that lists (the unit lists the
// shingles' runs paired) does not hold, from texts, each unit's textHash
// (0 for a unit of at most K tokens: makePostings); rank is each
// document's place in time. Most texts are in one unit: two bit sets,
// over the top bits of the hashes, one marking those seen and the other
// those seen again, let only the texts seen again (and a few others whose
// bits they share) make postings, without a sort of all of them.
func textPairs(texts []uint64, unitDoc []uint32, rank []uint32, lists *unitLists, workers int) []uint64 {
	n := 0
	for _, h := range texts {
		if h != 0 {
			n++
		}
	}
	if n < 2 {
		return nil
	}
	shift := 64 - uint(min(bits.Len(uint(n)*8), 28)) // about eight bits a text
	seen, again := newBitset(1<<(64-shift)), newBitset(1<<(64-shift))
	for _, h := range texts {
		if h == 0 {
			continue
		}
		if b := int32(h >> shift); seen.has(b) {
			again.set(int(b))
		} else {
			seen.set(int(b))
		}
	}
	ps := parallel.Collect(len(texts), 1<<16, workers, func(_ int, out []posting, lo, hi int) []posting {
		for u := lo; u < hi; u++ {
			if h := texts[u]; h != 0 && again.has(int32(h>>shift)) {
				out = append(out, posting{hash: h, unit: uint32(u), doc: unitDoc[u]})
			}
		}
		return out
	})
	return runsPairs(ps, rank, lists, workers)
}

// runsPairs returns the candidate pairs of postings run by run of one
// hash (sorted by hash, then unit), as candidatePairs makes a bucket's (runPairs), sorted
// and distinct; the roots offered are let go.
func runsPairs(ps []posting, rank []uint32, lists *unitLists, workers int) []uint64 {
	// A unit's document is one: (hash, unit) orders postings totally.
	parallel.SortFunc(ps, func(a, b posting) int { return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.unit, b.unit)) }, workers)
	// Chunks that start at a run's first posting: each run read by the
	// chunk it starts in.
	pairs := parallel.Collect(len(ps), 1<<14, workers, func(_ int, out []uint64, lo, hi int) []uint64 {
		for lo > 0 && lo < hi && ps[lo].hash == ps[lo-1].hash {
			lo++
		}
		var (
			groups []int
			us     []uint32
			offer  rootOffer // the roots a text's star offers: let go
		)
		for i := lo; i < hi; {
			same, docs := hashRun(ps[i:])
			i += len(same)
			out, groups = runPairs(out, same, docs, groups, &us, lists, rank, &offer)
			offer.list = offer.list[:0]
		}
		return out
	})
	parallel.Sort(pairs, workers)
	return slices.Compact(pairs)
}

// unionPairs returns the sorted, distinct union of two sorted, distinct
// lists of pairs: a itself if b holds none it does not (the texts' pairs
// are mostly the shingles' again).
func unionPairs(a, b []uint64) []uint64 {
	b = slices.DeleteFunc(b, func(p uint64) bool {
		_, ok := slices.BinarySearch(a, p)
		return ok
	})
	if len(b) == 0 {
		return a
	}
	return mergeDistinct(a, b)
}
