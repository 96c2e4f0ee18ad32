package archive

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/cockroachdb/pebble/v2"
)

// mergerName names the merger in the store: Pebble refuses to open a
// store with another.
const mergerName = "copydesk.archive.v2"

// merger combines the merge operands of a key: buckets of postings ("p")
// are merged group by group, their postings ORed; line counts ("l")
// added.
var merger = &pebble.Merger{
	Name: mergerName,
	Merge: func(key, value []byte) (pebble.ValueMerger, error) {
		if len(key) > 0 && key[0] == kindLine {
			c := &countMerger{}
			return c, c.add(value)
		}
		m := newBucketMerger()
		return m, m.add(value)
	},
}

// Postings are kept in buckets: a fingerprint's top bucketBits bits key
// its bucket, and within the bucket its next residueBits bits name its
// group, which holds its postings. A bucket value is its groups in
// order of residue, each the residue as a uvarint (the first whole, each
// other less the one before it), the length of its postings as a
// uvarint, and its postings (a postings value, below). 2^20 buckets keep
// the store's keys few (a batch of 25,000 documents, about 3.75 million
// postings, writes about a million keys, not 3.75 million) while a
// check reads about 150 postings a bucket at a million documents.
const (
	bucketBits  = 20
	residueBits = 20
	prefixBits  = bucketBits + residueBits // the bits that tell fingerprints apart
)

// prefix returns the bits of fp that tell fingerprints apart.
func prefix(fp uint64) uint64 { return fp >> (64 - prefixBits) }

// bucketKey returns the key of the bucket of a fingerprint prefix.
func bucketKey(dst []byte, prefix uint64) []byte {
	b := prefix >> residueBits
	return append(dst, kindPostings, byte(b>>16), byte(b>>8), byte(b))
}

func residue(prefix uint64) uint32 { return uint32(prefix) & (1<<residueBits - 1) }

var errBucket = errors.New("archive: a bucket of postings is damaged")

// eachGroup calls fn with the residue and postings of each group of a
// bucket value, in order, and fails on bytes that are not one.
func eachGroup(v []byte, fn func(res uint32, postings []byte) error) error {
	res := uint64(0)
	for first := true; len(v) > 0; first = false {
		d, w := binary.Uvarint(v)
		if w <= 0 || d == 0 && !first || res+d >= 1<<residueBits {
			return errBucket
		}
		res += d
		v = v[w:]
		n, w := binary.Uvarint(v)
		if w <= 0 || n == 0 || n > uint64(len(v)-w) {
			return errBucket
		}
		if err := fn(uint32(res), v[w:w+int(n)]); err != nil {
			return err
		}
		v = v[w+int(n):]
	}
	return nil
}

// appendGroup appends a group to a bucket value whose last group's
// residue is prev (ignored when dst is empty).
func appendGroup(dst []byte, prev, res uint32, postings []byte) []byte {
	if len(dst) == 0 {
		prev = 0
	}
	dst = binary.AppendUvarint(dst, uint64(res-prev))
	dst = binary.AppendUvarint(dst, uint64(len(postings)))
	return append(dst, postings...)
}

// bucketMerger merges buckets. Most groups are small (a batch's
// postings of one fingerprint, or a few hundred of them): it reads their
// ids into pairs, and turns to roaring's bitmaps only for a group whose
// postings are not a list or arrays. Each operand's pairs are in order
// (its groups are, and their ids): Finish merges these runs. Mergers are
// reused: the closer Finish returns puts one back when the store is done
// with its value.
type bucketMerger struct {
	pairs []uint64                   // residue<<32 | id, of the groups read as lists
	runs  []int                      // where each operand's pairs begin
	wide  map[uint32]*roaring.Bitmap // by residue, the others
	ids   []uint32                   // scratch
	tmp   []uint64                   // scratch for merging runs
	out   []byte                     // the merged value
}

var mergers = sync.Pool{New: func() any { return new(bucketMerger) }}

func newBucketMerger() *bucketMerger {
	m := mergers.Get().(*bucketMerger)
	m.pairs, m.runs, m.wide, m.out = m.pairs[:0], m.runs[:0], nil, m.out[:0]
	return m
}

// Close puts the merger back for reuse.
func (m *bucketMerger) Close() error {
	mergers.Put(m)
	return nil
}

func (m *bucketMerger) MergeNewer(v []byte) error { return m.add(v) }
func (m *bucketMerger) MergeOlder(v []byte) error { return m.add(v) }

