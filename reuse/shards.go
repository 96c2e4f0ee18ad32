package reuse

// The postings and candidates stages of a run spread over many workers
// (the nested module beam), shard by shard: each document's postings are
// made where it was analysed (Analysis.AppendPostings) and grouped by the
// top bits of their hashes into shards; each shard's candidate unit pairs
// and shared hashes are found on a worker of its own (ShardCandidates);
// and ScanCandidates joins the shards and runs the stages after them,
// with the report Scan makes of the same corpus. No step holds every
// posting: a shard holds those of its hashes, and the join the pairs and
// each document's set of shared hashes, as Scan does after its postings.

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/shingle"
)

// Posting is one shingle of one unit of a corpus, or (Text) the whole
// text of a unit longer than a shingle, or that of its document
// (candidates_texts.go).
type Posting struct {
	Hash uint64 // the hash of the shingle's stems, or of the text's
	// Unit numbers the unit in the corpus: the number of units of the
	// documents before its own (Analysis.Units), plus its place in its
	// own.
	Unit uint32
	// Doc is its document's place among the documents with words
	// (Analysis.Words), in input order.
	Doc uint32
	// Text says the posting is a unit's text, which pairs units but is
	// in no document's set.
	Text bool
}

// Units returns the number of units of the document: the sentences, or
// their parts, that the postings and alignments compare.
func (a *Analysis) Units() int {
	if a.st == nil {
		return 0
	}
	return len(a.st.units)
}

// AppendPostings appends to dst the postings of the document's shingles
// of k words (0 means shingle.DefaultK; it must be the scan's
// Options.Shingle), then those of the texts of its units longer than
// k words, then one a unit of the document's text (Posting.Text:
// candidates_texts.go), as Scan's candidates stage makes them: the
// document is doc, its units numbered from first.
func (a *Analysis) AppendPostings(dst []Posting, doc, first uint32, k int) []Posting {
	if a.st == nil {
		return dst
	}
	if k <= 0 {
		k = shingle.DefaultK
	}
	var hs []uint64
	n := len(dst)
	for i, u := range a.st.units {
		hs = unitHashes(hs[:0], a.st.stems[u.start:u.end], k)
		for _, h := range hs {
			dst = append(dst, Posting{Hash: h, Unit: first + uint32(i), Doc: doc})
		}
	}
	// Then the texts, from the shingles' hashes just made: a unit's are
	// its postings' in a row.
	var fold textFold
	for i, end := n, len(dst); i < end; {
		j := i + 1
		for j < end && dst[j].Unit == dst[i].Unit {
			j++
		}
		hs = hs[:0]
		for _, p := range dst[i:j] {
			hs = append(hs, p.Hash)
		}
		var text uint64
		if j-i > 1 {
			text = textHash(hs)
			dst = append(dst, Posting{Hash: text, Unit: dst[i].Unit, Doc: doc, Text: true})
		}
		fold.add(foldedText(hs, text))
		i = j
	}
	// And the document's own text, at each of its units: identical
	// documents' units pair by it (identicalPairs), the first with the
	// first and so on.
	if h := fold.sum(); h != 0 {
		for i := range a.st.units {
			dst = append(dst, Posting{Hash: h, Unit: first + uint32(i), Doc: doc, Text: true})
		}
	}
	return dst
}

// Ranks returns each document's place in the order by which the stages
// choose the leaders of candidate stars and of passages (candidates.go):
// by publication, the documents of unknown time after the others, then by
// input order. It reads only Published and DateOnly.
func Ranks(docs []corpus.Doc) []uint32 {
	ws := make([]when, len(docs))
	for i := range docs {
		ws[i] = whenOf(&docs[i])
	}
	return ranks(ws)
}

// Shard is what the candidates stage finds in a shard of a corpus's
// postings: every posting of some hashes.
type Shard struct {
	// Least is the least hash of the shard: ScanCandidates joins shards
	// in its order, and a shard holds every hash between its least and
	// the next shard's least (the top bits of a hash make a shard).
	Least  uint64
	Shared uint32   // the shard's hashes in two documents or more
	Pairs  []uint64 // its candidate unit pairs, ua<<32 | ub with ua < ub, sorted and distinct
	// Roots are the roots its stars offer (candidates_roots.go): for
	// each unit of a star but the leader's, u<<32 | r, r the root of
	// least rank the shard offers it (the earliest document's), sorted.
	Roots []uint64
	Docs  []uint32 // the documents with postings in the shard, ascending
	// Distinct is the number of each one's distinct hashes in the shard,
	// and Sets its shared hashes as ranks among the shard's shared
	// hashes (in hash order), ascending.
	Distinct []uint32
	Sets     [][]uint32
}

