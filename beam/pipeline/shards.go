package pipeline

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/reuse"
)

// shardBits is the number of a hash's top bits that name its shard: the
// postings are grouped into 1<<shardBits shards.
const shardBits = 8

// Shards finds the candidate unit pairs of the analysed documents, shard
// by shard (reuse.ShardPairs), from the index entries and postings
// that Analyse made. It returns the index, and the pairs, by the group
// of their document pair (Align), each shard's encoded (appendDocPairs).
//
// First the documents are numbered, in input order, and their units
// after them: an index of a few bytes a document (its place in input
// order, its number of units, its rank by publication), made on one
// worker and read by every worker as a side input. Each shard's
// postings, batched by the worker that analysed their documents, are
// grouped by shard, numbered by the index, and their candidates found on
// a worker of its own. A posting is shuffled once, whatever the number of
// documents that share its hash.
//
// It returns too each document's hashes shared with another document, by
// block (sharedHashes), for its pairs; and the roots each shard offers
// the units of its stars, by block of the unit's document (offerRoots).
func Shards(s beam.Scope, entries, postings beam.PCollection) (index, pairs, shared, roots beam.PCollection) {
	s = s.Scope("copydesk.Shards")
	index = beam.ParDo(s, makeIndexFn, beam.GroupByKey(s, beam.AddFixedKey(s, entries)))
	pairs, shared, roots = beam.ParDo3(s, &shardFn{}, beam.GroupByKey(s, postings), beam.SideInput{Input: index})
	return index, pairs, shared, roots
}

// indexEntry is what the index reads of a document with words.
type indexEntry struct {
	Input     int
	File      string
	Seq       int
	Units     int
	Published []byte
	DateOnly  bool
}

// makeIndexFn puts the entries in input order and encodes the index:
//
//	uv files; for each, in input order: uv its input, uv bytes and its
//	   path, uv its documents
//	for each document, in input order: uv its seq, uv its units, uv its
//	   rank, uv when it was published: 0 unknown, 1 a moment, 2 a day;
//	   if known, its Unix seconds (a signed varint) and uv nanoseconds
func makeIndexFn(_ int, entries func(*indexEntry) bool, emit func([]byte)) error {
	var all []indexEntry
	var e indexEntry
	for entries(&e) {
		all = append(all, e)
		e = indexEntry{}
	}
	slices.SortFunc(all, func(a, b indexEntry) int {
		return cmp.Or(cmp.Compare(a.Input, b.Input), cmp.Compare(a.File, b.File), cmp.Compare(a.Seq, b.Seq))
	})
	docs := make([]corpus.Doc, len(all))
	units := 0
	for i, e := range all {
		if len(e.Published) > 0 {
			if err := docs[i].Published.UnmarshalBinary(e.Published); err != nil {
				return fmt.Errorf("pipeline: %s, record %d: published: %w", e.File, e.Seq, err)
			}
		}
		docs[i].DateOnly = e.DateOnly
		units += e.Units
	}
	if units > math.MaxUint32 || len(all) > math.MaxUint32 {
		return fmt.Errorf("pipeline: %d documents of %d units: more than 2^32", len(all), units)
	}
	rank := reuse.Ranks(docs)
	var b, files []byte
	nFiles := 0
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].Input == all[i].Input && all[j].File == all[i].File {
			j++
		}
		files = binary.AppendUvarint(files, uint64(all[i].Input))
		files = binary.AppendUvarint(files, uint64(len(all[i].File)))
		files = append(files, all[i].File...)
		files = binary.AppendUvarint(files, uint64(j-i))
		nFiles++
		i = j
	}
	b = binary.AppendUvarint(b, uint64(nFiles))
	b = append(b, files...)
	for i, e := range all {
		b = binary.AppendUvarint(b, uint64(e.Seq))
		b = binary.AppendUvarint(b, uint64(e.Units))
		b = binary.AppendUvarint(b, uint64(rank[i]))
		t, kind := docs[i].Published, uint64(1)
		switch {
		case t.IsZero():
			kind = 0
		case docs[i].DateOnly:
			kind = 2
		}
		b = binary.AppendUvarint(b, kind)
		if kind > 0 {
			b = binary.AppendVarint(b, t.Unix())
			b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
		}
	}
	emit(b)
	return nil
}

