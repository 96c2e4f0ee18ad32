package dupes

import (
	"cmp"
	"slices"
	"sort"

	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/minhash"
)

// The exact Jaccards known while stars are clustered (sims), and the
// bounds that complete linkage reads from them: whether two stars may
// merge (the triangle inequality on their centers, or their pairs one by
// one), a Jaccard every two members of a cluster reach (floor), and the
// leaders' Jaccards of the candidate pairs of stars.

// sims holds the exact Jaccard of the pairs of documents known so far,
// and the distances of stars' centers computed while clustering. The
// pairs known before clustering (each star's members with its leader,
// and the index's pairs at the threshold or above) are a sorted array,
// made once (setKnown); only the pairs complete linkage computes on the
// spot are a map.
type sims struct {
	docs    []docState
	ix      *minhash.Index // the stars' index, until their pairs are listed
	stars   []star
	known   []knownPair // sorted by key, distinct
	more    map[[2]uint32]float64
	centers map[[2]uint32]float64
}

// knownPair is the exact Jaccard of the documents of pairKey key.
type knownPair struct {
	key uint64
	j   float64
}

// pairKey is the key of documents a and b: the lesser<<32 | the greater.
func pairKey(a, b uint32) uint64 { return uint64(min(a, b))<<32 | uint64(max(a, b)) }

// setKnown makes the pairs known before clustering c's known pairs
// (sorting them; of two of one key, the first stays).
func (c *sims) setKnown(pairs []knownPair) {
	slices.SortStableFunc(pairs, func(x, y knownPair) int { return cmp.Compare(x.key, y.key) })
	c.known = slices.CompactFunc(pairs, func(x, y knownPair) bool { return x.key == y.key })
}

// lookup returns the Jaccard of documents a and b if it is known.
func (c *sims) lookup(a, b uint32) (float64, bool) {
	k := pairKey(a, b)
	if i, ok := slices.BinarySearchFunc(c.known, k, func(p knownPair, k uint64) int { return cmp.Compare(p.key, k) }); ok {
		return c.known[i].j, true
	}
	j, ok := c.more[[2]uint32{min(a, b), max(a, b)}]
	return j, ok
}

// get returns the Jaccard of documents a and b, computed if need be.
func (c *sims) get(a, b uint32) float64 {
	if j, ok := c.lookup(a, b); ok {
		return j
	}
	a, b = min(a, b), max(a, b)
	j := minhash.Jaccard(c.docs[a].set, c.docs[b].set)
	if c.more == nil {
		c.more = map[[2]uint32]float64{}
	}
	c.more[[2]uint32{a, b}] = j
	return j
}

// each calls f with every pair known (a < b), in no set order.
func (c *sims) each(f func(a, b uint32, j float64)) {
	for _, p := range c.known {
		f(uint32(p.key>>32), uint32(p.key), p.j)
	}
	for p, j := range c.more {
		f(p[0], p[1], j)
	}
}

// centerDistance returns the Jaccard distance of stars a and b's centers.
// Two stars without a center of their own are centered on their leaders,
// whose Jaccard is a pair's like any other.
func (c *sims) centerDistance(a, b uint32) float64 {
	if c.stars[a].center == nil && c.stars[b].center == nil {
		return 1 - c.get(c.stars[a].leader, c.stars[b].leader)
	}
	a, b = min(a, b), max(a, b)
	if d, ok := c.centers[[2]uint32{a, b}]; ok {
		return d
	}
	d := 1 - minhash.Jaccard(c.stars[a].centerSet(c.docs), c.stars[b].centerSet(c.docs))
	c.centers[[2]uint32{a, b}] = d
	return d
}

// slack keeps the triangle inequality's sums of floating-point distances
// on the safe side.
const slack = 1e-9

// maxChecks is the most pairs of documents starsMayMerge compares one by
// one for two stars, and crossPairs lists for two stars in different
// clusters: beyond it, two stars merge only if the triangle inequality
// settles it, and their pairs across clusters are counted, not listed.
const maxChecks = exactCluster