// ShardCandidates returns the candidate unit pairs, the roots offered and
// the shared hashes of a shard of postings: every posting of each of its
// hashes, in any order (it sorts ps). rank is every document's (Ranks): a
// hash in more than starDocs documents pairs the units of each with the
// earliest's, and offers the earliest's as their root.
func ShardCandidates(ps []Posting, rank []uint32) (Shard, error) {
	return shardCandidates(ps, rank, true)
}

// ShardPairs returns the candidate unit pairs and the roots offered of a
// shard of postings, as ShardCandidates does (Shard.Pairs, Shard.Roots),
// without the documents' hashes: for a run that joins the stages after
// the candidates by document pair, not through ScanCandidates.
func ShardPairs(ps []Posting, rank []uint32) (pairs, roots []uint64, err error) {
	sh, err := shardCandidates(ps, rank, false)
	return sh.Pairs, sh.Roots, err
}

// LeastRoots returns, of the roots offered to units (u<<32 | r, as
// Shard.Roots holds them, from any number of shards, in any order), each
// unit's root: the least by the rank of its document, then by unit. It
// returns u<<32 | r, one a unit, sorted by u; offered is reordered.
// docOf gives a unit's document, rank each document's (Ranks). A
// document pair's roots for AlignPair are, for each of its units in
// order, NoRoot if it has none, else doc<<32 | r, doc being r's.
func LeastRoots(offered []uint64, docOf func(u uint32) uint32, rank []uint32) []uint64 {
	key := func(k uint64) uint64 { r := uint32(k); return uint64(rank[docOf(r)])<<32 | uint64(r) }
	slices.SortFunc(offered, func(x, y uint64) int { return cmp.Or(cmp.Compare(x>>32, y>>32), cmp.Compare(key(x), key(y))) })
	out := offered[:0]
	for _, k := range offered {
		if len(out) == 0 || k>>32 != out[len(out)-1]>>32 {
			out = append(out, k)
		}
	}
	return out
}

// NoRoot stands for a unit with no root among a document pair's roots
// (AlignPair).
const NoRoot = noRoot

// shardCandidates is ShardCandidates, the documents' hashes (Docs,
// Distinct, Sets) only if sets.
func shardCandidates(ps []Posting, rank []uint32, sets bool) (Shard, error) {
	seg := make([]posting, 0, len(ps))
	var texts []posting
	for _, p := range ps {
		if int(p.Doc) >= len(rank) {
			return Shard{}, fmt.Errorf("reuse: a posting of document %d, of %d ranked", p.Doc, len(rank))
		}
		if p.Text {
			texts = append(texts, posting{hash: p.Hash, unit: p.Unit, doc: p.Doc})
			continue
		}
		seg = append(seg, posting{hash: p.Hash, unit: p.Unit, doc: p.Doc})
	}
	slices.SortFunc(seg, func(a, b posting) int {
		return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.unit, b.unit))
	})
	var sh Shard
	if len(seg) > 0 {
		sh.Least = seg[0].hash
	}
	// Each document of each hash, with the hash's rank if shared (else
	// noRank): doc<<32 | rank.
	const noRank = math.MaxUint32
	var (
		entries []uint64
		roots   rootOffer
		lists   unitLists
		us      []uint32
		groups  []int
	)
	for i := 0; i < len(seg); {
		same, docs := hashRun(seg[i:])
		i += len(same)
		r := uint32(noRank)
		if docs > 1 {
			r = sh.Shared
			sh.Shared++
		}
		for k, p := range same {
			if sets && (k == 0 || p.doc != same[k-1].doc) {
				entries = append(entries, uint64(p.doc)<<32|uint64(r))
			}
		}
		sh.Pairs, groups = runPairs(sh.Pairs, same, docs, groups, &us, &lists, rank, &roots)
	}
	parallel.RadixSortBuf(sh.Pairs, nil)
	sh.Pairs = slices.Compact(sh.Pairs)
	// The texts' runs, after the shingles' (whose unit lists they skip).
	sh.Pairs = unionPairs(sh.Pairs, runsPairs(texts, rank, &lists, 1))
	sh.Roots = leastRoots(roots.list)
	if !sets {
		return sh, nil
	}
	// By document, each one's ranks ascending (its unshared hashes, of
	// rank noRank, last).
	parallel.RadixSortBuf(entries, nil)
	for i := 0; i < len(entries); {
		d, set := uint32(entries[i]>>32), []uint32(nil)
		j := i
		for ; j < len(entries) && uint32(entries[j]>>32) == d; j++ {
			if r := uint32(entries[j]); r != noRank {
				set = append(set, r)
			}
		}
		sh.Docs = append(sh.Docs, d)
		sh.Distinct = append(sh.Distinct, uint32(j-i))
		sh.Sets = append(sh.Sets, set)
		i = j
	}
	return sh, nil
}

