package reuse

import (
	"math/bits"

	"github.com/copydesk/copydesk/internal/parallel"
)

// The repeats sieve tells which shingle hashes occur more than once in a
// corpus. A hash that occurs once (in one unit of one document) pairs no
// units and is in no intersection, and in a corpus of edited copies three
// hashes in four are such hashes (every edit makes K hashes of its own),
// so the postings leave them out.
//
// It counts by radix partitioning, as hash joins do (Manegold, Boncz and
// Kersten 2000; Balkesen et al. 2013), because a count table the size of
// the corpus makes a cache miss of nearly every hash once it outgrows the
// cache, which made the count of 300,000 documents cost three times that
// of 20,000, per hash. The first pass over the corpus logs a 30-bit key
// of each hash in the list of its partition (its top bits), a list set
// per part of the corpus (repeatLog.add, one goroutine a part). Each
// partition is then counted on its own, in a table that fits a core's
// cache (settle), and leaves each part one bit per hash it logged there,
// in the order logged: whether the hash occurs more than once. The second
// pass makes the same hashes in the same order and reads their bits
// (repeatBits.next), a stream a partition, in order.
//
// The sieve has no false negatives. Two hashes of one partition with the
// same key count as one, so a hash that occurs once may be taken for a
// repeated one, with probability about n/2³⁰ for a partition of n keys;
// it then costs one useless posting and changes nothing else.
type repeatLog struct {
	shift    uint        // a hash's partition is h >> shift
	keyShift uint        // and its key the 30 bits from keyShift up
	lists    [][]keyList // lists[part][partition]
}

// keyList is a list of keys in blocks, so that a long list grows without
// copying and wastes at most one block.
type keyList [][]uint32

// partitionKeys is about the number of keys a partition gets: its table,
// two slots a key of four bytes, then fits a core's cache.
const partitionKeys = 1 << 16

// blockKeys is the size of a key list's full blocks.
const blockKeys = 2048

// newRepeatLog returns an empty log for the given number of parts and
// about total hashes.
func newRepeatLog(parts, total int) *repeatLog {
	pbits := uint(min(bits.Len(uint(total/partitionKeys)), 16))
	l := &repeatLog{shift: 64 - pbits, keyShift: 34 - pbits, lists: make([][]keyList, parts)}
	for q := range l.lists {
		l.lists[q] = make([]keyList, 1<<pbits)
	}
	return l
}

// twiceFlag marks a key seen twice in a count table; keyFlag is set in
// every key, so that no key is zero, an empty slot.
const twiceFlag, keyFlag = 1 << 31, 1 << 30

// key is the 30 bits of h under its partition's, and keyFlag.
func (l *repeatLog) key(h uint64) uint32 { return uint32(h>>l.keyShift)&(keyFlag-1) | keyFlag }

// add logs the hashes hs in part q.
func (l *repeatLog) add(q int, hs []uint64) {
	lists := l.lists[q]
	for _, h := range hs {
		lists[h>>l.shift].add(l.key(h))
	}
}

func (kl *keyList) add(k uint32) {
	b := *kl
	n := len(b)
	if n == 0 || len(b[n-1]) == cap(b[n-1]) {
		b = append(b, make([]uint32, 0, min(blockKeys, 64<<min(n, 5))))
		*kl, n = b, n+1
	}
	b[n-1] = append(b[n-1], k)
}

// repeatBits is one part's answer: a bit for each hash it logged,
// partition after partition, each partition from a word of its own.
type repeatBits struct {
	shift  uint
	words  []uint64
	start  []int    // partition p's bits start at words[start[p]]
	cursor []uint32 // the next bit to read in each partition
}

// count returns the number of the part's hashes that occur more than once.
func (r *repeatBits) count() int {
	n := 0
	for _, w := range r.words {
		n += bits.OnesCount64(w)
	}
	return n
}

// next reports whether h, the hash after the last one asked of its
// partition in the order logged, occurs more than once in the corpus.
func (r *repeatBits) next(h uint64) bool {
	p := h >> r.shift
	i := r.cursor[p]
	r.cursor[p] = i + 1
	return r.words[r.start[p]+int(i>>6)]>>(i&63)&1 != 0
}

// settle counts every partition, on the given number of goroutines, and
// returns each part's bits. The log's keys are let go.
func (l *repeatLog) settle(workers int) []*repeatBits {
	out := make([]*repeatBits, len(l.lists))
	nPart := len(l.lists[0])
	for q, lists := range l.lists {
		r := &repeatBits{shift: l.shift, start: make([]int, nPart+1), cursor: make([]uint32, nPart)}
		for p, kl := range lists {
			r.start[p+1] = r.start[p] + (kl.len()+63)/64
		}
		r.words = make([]uint64, r.start[nPart])
		out[q] = r
	}
	tables := make([][]uint32, workers) // each goroutine's, reused from partition to partition
	parallel.Chunks(nPart, 1, workers, func(w, lo, hi int) {
		for p := lo; p < hi; p++ {
			tables[w] = l.countPartition(p, tables[w], out)
		}
	})
	l.lists = nil
	return out
}

func (kl keyList) len() int {
	n := 0
	for _, b := range kl {
		n += len(b)
	}
	return n
}

// countPartition counts partition p's keys of every part in table (open
// addressing, linear probing, twice as many slots as keys), sets each
// part's bits of the keys seen twice, and lets the keys go. It returns
// the table for reuse.
func (l *repeatLog) countPartition(p int, table []uint32, out []*repeatBits) []uint32 {
	n := 0
	for _, lists := range l.lists {
		n += lists[p].len()
	}
	size := 16
	for size < 2*n {
		size <<= 1
	}
	if cap(table) < size {
		table = make([]uint32, size)
	}
	table = table[:size]
	clear(table)
	mask := uint32(size - 1)
	for _, lists := range l.lists {
		for _, b := range lists[p] {
			for _, k := range b {
				i := k & mask
				for table[i] != 0 && table[i]&^twiceFlag != k {
					i = (i + 1) & mask
				}
				if table[i] == 0 {
					table[i] = k
				} else {
					table[i] |= twiceFlag
				}
			}
		}
	}
	for q, lists := range l.lists {
		words := out[q].words[out[q].start[p]:]
		j := 0
		for _, b := range lists[p] {
			for _, k := range b {
				i := k & mask
				for table[i]&^twiceFlag != k {
					i = (i + 1) & mask
				}
				words[j>>6] |= uint64(table[i]>>31) << (j & 63)
				j++
			}
		}
		lists[p] = nil
	}
	return table
}
