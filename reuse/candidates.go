package reuse

import "slices"

// posting is one shingle of one unit; unit is a corpus-wide unit id.
type posting struct {
	hash uint64
	unit uint32
	doc  uint32
}

// candidateBits is the number of top hash bits by which candidatePairs
// spreads the postings over buckets.
const candidateBits = 16

// commonDocs is the number of documents above which a shingle is common:
// its units are paired through a representative rather than all with all.
const commonDocs = 64

// repTries is how many representatives a common shingle tries.
const repTries = 3

// candidatePairs returns the pairs of units from different documents that
// share at least one shingle, as ua<<32 | ub with ua < ub, sorted and
// distinct: exact shingle postings (an inverted index), not a sketch, so a
// unit pair sharing a K-word run is always a candidate. A shingle found in
// more than maxDocs documents is passed over (boilerplate) and counted in
// skipped; other shingles of the same units still pair them. Units are
// numbered below units, and those of one document are consecutive.
//
// A shingle in more than commonDocs documents is either a widely
// syndicated sentence or a stock phrase ("the White House said in a
// statement on Sunday") inside otherwise unrelated sentences, and pairing
// its c units all with all would cost c² bounds, mostly of stock phrases.
// So its units are measured against one representative, the first, with
// strong (nil: every pair is strong), and only the representative and the
// units strong with it are paired, all with all: a syndicated sentence
// keeps all its pairs, a stock phrase makes none. If no unit is strong with
// the first, the next units of other documents are tried, up to repTries
// representatives in all.
//
// The postings are spread over buckets by hash (a counting sort), each
// bucket is sorted and cut into runs of one hash on its own goroutine, and
// the pairs are deduplicated by a counting sort on their first unit. The
// postings are returned too, sorted by hash, then unit.
func candidatePairs(ps []posting, units, maxDocs, workers int, strong func(al *aligner, a, b uint32) bool) (pairs []uint64, sorted []posting, skipped int) {
	const nb = 1 << candidateBits
	bucket := func(h uint64) int { return int(h >> (64 - candidateBits)) }
	start := make([]int32, nb+1)
	for _, p := range ps {
		start[bucket(p.hash)+1]++
	}
	for b := 1; b <= nb; b++ {
		start[b] += start[b-1]
	}
	sorted = make([]posting, len(ps))
	fill := slices.Clone(start[:nb])
	for _, p := range ps {
		b := bucket(p.hash)
		sorted[fill[b]] = p
		fill[b]++
	}

	// Runs of one hash, bucket by bucket, in parallel. Within a bucket
	// the postings are in unit order (the counting sort is stable), so
	// sorting the keys hash<<16|index (the top bits of the hash are the
	// bucket's) orders them by hash, then unit, without a comparison
	// function; a bucket too large for 16-bit indices is sorted by one.
	// The bucket is written back in that order.
	type result struct {
		pairs   []uint64
		skipped int
	}
	const span = nb / 64
	results := make([]result, nb/span)
	parallelChunks(len(results), 1, workers, func(al *aligner, r, _ int) {
		var members, tmp []posting
		var keys []uint64
		var out result
		for b := r * span; b < (r+1)*span; b++ {
			seg := sorted[start[b]:start[b+1]]
			if len(seg) < 2 {
				continue
			}
			if len(seg) <= 1<<16 {
				keys = keys[:0]
				for i, p := range seg {
					keys = append(keys, p.hash<<16|uint64(i))
				}
				slices.Sort(keys)
				tmp = append(tmp[:0], seg...)
				for i, k := range keys {
					seg[i] = tmp[k&(1<<16-1)]
				}
			} else {
				slices.SortStableFunc(seg, func(a, b posting) int {
					switch {
					case a.hash < b.hash:
						return -1
					case a.hash > b.hash:
						return 1
					}
					return 0
				})
			}
			for i := 0; i < len(seg); {
				j := i + 1
				docs := 1
				for j < len(seg) && seg[j].hash == seg[i].hash {
					if seg[j].doc != seg[j-1].doc {
						docs++ // units of one document are contiguous ids
					}
					j++
				}
				same := seg[i:j]
				i = j
				switch {
				case docs < 2:
				case docs > maxDocs:
					out.skipped++
				case docs > commonDocs && strong != nil:
					members = star(al, members[:0], same, strong)
					for x := range members {
						for y := x + 1; y < len(members); y++ {
							if members[x].doc != members[y].doc {
								a, b := min(members[x].unit, members[y].unit), max(members[x].unit, members[y].unit)
								out.pairs = append(out.pairs, uint64(a)<<32|uint64(b))
							}
						}
					}
				default:
					for x := range same {
						for y := x + 1; y < len(same); y++ {
							if same[x].doc != same[y].doc {
								out.pairs = append(out.pairs, uint64(same[x].unit)<<32|uint64(same[y].unit))
							}
						}
					}
				}
			}
		}
		results[r] = out
	})

	// Distinct pairs: a counting sort on the first unit, then each
	// unit's partners sorted and compacted, in parallel, and the runs
	// moved together.
	first := make([]int32, units+1)
	total := 0
	for _, r := range results {
		skipped += r.skipped
		total += len(r.pairs)
		for _, p := range r.pairs {
			first[p>>32+1]++
		}
	}
	for u := 1; u <= units; u++ {
		first[u] += first[u-1]
	}
	all := make([]uint64, total)
	fill = slices.Clone(first[:units])
	for _, r := range results {
		for _, p := range r.pairs {
			all[fill[p>>32]] = p
			fill[p>>32]++
		}
	}
	results = nil
	kept := make([]int32, units) // distinct pairs of each unit
	parallelChunks(units, 4096, workers, func(_ *aligner, lo, hi int) {
		for u := lo; u < hi; u++ {
			run := all[first[u]:first[u+1]]
			slices.Sort(run)
			kept[u] = int32(len(slices.Compact(run)))
		}
	})
	pairs = all[:0]
	for u := 0; u < units; u++ {
		pairs = append(pairs, all[first[u]:first[u]+kept[u]]...) // never overtakes the run being read
	}
	return pairs, sorted, skipped
}

// star appends to dst the representative of the postings of one common
// shingle (sorted by unit) and the postings of other documents strong with
// it; nothing if no representative tried has a strong partner.
func star(al *aligner, dst []posting, same []posting, strong func(al *aligner, a, b uint32) bool) []posting {
	r := 0
	for try := 0; try < repTries && r < len(same); try++ {
		rep := same[r]
		dst = append(dst[:0], rep)
		for _, x := range same {
			if x.doc != rep.doc && strong(al, rep.unit, x.unit) {
				dst = append(dst, x)
			}
		}
		if len(dst) > 1 {
			return dst
		}
		for r < len(same) && same[r].doc == rep.doc {
			r++
		}
	}
	return dst[:0]
}
