package dupes

import (
	"cmp"
	"math/bits"
	"slices"

	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/minhash"
)

// star is a leader and the documents that joined it (each with Jaccard
// at least the threshold with the leader), less those certify sent away.
// A certified star is a cluster of near-duplicates without its members
// being compared pair by pair: each member is near enough its center
// that every two members are (certify). Jaccard distance (1 − J) is a
// metric on sets (Levandowsky and Winter 1971), so members within r1
// and r2 of the center are also within r1 + r2 of each other, which
// bounds their pairs with other stars' members.
type star struct {
	leader  uint32    // the document the others joined; its signature indexes the star
	members []uint32  // documents: the leader (unless sent away) and those that joined
	dist    []float64 // a certified star's: each member's distance from the center, increasing
	near    []float64 // when gathered, members[k+1]'s Jaccard with the leader
	center  []uint32  // the set distances are taken from; nil: the leader's own
	r1, r2  float64   // a certified star's two largest distances of members from the center
}

// add records x, which joined the star at Jaccard j with the leader; its
// distance from a center is settle's and certify's to set.
func (s *star) add(x uint32, j float64) {
	s.members = append(s.members, x)
	s.near = append(s.near, j)
}

// widen records a member at distance d from the center.
func (s *star) widen(d float64) {
	switch {
	case d > s.r1:
		s.r1, s.r2 = d, s.r1
	case d > s.r2:
		s.r2 = d
	}
}

// centerSet returns the set the star's distances are taken from.
func (s *star) centerSet(docs []docState) []uint32 {
	if s.center != nil {
		return s.center
	}
	return docs[s.leader].set
}

// gatherBlock is how many documents gather looks up at once, in parallel,
// against the leaders before them. A block is three parallel steps, each
// waiting for its goroutines to start and to end; at 1024 documents
// those waits were a third of gather's time on two cores (37 ms of 20,000
// documents' 3 KB texts; 25 ms at 2048, and 2048 no slower on one core).
// A larger block leaves more documents to find their leaders in the
// block itself, one at a time.
const gatherBlock = 2048

// gather puts each of reps (documents, increasing) in a star: it joins
// the first leader, among those the index of leaders proposes, with which
// it has a Jaccard of at least join; otherwise it leads a star of its own. It
// returns the stars and the index of the leaders' signatures, whose ids
// are star numbers.
//
// It is that sequential rule, run a block of documents at a time: the
// documents of a block are looked up in parallel against the leaders
// before the block, then, in order, against the leaders the block itself
// made (blockLeaders). The stars are those one document at a time would
// make.
//
// size is the documents a block holds (gatherBlock); the stars do not
// depend on it.
func gather(docs []docState, reps []uint32, p minhash.Params, join float64, size, workers int) ([]star, *minhash.Index, error) {
	ix, err := minhash.NewIndex(p)
	if err != nil {
		return nil, nil, err
	}
	ix.Reserve(len(reps))
	var stars []star
	picks := make([]pick, size)
	links := make([][]bandLink, size) // each document's links to earlier ones of the block, by band
	scratch := make([][]uint32, workers)
	starOf := make([]int32, size) // the star each document of the block leads, or -1
	for lo := 0; lo < len(reps); lo += size {
		block := reps[lo:min(lo+size, len(reps))]
		from := len(stars)
		parallel.Chunks(len(block), 64, workers, func(w, a, b int) {
			for i := a; i < b; i++ {
				scratch[w] = ix.AppendQueryKeys(scratch[w][:0], docs[block[i]].keys, 0)
				picks[i] = first(docs, stars, block[i], scratch[w], join)
			}
		})
		shareBands(links, block, picks, docs, p.Bands, workers)
		var keys [][]uint64
		for i, x := range block {
			pk := picks[i]
			starOf[i] = -1
			if pk.star < 0 {
				scratch[0] = blockLeaders(scratch[0][:0], links, starOf, i)
				pk = first(docs, stars, x, scratch[0], join)
			}
			if pk.star >= 0 {
				stars[pk.star].add(x, pk.j)
				continue
			}
			starOf[i] = int32(len(stars))
			stars = append(stars, star{leader: x, members: []uint32{x}})
			keys = append(keys, docs[x].keys)
		}
		if err := ix.AddAllKeys(uint32(from), keys, workers); err != nil {
			return nil, nil, err
		}
	}
	return stars, ix, nil
}

// bandLink links a document of a block that joined no earlier leader (a
// free one) to the free document before it in the block with the same
// key in one band: the documents of a band key form a chain, newest
// first. lead is the nearest of the chain's documents from prev back
// that leads a star of the block, set when the document's turn comes:
// the chain's leaders are then found one step each, however many copies
// that joined them lie between, so that a block's copies of one text
// cost a step a band each, not one for every earlier copy.
type bandLink struct {
	band int32
	prev int32 // in the block
	lead int32 // in the block; -1 if none
}