func (m *bucketMerger) add(v []byte) error {
	m.runs = append(m.runs, len(m.pairs))
	return eachGroup(v, func(res uint32, p []byte) error {
		if ids, ok := appendIDs(m.ids[:0], p); ok {
			for _, id := range ids {
				m.pairs = append(m.pairs, uint64(res)<<32|uint64(id))
			}
			m.ids = ids
			return nil
		}
		b, err := readRoaring(p)
		if err != nil {
			return err
		}
		if m.wide == nil {
			m.wide = make(map[uint32]*roaring.Bitmap)
		}
		if w := m.wide[res]; w != nil {
			w.Or(b)
		} else {
			m.wide[res] = b
		}
		return nil
	})
}

// mergeRuns sorts the pairs, whose runs are each in order, merging the
// runs two by two.
func (m *bucketMerger) mergeRuns() {
	runs := append(m.runs, len(m.pairs))
	for len(runs) > 2 {
		m.tmp = m.tmp[:0]
		next := runs[:0:0]
		for i := 0; i+1 < len(runs); i += 2 {
			next = append(next, len(m.tmp))
			a, b := m.pairs[runs[i]:runs[i+1]], []uint64(nil)
			if i+2 < len(runs) {
				b = m.pairs[runs[i+1]:runs[i+2]]
			}
			for len(a) > 0 && len(b) > 0 {
				if a[0] <= b[0] {
					m.tmp, a = append(m.tmp, a[0]), a[1:]
				} else {
					m.tmp, b = append(m.tmp, b[0]), b[1:]
				}
			}
			m.tmp = append(append(m.tmp, a...), b...)
		}
		next = append(next, len(m.tmp))
		m.pairs, m.tmp = m.tmp, m.pairs
		runs = next
	}
}

func (m *bucketMerger) Finish(bool) ([]byte, io.Closer, error) {
	m.mergeRuns()
	m.pairs = slices.Compact(m.pairs)
	var wide []uint32
	if m.wide != nil {
		wide = slices.Sorted(maps.Keys(m.wide))
	}
	var p []byte
	var prev uint32
	for i, k := 0, 0; i < len(m.pairs) || k < len(wide); {
		res := uint32(1<<residueBits - 1)
		if i < len(m.pairs) {
			res = uint32(m.pairs[i] >> 32)
		}
		if k < len(wide) && wide[k] < res {
			res = wide[k]
		}
		m.ids = m.ids[:0]
		for ; i < len(m.pairs) && uint32(m.pairs[i]>>32) == res; i++ {
			m.ids = append(m.ids, uint32(m.pairs[i]))
		}
		if k < len(wide) && wide[k] == res {
			bm := m.wide[res]
			bm.AddMany(m.ids)
			var err error
			if p, err = bm.ToBytes(); err != nil {
				return nil, nil, err
			}
			k++
		} else {
			p = appendPostings(p[:0], m.ids)
		}
		m.out = appendGroup(m.out, prev, res, p)
		prev = res
	}
	return m.out, m, nil
}

// Postings values are either a short list, the byte shortList and then
// the ids as uvarints, the first whole and each other less the one
// before it, or a roaring bitmap's portable serialization (whose first
// byte, of its cookie, is never shortList).
const (
	shortList = 0
	maxShort  = 64 // the most ids a short list holds
)

// appendPostings appends the postings value of ids, sorted and distinct.
func appendPostings(dst []byte, ids []uint32) []byte {
	if len(ids) > maxShort {
		return appendRoaring(dst, ids)
	}
	dst = append(dst, shortList)
	prev := uint32(0)
	for _, id := range ids {
		dst = binary.AppendUvarint(dst, uint64(id-prev))
		prev = id
	}
	return dst
}

// appendIDs appends the ids of a postings value that is a short list or
// a roaring bitmap of array containers (appendArrays), and reports
// whether it was; any other bytes are left to roaring.
func appendIDs(dst []uint32, v []byte) ([]uint32, bool) {
	if len(v) == 0 || v[0] != shortList {
		return appendArrays(dst, v)
	}
	start, prev := len(dst), uint64(0)
	for v = v[1:]; len(v) > 0; {
		d, w := binary.Uvarint(v)
		if w <= 0 || d == 0 && len(dst) > start || prev+d > 1<<32-1 {
			return dst[:start], false
		}
		prev += d
		dst = append(dst, uint32(prev))
		v = v[w:]
	}
	return dst, true
}

// readPostings reads a postings value.
func readPostings(v []byte) (*roaring.Bitmap, error) {
	if ids, ok := appendIDs(nil, v); ok {
		return roaring.BitmapOf(ids...), nil
	}
	return readRoaring(v)
}