// index places each document with words: doc is its place in input
// order, first[doc] its first unit (first[len(seq)] all the units),
// rank[doc] its rank, published[doc] when it was published (zero if
// unknown; dateOnly[doc] if a day).
type index struct {
	files     map[fileKey][2]int // each file's documents, [lo, hi)
	seq       []int
	first     []uint32
	rank      []uint32
	published []time.Time
	dateOnly  []bool
}

type fileKey struct {
	input int
	path  string
}

// decodeIndex decodes makeIndexFn's encoding.
func decodeIndex(b []byte) (*index, error) {
	r := reader{b: b}
	x := &index{files: map[fileKey][2]int{}}
	nFiles := r.count(3)
	at := 0
	for range nFiles {
		input := int(r.uv())
		path := string(r.bytes(r.count(1)))
		n := r.count(3)
		x.files[fileKey{input, path}] = [2]int{at, at + n}
		at += n
	}
	if r.err == nil && at*3 > len(r.b) {
		r.err = errors.New("truncated")
	}
	first := uint32(0)
	for range at {
		if r.err != nil {
			break
		}
		x.seq = append(x.seq, int(r.uv()))
		x.first = append(x.first, first)
		first += uint32(r.uv())
		x.rank = append(x.rank, uint32(r.uv()))
		var t time.Time
		kind := r.uv()
		if kind > 2 {
			r.err = cmp.Or(r.err, errors.New("a publication of no kind"))
		}
		if kind > 0 {
			sec, ns := r.iv(), r.uv()
			if ns >= 1e9 {
				r.err = cmp.Or(r.err, errors.New("a publication's nanoseconds past a second"))
			}
			t = time.Unix(sec, int64(ns)).UTC()
		}
		x.published, x.dateOnly = append(x.published, t), append(x.dateOnly, kind == 2)
	}
	x.first = append(x.first, first)
	if r.err == nil && len(r.b) > 0 {
		r.err = errors.New("bytes left over")
	}
	if r.err != nil {
		return nil, fmt.Errorf("pipeline: the index: %w", r.err)
	}
	return x, nil
}

// doc returns the place of the document at seq in a file of an input.
func (x *index) doc(file fileKey, seq int) (uint32, bool) {
	lh, ok := x.files[file]
	if !ok {
		return 0, false
	}
	i, found := slices.BinarySearch(x.seq[lh[0]:lh[1]], seq)
	return uint32(lh[0] + i), found
}

// docOf returns the document of unit u (below first[len(seq)]).
func (x *index) docOf(u uint32) uint32 {
	return uint32(sort.Search(len(x.first), func(d int) bool { return x.first[d] > u }) - 1)
}

// sideIndex reads the index from its side input, once a worker.
func sideIndex(x **index, side func(*[]byte) bool) error {
	if *x != nil {
		return nil
	}
	var b []byte
	if !side(&b) {
		return errors.New("pipeline: no index: no input holds a document with words to compare (copydesk scan says: nothing to analyse)")
	}
	var err error
	*x, err = decodeIndex(b)
	return err
}

// postingBatches gathers the postings of a worker's documents in a batch
// for each shard, to be emitted together. A batch's encoding:
//
//	uv files; for each, uv its input, uv bytes and its path
//	uv records; for each, uv its file (its place above), uv its seq
//	to the end, each posting: 8 bytes its hash, little-endian, uv its
//	   record (its place above), uv its unit's place in its document
//	   times two, plus one for a text posting (reuse.Posting.Text)
//
// The shard numbers the documents and their units by the index.
type postingBatches struct {
	shards [1 << shardBits]postingBatch
	doc    int // the documents added
	file   int // the files of the documents added
	path   fileKey
	bytes  int // the bytes held
	ps     []reuse.Posting
}

type postingBatch struct {
	files, records, postings []byte
	nFiles, nRecords         int
	lastFile, lastDoc        int // the last file and document added (postingBatches.file, doc)
	fileAt, recordAt         int // and their places in the batch
}

// batchBytes is the most bytes of postings a worker holds before it
// emits them.
const batchBytes = 32 << 20