// ScanCandidates scans a corpus analysed already whose postings (made by
// Analysis.AppendPostings with Options.Shingle) were found shard by shard
// by ShardCandidates: the report is the one ScanAnalysed makes of src.
// It takes over the shards' pairs.
func ScanCandidates(src AnalysedSource, shards []Shard, opts Options) (*report.Scan, error) {
	st, ut, err := takeShards(src, shards, &opts)
	if err != nil {
		return nil, err
	}
	all, err := joinPairs(shards, ut, opts.Workers)
	if err != nil {
		st.spill.close()
		return nil, err
	}
	roots, err := joinRoots(shards, ut, st.rank)
	if err != nil {
		st.spill.close()
		return nil, err
	}
	phase("candidates")
	st.align(ut, all, roots, opts)
	return reportOnce(st, opts)
}

// takeShards begins a scan joined from shards: it takes the corpus
// analysed src, gives its documents their sets from the shards (joinSets)
// and lays out their units. It returns what the report needs of the
// corpus, and the unit table; on an error, the spill is closed.
func takeShards(src AnalysedSource, shards []Shard, opts *Options) (*aligned, *unitTable, error) {
	in, blocks, err := takeAnalysed(src, opts)
	if err != nil {
		return nil, nil, err
	}
	docs := in.docs
	ws, rank := publication(docs)
	if err := joinSets(docs, shards); err != nil {
		in.sp.close()
		return nil, nil, err
	}
	phase("sets")
	st := &aligned{docs: docs, skipped: in.inOrder(), when: ws, rank: rank, spill: in.sp}
	return st, layoutUnits(docs, blocks, opts.Workers), nil
}

// joinSets gives every document its distinct hashes and its set of shared
// ones (as setsFrom does), from the shards.
func joinSets(docs []*docState, shards []Shard) error {
	order := make([]int, len(shards))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(shards[a].Least, shards[b].Least) })
	n := make([]int, len(docs)+1) // each document's shared hashes, then where its set starts
	distinct := make([]int, len(docs))
	for _, i := range order {
		sh := &shards[i]
		if len(sh.Distinct) != len(sh.Docs) || len(sh.Sets) != len(sh.Docs) {
			return fmt.Errorf("reuse: a shard of %d documents with %d counts and %d sets", len(sh.Docs), len(sh.Distinct), len(sh.Sets))
		}
		for k, d := range sh.Docs {
			switch {
			case int(d) >= len(docs):
				return fmt.Errorf("reuse: a shard names document %d, of %d", d, len(docs))
			case k > 0 && d <= sh.Docs[k-1]:
				return errors.New("reuse: a shard's documents are not ascending")
			case !ascending(sh.Sets[k], sh.Shared):
				return fmt.Errorf("reuse: a shard's set of document %d is not ascending ranks under %d", d, sh.Shared)
			}
			n[d+1] += len(sh.Sets[k])
			distinct[d] += int(sh.Distinct[k])
		}
	}
	for d := range docs {
		n[d+1] += n[d]
	}
	all := make([]uint32, n[len(docs)])
	fill := slices.Clone(n[:len(docs)])
	offset := uint32(0)
	for _, i := range order {
		sh := &shards[i]
		for k, d := range sh.Docs {
			for _, r := range sh.Sets[k] {
				all[fill[d]] = offset + r
				fill[d]++
			}
		}
		offset += sh.Shared
	}
	for d, st := range docs {
		st.set = all[n[d]:n[d+1]:n[d+1]]
		st.distinct = distinct[d]
	}
	return nil
}

// ascending reports whether set rises strictly and stays under n.
func ascending(set []uint32, n uint32) bool {
	for k, r := range set {
		if r >= n || k > 0 && r <= set[k-1] {
			return false
		}
	}
	return true
}

// joinPairs returns the shards' pairs, sorted and distinct, and lets the
// shards' go; each must be of two units of ut in different documents.
func joinPairs(shards []Shard, ut *unitTable, workers int) ([]uint64, error) {
	parts := make([][]uint64, len(shards))
	for i := range shards {
		for _, p := range shards[i].Pairs {
			a, b := p>>32, p&math.MaxUint32
			if a >= b || b >= uint64(len(ut.unit)) || ut.doc[a] == ut.doc[b] {
				return nil, fmt.Errorf("reuse: a shard pairs units %d and %d, of %d", a, b, len(ut.unit))
			}
		}
		parts[i], shards[i].Pairs = shards[i].Pairs, nil
	}
	all := parallel.Concat(parts, workers)
	parallel.Sort(all, workers)
	return slices.Compact(all), nil
}