// readRoaring reads a roaring bitmap, and checks it: roaring reads some
// damaged bitmaps (containers out of order, repeated) without an error.
func readRoaring(v []byte) (*roaring.Bitmap, error) {
	bm := roaring.New()
	if err := bm.UnmarshalBinary(v); err != nil {
		return nil, fmt.Errorf("archive: postings: %w", err)
	}
	if err := bm.Validate(); err != nil {
		return nil, fmt.Errorf("archive: postings: %w", err)
	}
	return bm, nil
}

// appendArrays appends the ids of a serialized roaring bitmap whose
// containers are all arrays, laid out as appendRoaring writes them (keys
// and ids in order, the containers one after another), and reports
// whether it was one; any other bytes are left to roaring.
func appendArrays(dst []uint32, v []byte) ([]uint32, bool) {
	if len(v) < 8 || binary.LittleEndian.Uint32(v) != 12346 {
		return dst, false
	}
	n := int(binary.LittleEndian.Uint32(v[4:]))
	if n > (len(v)-8)/8 {
		return dst, false
	}
	head, offsets := v[8:8+4*n], v[8+4*n:8+8*n]
	start, at := len(dst), 8+8*n
	for i := 0; i < n; i++ {
		key := uint32(binary.LittleEndian.Uint16(head[4*i:]))
		card := int(binary.LittleEndian.Uint16(head[4*i+2:])) + 1
		if card > 4096 || int(binary.LittleEndian.Uint32(offsets[4*i:])) != at || at+2*card > len(v) {
			return dst[:start], false
		}
		for j := 0; j < card; j++ {
			id := key<<16 | uint32(binary.LittleEndian.Uint16(v[at+2*j:]))
			if len(dst) > start && id <= dst[len(dst)-1] {
				return dst[:start], false
			}
			dst = append(dst, id)
		}
		at += 2 * card
	}
	if at != len(v) {
		return dst[:start], false
	}
	return dst, true
}

// countMerger adds zigzag varints. A count that comes to zero stays, a
// zero, until Compact deletes it: a merger that deletes what it merges
// (pebble.DeletableValueMerger) corrupts the compaction iterator's state
// in Pebble up to v2.1.7 at least (cockroachdb/pebble#6168: a panic,
// "compaction iterator has skip=true, but iterator is at iterPosNext", or
// a value brought back), which copydesk's tests met once an archive had
// more such counts.
type countMerger struct{ n int64 }

func (m *countMerger) MergeNewer(v []byte) error { return m.add(v) }
func (m *countMerger) MergeOlder(v []byte) error { return m.add(v) }

func (m *countMerger) add(v []byte) error {
	n, w := binary.Varint(v)
	if w <= 0 {
		return fmt.Errorf("archive: a line count of %d bytes", len(v))
	}
	m.n += n
	return nil
}

func (m *countMerger) Finish(includesBase bool) ([]byte, io.Closer, error) {
	return binary.AppendVarint(nil, m.n), nil, nil
}

// readCount reads a line count ("l" value); a missing one is 0.
func readCount(v []byte) int64 {
	n, w := binary.Varint(v)
	if w <= 0 {
		return 0
	}
	return n
}

// appendRoaring appends the portable serialization of the roaring bitmap
// of ids, sorted and distinct, as roaring's ToBytes writes it: written
// here for the common case of postings of one batch (array containers, of
// at most arrayMax ids each), without making a bitmap.
func appendRoaring(dst []byte, ids []uint32) []byte {
	const arrayMax = 4096
	n := 0 // containers
	for i := 0; i < len(ids); {
		j := i
		for j < len(ids) && ids[j]>>16 == ids[i]>>16 {
			j++
		}
		if j-i > arrayMax {
			b, _ := roaring.BitmapOf(ids...).ToBytes() // a bitmap container; writing to memory fails not
			return append(dst, b...)
		}
		n++
		i = j
	}
	dst = binary.LittleEndian.AppendUint32(dst, 12346) // no run containers
	dst = binary.LittleEndian.AppendUint32(dst, uint32(n))
	for i := 0; i < len(ids); {
		j := i
		for j < len(ids) && ids[j]>>16 == ids[i]>>16 {
			j++
		}
		dst = binary.LittleEndian.AppendUint16(dst, uint16(ids[i]>>16))
		dst = binary.LittleEndian.AppendUint16(dst, uint16(j-i-1))
		i = j
	}
	offset := uint32(8 + 8*n) // the preamble, the descriptive header and the offsets
	for i := 0; i < len(ids); {
		j := i
		for j < len(ids) && ids[j]>>16 == ids[i]>>16 {
			j++
		}
		dst = binary.LittleEndian.AppendUint32(dst, offset)
		offset += uint32(2 * (j - i))
		i = j
	}
	for _, id := range ids {
		dst = binary.LittleEndian.AppendUint16(dst, uint16(id))
	}
	return dst
}