// add adds the postings of the shingles of k words of the document of
// r, analysed as a, and emits the batches if they are large.
func (bs *postingBatches) add(r *Record, a *reuse.Analysis, k int, emit func(int, []byte)) {
	bs.doc++
	if path := (fileKey{r.Input, r.File}); bs.file == 0 || path != bs.path {
		bs.file++
		bs.path = path
	}
	bs.ps = a.AppendPostings(bs.ps[:0], 0, 0, k)
	for _, p := range bs.ps {
		b := &bs.shards[p.Hash>>(64-shardBits)]
		n := len(b.files) + len(b.records) + len(b.postings)
		if b.lastFile != bs.file {
			b.lastFile, b.fileAt = bs.file, b.nFiles
			b.nFiles++
			b.files = binary.AppendUvarint(b.files, uint64(r.Input))
			b.files = binary.AppendUvarint(b.files, uint64(len(r.File)))
			b.files = append(b.files, r.File...)
		}
		if b.lastDoc != bs.doc {
			b.lastDoc, b.recordAt = bs.doc, b.nRecords
			b.nRecords++
			b.records = binary.AppendUvarint(b.records, uint64(b.fileAt))
			b.records = binary.AppendUvarint(b.records, uint64(r.Seq))
		}
		b.postings = binary.LittleEndian.AppendUint64(b.postings, p.Hash)
		b.postings = binary.AppendUvarint(b.postings, uint64(b.recordAt))
		text := uint64(0)
		if p.Text {
			text = 1
		}
		b.postings = binary.AppendUvarint(b.postings, uint64(p.Unit)<<1|text)
		bs.bytes += len(b.files) + len(b.records) + len(b.postings) - n
	}
	if bs.bytes > batchBytes {
		bs.flush(emit)
	}
}

// flush emits every shard's batch, keyed by shard.
func (bs *postingBatches) flush(emit func(int, []byte)) {
	for s := range bs.shards {
		b := &bs.shards[s]
		if b.nRecords > 0 {
			enc := make([]byte, 0, 2*binary.MaxVarintLen64+len(b.files)+len(b.records)+len(b.postings))
			enc = append(binary.AppendUvarint(enc, uint64(b.nFiles)), b.files...)
			enc = append(binary.AppendUvarint(enc, uint64(b.nRecords)), b.records...)
			emit(s, append(enc, b.postings...))
		}
		*b = postingBatch{}
	}
	bs.bytes = 0
}

// decodeBatch appends to ps the postings of a batch, numbered by x.
func decodeBatch(ps []reuse.Posting, b []byte, x *index) ([]reuse.Posting, error) {
	r := reader{b: b}
	files := make([]fileKey, r.count(2))
	for i := range files {
		files[i].input = int(r.uv())
		files[i].path = string(r.bytes(r.count(1)))
	}
	docs := make([]uint32, r.count(2))
	for i := range docs {
		f, seq := r.uv(), int(r.uv())
		if r.err != nil {
			break
		}
		if f >= uint64(len(files)) {
			return ps, fmt.Errorf("pipeline: a batch's record of file %d, of %d", f, len(files))
		}
		d, ok := x.doc(files[f], seq)
		if !ok {
			return ps, fmt.Errorf("pipeline: %s, record %d, is not in the index", files[f].path, seq)
		}
		docs[i] = d
	}
	for r.err == nil && len(r.b) > 0 {
		h := binary.LittleEndian.Uint64(r.bytes(8))
		rec, u := r.uv(), r.uv()
		if r.err != nil {
			break
		}
		if rec >= uint64(len(docs)) {
			return ps, fmt.Errorf("pipeline: a posting of record %d, of %d", rec, len(docs))
		}
		d := docs[rec]
		text := u&1 == 1
		if u >>= 1; u >= uint64(x.first[d+1]-x.first[d]) {
			return ps, fmt.Errorf("pipeline: a posting of unit %d of a document of %d", u, x.first[d+1]-x.first[d])
		}
		ps = append(ps, reuse.Posting{Hash: h, Unit: x.first[d] + uint32(u), Doc: d, Text: text})
	}
	if r.err != nil {
		return ps, fmt.Errorf("pipeline: a batch of postings: %w", r.err)
	}
	return ps, nil
}

