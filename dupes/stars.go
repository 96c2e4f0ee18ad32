package dupes

import (
	"slices"

	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/minhash"
)

// star is a leader and the documents that joined it, each at Jaccard
// distance (1 − J) at most (1 − threshold)/2 from it. Jaccard distance is
// a metric (Levandowsky and Winter 1971), so every two members of a star
// are within 1 − threshold of each other: near-duplicates without being
// compared.
type star struct {
	leader    uint32
	followers []uint32  // documents, in input order
	near      []float64 // each follower's Jaccard with the leader
	r1, r2    float64   // the two largest distances of followers from the leader
}

func (s *star) add(x uint32, j float64) {
	s.followers = append(s.followers, x)
	s.near = append(s.near, j)
	switch d := 1 - j; {
	case d > s.r1:
		s.r1, s.r2 = d, s.r1
	case d > s.r2:
		s.r2 = d
	}
}

// members returns the leader and its followers.
func (s *star) members() []uint32 { return append([]uint32{s.leader}, s.followers...) }

// gatherBlock is how many documents gather looks up at once, in parallel,
// against the leaders before them.
const gatherBlock = 1024

// gather puts each of reps (documents, increasing) in a star: it joins
// the earlier leader, among those the index of leaders proposes, with
// which it has the highest Jaccard (the first such leader on a tie), if
// that is at least join; otherwise it leads a star of its own. It
// returns the stars and the index of the leaders' signatures, whose ids
// are star numbers.
//
// It is that sequential rule, run a block of documents at a time: the
// documents of a block are looked up in parallel against the leaders
// before the block, then, in order, against the leaders the block itself
// made, which are indexed as they are made. The stars are those one
// document at a time would make.
func gather(docs []docState, reps []uint32, p minhash.Params, join float64, workers int) ([]star, *minhash.Index, error) {
	ix, err := minhash.NewIndex(p)
	if err != nil {
		return nil, nil, err
	}
	ix.Reserve(len(reps))
	var stars []star
	picks := make([]pick, gatherBlock)
	scratch := make([][]uint32, workers)
	var cands []uint32
	for lo := 0; lo < len(reps); lo += gatherBlock {
		block := reps[lo:min(lo+gatherBlock, len(reps))]
		first := len(stars)
		parallel.Chunks(len(block), 64, workers, func(w, a, b int) {
			for i := a; i < b; i++ {
				scratch[w] = ix.AppendQuery(scratch[w][:0], docs[block[i]].sig, 0)
				picks[i] = best(pick{-1, 0}, docs, stars, block[i], scratch[w], join)
			}
		})
		for i, x := range block {
			cands = ix.AppendQuery(cands[:0], docs[x].sig, uint32(first))
			if b := best(picks[i], docs, stars, x, cands, join); b.star >= 0 && b.j >= join {
				stars[b.star].add(x, b.j)
				continue
			}
			if err := ix.Add(uint32(len(stars)), docs[x].sig); err != nil {
				return nil, nil, err
			}
			stars = append(stars, star{leader: x})
		}
	}
	return stars, ix, nil
}

// pick is a star a document may join, and its Jaccard with the leader.
type pick struct {
	star int
	j    float64
}

// best returns the better of p and the stars cands (star numbers, in any
// order, perhaps repeated; sorted in place) for document x: the highest Jaccard with the
// leader, the lowest star number on a tie. A leader whose set's size
// alone keeps it under join is not compared.
func best(p pick, docs []docState, stars []star, x uint32, cands []uint32, join float64) pick {
	if len(cands) > 1 {
		slices.Sort(cands)
		cands = slices.Compact(cands)
	}
	for _, s := range cands {
		if int(s) == p.star {
			continue
		}
		j := jaccardAtLeast(docs[x].set, docs[stars[s].leader].set, join)
		if j > p.j || j == p.j && j > 0 && int(s) < p.star {
			p = pick{int(s), j}
		}
	}
	return p
}

// jaccardAtLeast returns the Jaccard of a and b, or 0 if their sizes
// alone keep it below least (it is at most the smaller size over the
// larger).
func jaccardAtLeast(a, b []uint32, least float64) float64 {
	if float64(min(len(a), len(b))) < least*float64(max(len(a), len(b))) {
		return 0
	}
	return minhash.Jaccard(a, b)
}

// sims caches the exact Jaccard of pairs of documents computed while
// clustering.
type sims struct {
	docs  []docState
	known map[[2]uint32]float64
}

func (c *sims) get(a, b uint32) float64 {
	a, b = min(a, b), max(a, b)
	if j, ok := c.known[[2]uint32{a, b}]; ok {
		return j
	}
	j := minhash.Jaccard(c.docs[a].set, c.docs[b].set)
	c.known[[2]uint32{a, b}] = j
	return j
}

// slack keeps the triangle inequality's sums of floating-point distances
// on the safe side.
const slack = 1e-9

// starsMayMerge reports whether every member of star a is a near-duplicate
// of every member of star b: at once if their leaders are too far apart,
// or close enough that the members' distances from them settle it (the
// triangle inequality); else by comparing the members pair by pair, up
// to the first that falls short.
func starsMayMerge(a, b *star, threshold float64, c *sims) bool {
	maxD := 1 - threshold
	dl := 1 - c.get(a.leader, b.leader)
	if dl > maxD {
		return false
	}
	if a.r1+dl+b.r1 <= maxD-slack {
		return true
	}
	for _, x := range a.members() {
		for _, y := range b.members() {
			if c.get(x, y) < threshold {
				return false
			}
		}
	}
	return true
}

// floor returns a Jaccard that every two members of the stars ss, which
// complete linkage put in one cluster, reach: within a star, from its two
// farthest followers' distances from the leader; between two stars, the
// least of their members' pairs if all were computed when they merged,
// else from their leaders' distance and their farthest followers'.
func floor(ss []*star, c *sims) float64 {
	f := 1.0
	for i, a := range ss {
		switch len(a.followers) {
		case 0:
		case 1:
			f = min(f, a.near[0])
		default:
			f = min(f, 1-a.r1-a.r2-slack)
		}
		for _, b := range ss[i+1:] {
			f = min(f, pairFloor(a, b, c))
		}
	}
	return max(f, 0)
}

// pairFloor is floor for the members of two stars across them.
func pairFloor(a, b *star, c *sims) float64 {
	least := 1.0
	for _, x := range a.members() {
		for _, y := range b.members() {
			j, ok := c.known[[2]uint32{min(x, y), max(x, y)}]
			if !ok {
				return 1 - (a.r1 + (1 - c.get(a.leader, b.leader)) + b.r1) - slack
			}
			least = min(least, j)
		}
	}
	return least
}

// leaderPairs returns the stars' candidate pairs (star numbers, a<<32 | b)
// from the index of their leaders, and the leaders' exact Jaccard.
func leaderPairs(ix *minhash.Index, stars []star, docs []docState, workers int) ([]uint64, []float64) {
	cands := ix.CandidatePairs(workers)
	js := make([]float64, len(cands))
	parallel.Chunks(len(cands), 4096, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			js[i] = minhash.Jaccard(docs[stars[cands[i]>>32].leader].set, docs[stars[uint32(cands[i])].leader].set)
		}
	})
	return cands, js
}