// blockLeaders appends to dst the stars led by documents of the block
// before document i (free) that share a band key with it, and sets the
// leads of i's links; the earlier free documents' are set, and starOf
// holds the stars the block's documents before i lead.
func blockLeaders(dst []uint32, links [][]bandLink, starOf []int32, i int) []uint32 {
	for k := range links[i] {
		l := &links[i][k]
		l.lead = l.prev
		if starOf[l.prev] < 0 {
			l.lead = leadBefore(links[l.prev], l.band)
		}
		for e := l.lead; e >= 0; e = leadBefore(links[e], l.band) {
			dst = append(dst, uint32(starOf[e]))
		}
	}
	return dst
}

// leadBefore returns the lead of a document's link in band b (its links,
// in band order), -1 if it has none: it starts the chain.
func leadBefore(links []bandLink, b int32) int32 {
	if int(b) < len(links) && links[b].band == b { // every band linked: the most common case among copies
		return links[b].lead
	}
	k, ok := slices.BinarySearchFunc(links, b, func(l bandLink, b int32) int { return cmp.Compare(l.band, b) })
	if !ok {
		return -1
	}
	return links[k].lead
}

// shareBands sets links[i], for each document of the block that joined no
// earlier leader (picks), to its links, in band order, to the one before
// it in the block that did not either and has the same key in the band
// (indexes into block; the block's own leaders are among them), by band
// on workers goroutines. Documents with an empty signature share nothing.
// The free documents' keys are first laid out band by band, so that a
// band's pass reads one array in order, not a key from every document's
// state.
func shareBands(links [][]bandLink, block []uint32, picks []pick, docs []docState, bands, workers int) {
	var free []int32 // the block's documents that joined no leader, with keys
	for i := range block {
		if picks[i].star < 0 && docs[block[i]].keys != nil {
			free = append(free, int32(i))
		}
	}
	byBand := make([]uint64, bands*len(free)) // band b's keys: byBand[b*len(free):][:len(free)]
	for j, i := range free {
		for b, k := range docs[block[i]].keys {
			byBand[b*len(free)+j] = k
		}
	}
	perBand := make([][][2]int32, bands) // (document, the one before it) of each band, in the block
	tables := make([]keyChains, workers)
	parallel.Chunks(bands, 1, workers, func(w, b, _ int) {
		t := &tables[w]
		t.reset(len(free))
		var out [][2]int32
		for j, k := range byBand[b*len(free) : (b+1)*len(free)] {
			if e := t.add(k, int32(j)); e >= 0 {
				out = append(out, [2]int32{free[j], free[e]})
			}
		}
		perBand[b] = out
	})
	for i := range block {
		links[i] = links[i][:0]
	}
	for b, pairs := range perBand {
		for _, pr := range pairs {
			links[pr[0]] = append(links[pr[0]], bandLink{band: int32(b), prev: pr[1], lead: -1})
		}
	}
}

// keyChains finds, for each document of a block in turn, the one added
// before it under the same band key: an open-addressing table (linear
// probing, Fibonacci hashing) of keys, each with the last document added
// under it. Made once a worker for a block, reset for each band: a map
// cleared for each band, as before, is slower to clear and to fill.
type keyChains struct {
	keys  []uint64
	last  []int32 // the last document added under the slot's key, plus one; 0: empty
	shift uint
}

// reset empties the table, with room for n documents.
func (t *keyChains) reset(n int) {
	size := 16
	for size < 2*n {
		size *= 2
	}
	if len(t.keys) != size {
		t.keys, t.last, t.shift = make([]uint64, size), make([]int32, size), uint(64-bits.TrailingZeros(uint(size)))
	}
	clear(t.last)
}

// add adds document i (below reset's n, each once) under key and returns
// the last document added under it before, -1 if none.
func (t *keyChains) add(key uint64, i int32) int32 {
	mask := len(t.keys) - 1
	s := int((key * 0x9E3779B97F4A7C15) >> t.shift)
	for t.last[s] != 0 && t.keys[s] != key {
		s = (s + 1) & mask
	}
	t.keys[s] = key
	prev := t.last[s] - 1
	t.last[s] = i + 1
	return prev
}

// pick is a star a document joins, and its Jaccard with the leader.
type pick struct {
	star int
	j    float64
}