// shardFn finds the candidates of a shard's postings.
type shardFn struct{ x *index }

func (fn *shardFn) ProcessElement(ctx context.Context, _ int, batches func(*[]byte) bool, side func(*[]byte) bool, pairs, shared, roots func(int, []byte)) error {
	if err := sideIndex(&fn.x, side); err != nil {
		return err
	}
	var ps []reuse.Posting
	var b []byte
	for batches(&b) {
		var err error
		if ps, err = decodeBatch(ps, b, fn.x); err != nil {
			return err
		}
	}
	cands, offered, err := reuse.ShardPairs(ps, fn.x.rank)
	if err != nil {
		return err
	}
	offerRoots(ctx, offered, fn.x, roots)
	if err := byDocPair(cands, fn.x, func(g int, b []byte) { candidateBytes.Inc(ctx, int64(len(b))); pairs(g, b) }); err != nil {
		return err
	}
	for block, b := range sharedHashes(ps) {
		if len(b) > 0 {
			sharedBytes.Inc(ctx, int64(len(b)))
			shared(block, b)
		}
	}
	return nil
}

// sharedHashes returns, by block, the hashes of the shingle postings of
// ps (which it reorders; its text postings, reuse.Posting.Text, are in no
// document's set) that are in two documents or more, by document: for
// each document, uv its number, uv its hashes, and each, ascending, uv
// less the one before (the first less 0). A document's report reads them
// for its pairs' intersections (reuse.DocFindings.Shared).
func sharedHashes(ps []reuse.Posting) [1 << alignBits][]byte {
	ps = slices.DeleteFunc(ps, func(p reuse.Posting) bool { return p.Text })
	slices.SortFunc(ps, func(a, b reuse.Posting) int { return cmp.Or(cmp.Compare(a.Doc, b.Doc), cmp.Compare(a.Hash, b.Hash)) })
	docsOf := map[uint64]uint32{} // a hash's first document, or MaxUint32 once in two
	for _, p := range ps {
		if d, ok := docsOf[p.Hash]; !ok {
			docsOf[p.Hash] = p.Doc
		} else if d != p.Doc {
			docsOf[p.Hash] = math.MaxUint32
		}
	}
	var out [1 << alignBits][]byte
	for i := 0; i < len(ps); {
		d := ps[i].Doc
		var hs []uint64
		for ; i < len(ps) && ps[i].Doc == d; i++ {
			if h := ps[i].Hash; docsOf[h] == math.MaxUint32 && (len(hs) == 0 || hs[len(hs)-1] != h) {
				hs = append(hs, h)
			}
		}
		if len(hs) == 0 {
			continue
		}
		o := &out[groupOf(d)]
		*o = binary.AppendUvarint(binary.AppendUvarint(*o, uint64(d)), uint64(len(hs)))
		last := uint64(0)
		for _, h := range hs {
			*o, last = binary.AppendUvarint(*o, h-last), h
		}
	}
	return out
}

// reader reads the encodings of this file, its first error kept.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uv() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errors.New("truncated")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// iv reads a signed varint (binary.AppendVarint's: zigzag over uv).
func (r *reader) iv() int64 {
	u := r.uv()
	return int64(u>>1) ^ -int64(u&1)
}

func (r *reader) uint32() uint32 {
	v := r.uv()
	if v > math.MaxUint32 {
		r.err = cmp.Or(r.err, errors.New("a number past 2^32"))
	}
	return uint32(v)
}

// count reads a count of things of at least size bytes each.
func (r *reader) count(size int) int {
	v := r.uv()
	if v > uint64(len(r.b)/size) {
		r.err = cmp.Or(r.err, errors.New("a count past the bytes left"))
		return 0
	}
	return int(v)
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil || n > len(r.b) {
		r.err = cmp.Or(r.err, errors.New("truncated"))
		return make([]byte, n)
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}

func init() {
	register.Function3x1(makeIndexFn)
	register.Emitter1[indexEntry]()
	register.Iter1[indexEntry]()
	register.Emitter2[int, []byte]()
	register.Iter1[[]byte]()
	register.DoFn7x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func(int, []byte), func(int, []byte), error](&shardFn{})
}