// starsMayMerge reports whether every member of star a is a near-duplicate
// of every member of star b: not if their leaders, members both, are too
// far apart; yes if their centers are close enough that the members'
// distances from them settle it (the triangle inequality); else by
// comparing the pairs that the distances through the larger star's center
// leave open, if there are at most maxChecks, up to the first that falls
// short.
func starsMayMerge(a, b uint32, threshold float64, c *sims) bool {
	sa, sb := &c.stars[a], &c.stars[b]
	maxD := 1 - threshold
	if sa.members[0] == sa.leader && sb.members[0] == sb.leader && c.get(sa.leader, sb.leader) < threshold {
		return false
	}
	if sa.r1+c.centerDistance(a, b)+sb.r1 <= maxD-slack {
		return true
	}
	if len(sa.members) > len(sb.members) {
		sa, sb = sb, sa
	}
	open, ok := openPairs(sa, sb, maxD, c)
	if !ok {
		return false
	}
	for _, p := range open {
		if c.get(p[0], p[1]) < threshold {
			return false
		}
	}
	return true
}

// openPairs returns the pairs across stars a and b that the distances
// through b's center do not settle (d(x, center) + d(y, center) above
// maxD), and false if there are more than maxChecks of them.
func openPairs(a, b *star, maxD float64, c *sims) ([][2]uint32, bool) {
	center := b.centerSet(c.docs)
	var open [][2]uint32
	for _, x := range a.members {
		// A certified star's members are in increasing distance from its
		// center: those from the first too far for x are open. (A star
		// without a center has one member, open.)
		from := 0
		if b.center != nil {
			dx := 1 - minhash.Jaccard(c.docs[x].set, center)
			from = sort.Search(len(b.dist), func(k int) bool { return dx+b.dist[k] > maxD-slack })
		}
		for _, y := range b.members[from:] {
			open = append(open, [2]uint32{x, y})
		}
		if len(open) > maxChecks {
			return nil, false
		}
	}
	return open, true
}

// floor returns a Jaccard that every two members of the stars g, which
// complete linkage put in one cluster, reach: within a star, the
// threshold (certify), or its two farthest members' distances from its
// center if they leave more; between two stars, the
// least of their members' pairs if all were computed when they merged,
// else the threshold or their centers' bound.
func floor(g []uint32, threshold float64, c *sims) float64 {
	f := 1.0
	for i, a := range g {
		if sa := &c.stars[a]; len(sa.members) > 1 {
			// Certified: every two members reach the threshold, or
			// what their distances from the center leave, if higher.
			f = min(f, max(threshold, 1-sa.r1-sa.r2-slack))
		}
		for _, b := range g[i+1:] {
			f = min(f, pairFloor(a, b, threshold, c))
		}
	}
	return max(f, 0)
}

// pairFloor is floor for the members of two stars across them. They
// merged, so every pair across them was compared or settled at the
// threshold or above: the least pair if all were compared, else the
// threshold or the centers' bound, whichever is higher.
func pairFloor(a, b uint32, threshold float64, c *sims) float64 {
	sa, sb := &c.stars[a], &c.stars[b]
	least := 1.0
	for _, x := range sa.members {
		for _, y := range sb.members {
			j, ok := c.lookup(x, y)
			if !ok {
				return max(threshold, 1-(sa.r1+c.centerDistance(a, b)+sb.r1)-slack)
			}
			least = min(least, j)
		}
	}
	return least
}

// leaderJaccards returns the exact Jaccard of the leaders of each pair of
// stars (a<<32 | b), computed on workers goroutines, or -1 where the two
// sets' sizes alone keep it below threshold.
func leaderJaccards(cands []uint64, stars []star, docs []docState, threshold float64, workers int) []float64 {
	js := make([]float64, len(cands))
	parallel.Chunks(len(cands), 256, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			a, b := docs[stars[cands[i]>>32].leader].set, docs[stars[uint32(cands[i])].leader].set
			if float64(min(len(a), len(b))) < threshold*float64(max(len(a), len(b))) {
				js[i] = -1
				continue
			}
			js[i] = minhash.Jaccard(a, b)
		}
	})
	return js
}