// first returns the first of the stars cands (star numbers, in any
// order, perhaps repeated; sorted in place) whose leader has Jaccard at
// least join with document x, and that Jaccard; star -1 if none has. A
// leader whose set's size alone keeps it under join is not compared.
func first(docs []docState, stars []star, x uint32, cands []uint32, join float64) pick {
	slices.Sort(cands)
	for i, s := range cands {
		if i > 0 && s == cands[i-1] {
			continue
		}
		if j := jaccardAtLeast(docs[x].set, docs[stars[s].leader].set, join); j >= join {
			return pick{int(s), j}
		}
	}
	return pick{-1, 0}
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

// settle turns the gathered stars into the units clustering pairs: a
// star of at most exactCluster members is broken up, each follower a star
// of its own, indexed, so that small groups are paired and clustered
// document by document; a larger one is certified (certify), and each
// member it sends away becomes a star of its own that is not indexed,
// paired only with the star it left: a copy that stands apart from a
// large group is compared with the group, not with every other such copy.
// It returns the stars, those pairs (star numbers, a<<32 | b, a < b) and
// the star each such copy left.
func settle(stars []star, docs []docState, ix *minhash.Index, threshold float64, workers int) ([]star, []uint64, map[uint32]uint32, error) {
	n := len(stars)
	var keys [][]uint64
	for k := range n {
		if len(stars[k].members) < 2 || len(stars[k].members) > exactCluster {
			continue
		}
		for _, m := range stars[k].members[1:] {
			keys = append(keys, docs[m].keys)
			stars = append(stars, star{leader: m, members: []uint32{m}})
		}
		st := &stars[k]
		st.members = st.members[:1]
	}
	if err := ix.AddAllKeys(uint32(n), keys, workers); err != nil {
		return nil, nil, nil, err
	}
	var pairs []uint64
	left := map[uint32]uint32{}
	for k, gone := range certify(stars[:n], docs, threshold, workers) {
		for _, x := range gone {
			s := uint32(len(stars))
			stars = append(stars, star{leader: x, members: []uint32{x}})
			pairs = append(pairs, uint64(k)<<32|uint64(s))
			left[s] = uint32(k)
		}
	}
	return stars, pairs, left, nil
}

// centerSample is how many of a star's members its center is drawn from.
const centerSample = 64

// certify makes each star of more than exactCluster members a cluster of
// near-duplicates: its center C becomes the set of the fingerprints that
// most of its first centerSample members hold (a median, which stands
// nearer each copy of a text than any one copy does), and a member A
// stays if g + t·u ≤ (1 − t)·|C|/2, where g = |C \ A| (what it lacks of
// the center), u = |A \ C| (what it has beyond) and t the threshold; the
// others leave the star. Every two members A and B that stay reach t:
// |A ∩ B| ≥ |C| − g_A − g_B and |A ∪ B| ≤ |C| + u_A + u_B, and the two
// members' tests sum to |C| − g_A − g_B ≥ t·(|C| + u_A + u_B). (The
// triangle inequality, which asks each member to be within (1 − t)/2 of
// the center, keeps fewer: copies of a template that each fill in a few
// words of their own, 0.82 alike at t = 0.8, are each 0.101 from the
// center, and none would stay.) A star keeps at least its member
// nearest the center. It returns the members that leave, by star, in
// input order. The stars are certified on workers goroutines.
func certify(stars []star, docs []docState, threshold float64, workers int) [][]uint32 {
	gone := make([][]uint32, len(stars))
	parallel.Chunks(len(stars), 16, workers, func(_, lo, hi int) {
		var all []uint32
		for k := lo; k < hi; k++ {
			st := &stars[k]
			if len(st.members) <= exactCluster {
				continue
			}
			all = all[:0]
			sample := st.members[:min(len(st.members), centerSample)]
			for _, m := range sample {
				all = append(all, docs[m].set...)
			}
			st.center = majority(all, len(sample))
			gone[k] = certifyStar(st, docs, threshold)
		}
	})
	return gone
}

// certifyStar keeps the members of st that certify's test lets stay,
// in increasing distance from the center (st.dist, r1 and r2 set), at
// least the nearest, and returns the others, in input order.
func certifyStar(st *star, docs []docState, threshold float64) (gone []uint32) {
	type member struct {
		doc  uint32
		d, h float64 // distance from the center, and g + t·u
	}
	c := len(st.center)
	most := (1-threshold)*float64(c)/2 + slack*float64(c)
	var stay, left []member
	for _, m := range st.members {
		set := docs[m].set
		in := minhash.Intersection(set, st.center)
		g, u := c-in, len(set)-in
		x := member{m, 1 - float64(in)/float64(max(len(set)+c-in, 1)), float64(g) + threshold*float64(u)}
		if x.h <= most {
			stay = append(stay, x)
		} else {
			left = append(left, x)
		}
	}
	if len(stay) == 0 { // the nearest stays alone: a star is never empty
		k := 0
		for i, x := range left {
			if x.h < left[k].h {
				k = i
			}
		}
		stay = []member{left[k]}
		left = slices.Delete(left, k, k+1)
	}
	for _, m := range left {
		gone = append(gone, m.doc)
	}
	slices.SortStableFunc(stay, func(x, y member) int { return cmp.Compare(x.d, y.d) })
	st.members, st.dist, st.r1, st.r2 = st.members[:0], st.dist[:0], 0, 0
	for _, m := range stay {
		st.members, st.dist = append(st.members, m.doc), append(st.dist, m.d)
		st.widen(m.d)
	}
	return gone
}

// majority returns, sorted, the values that occur more than n/2 times in
// all (the sets of n documents, laid end to end), sorting all.
func majority(all []uint32, n int) []uint32 {
	slices.Sort(all)
	var out []uint32
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j] == all[i] {
			j++
		}
		if 2*(j-i) > n {
			out = append(out, all[i])
		}
		i = j
	}
	return out
}
