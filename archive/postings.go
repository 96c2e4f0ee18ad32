package archive

import (
	"encoding/binary"
	"fmt"
	"io"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/cockroachdb/pebble/v2"
)

// mergerName names the merger in the store: Pebble refuses to open a
// store with another.
const mergerName = "copydesk.archive.v1"

// merger combines the merge operands of a key: postings ("p") are ORed,
// line counts ("l") added.
var merger = &pebble.Merger{
	Name: mergerName,
	Merge: func(key, value []byte) (pebble.ValueMerger, error) {
		if len(key) > 0 && key[0] == kindLine {
			c := &countMerger{}
			return c, c.add(value)
		}
		p := &postingsMerger{}
		return p, p.add(value)
	},
}

// postingsMerger ORs roaring bitmaps. Most operands are small (a batch's
// postings of one fingerprint), of array containers alone: it reads
// those into a list of ids, and turns to roaring's bitmaps only for an
// operand with other containers.
type postingsMerger struct {
	ids []uint32        // the ids of the operands read as arrays
	bm  *roaring.Bitmap // the others', nil until one comes
}

func (m *postingsMerger) MergeNewer(v []byte) error { return m.add(v) }
func (m *postingsMerger) MergeOlder(v []byte) error { return m.add(v) }

func (m *postingsMerger) add(v []byte) error {
	if ids, ok := appendIDs(m.ids, v); ok {
		m.ids = ids
		return nil
	}
	var b roaring.Bitmap
	if _, err := b.FromUnsafeBytes(v); err != nil { // v is read before add returns, not kept
		return fmt.Errorf("archive: postings: %w", err)
	}
	if m.bm == nil {
		m.bm = roaring.New()
	}
	m.bm.Or(&b)
	return nil
}

func (m *postingsMerger) Finish(bool) ([]byte, io.Closer, error) {
	slices.Sort(m.ids)
	m.ids = slices.Compact(m.ids)
	if m.bm == nil {
		return appendPostings(nil, m.ids), nil, nil
	}
	m.bm.AddMany(m.ids)
	b, err := m.bm.ToBytes()
	return b, nil, err
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
	bm := roaring.New()
	if err := bm.UnmarshalBinary(v); err != nil {
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

// countMerger adds zigzag varints; a count that comes to zero is deleted.
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

func (m *countMerger) DeletableFinish(includesBase bool) ([]byte, bool, io.Closer, error) {
	if m.n == 0 {
		return nil, true, nil, nil
	}
	v, c, err := m.Finish(includesBase)
	return v, false, c, err
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
