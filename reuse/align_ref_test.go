package reuse

import (
	"reflect"
	"testing"

	"github.com/copydesk/copydesk/benchmarks"
)

const (
	dirStop = iota
	dirDiag
	dirUp
	dirLeft
)

// pairedAlignment is an alignment with its pairs beside it, not in a
// store: what tests compare.
type pairedAlignment struct {
	alignment
	pairs [][2]int32
}

// withPairs pairs alignments with their pairs in store, clearing where
// they were kept.
func withPairs(store *pairStore, xs []alignment) []pairedAlignment {
	var out []pairedAlignment
	for _, x := range xs {
		p := store.pairs(x)
		x.slab, x.off = 0, 0
		out = append(out, pairedAlignment{x, p})
	}
	return out
}

// word is a token with its stem and whether it is a content word, as the
// tests' cases hold them.
type word struct {
	token
	stem    uint32
	content bool
}

// wordsOf returns the words of tokens toks[lo:hi] of a document.
func wordsOf(d *docState, lo, hi int32) []word {
	out := make([]word, 0, hi-lo)
	for i := lo; i < hi; i++ {
		out = append(out, word{d.toks.at(i), d.stems[i], d.content.has(i)})
	}
	return out
}

// alignWords aligns the words a (the first at aBase) and b.
func (al *aligner) alignWords(dst []alignment, a, b []word, aBase, bBase, minScore int32) []alignment {
	content := newBitset(int(aBase) + len(a))
	for i, w := range a {
		if w.content {
			content.set(int(aBase) + i)
		}
	}
	return al.align(dst, content, stemsOf(a), stemsOf(b), aBase, bBase, minScore)
}

// alignReference is the plain Smith–Waterman the aligner must agree with: a
// full score and direction matrix, every pass run. It appends to dst the local alignments of the tokens a and b (whose
// first tokens have indices aBase and bBase in their documents) that score
// at least minScore: the best one, then the best that uses none of its
// words, and so on.
func alignReference(dst []pairedAlignment, a, b []word, aBase, bBase int32, minScore int32) []pairedAlignment {
	n, m := len(a), len(b)
	w := m + 1
	size := (n + 1) * w
	h, dir := make([]int32, size), make([]uint8, size)
	used := make([]bool, n+m)
	var bs []uint32
	for j := range b {
		bs = append(bs, b[j].stem)
	}
	pass := 0
	for ; ; pass++ {
		clear(h[:w])
		best, bi, bj := int32(0), 0, 0
		for i := 1; i <= n; i++ {
			row := i * w
			h[row] = 0
			if used[i-1] {
				clear(h[row : row+w])
				clear(dir[row : row+w])
				continue
			}
			as := a[i-1].stem
			prev, cur := h[row-w:row], h[row:row+w]
			d := dir[row : row+w]
			for j := 1; j <= m; j++ {
				if pass > 0 && used[n+j-1] {
					cur[j], d[j] = 0, dirStop
					continue
				}
				s := int32(scoreMismatch)
				if bs[j-1] == as {
					s = scoreMatch
				}
				v, dd := prev[j-1]+s, uint8(dirDiag)
				if u := prev[j] + scoreGap; u > v {
					v, dd = u, dirUp
				}
				if l := cur[j-1] + scoreGap; l > v {
					v, dd = l, dirLeft
				}
				if v <= 0 {
					v, dd = 0, dirStop
				}
				cur[j], d[j] = v, dd
				if v > best {
					best, bi, bj = v, i, j
				}
			}
		}
		if best < minScore {
			return dst
		}
		// Trace back from the best cell to where the score started.
		al1 := alignment{piece: piece{a1: aBase + int32(bi), b1: bBase + int32(bj)}}
		i, j := bi, bj
		var pairs [][2]int32
		for i > 0 && j > 0 && dir[i*w+j] != dirStop {
			switch dir[i*w+j] {
			case dirDiag:
				if a[i-1].stem == b[j-1].stem {
					pairs = append(pairs, [2]int32{aBase + int32(i-1), bBase + int32(j-1)})
					al1.matched++
					if a[i-1].content {
						al1.content++
					}
				}
				i--
				j--
			case dirUp:
				i--
			case dirLeft:
				j--
			}
		}
		al1.a0, al1.b0 = aBase+int32(i), bBase+int32(j)
		for x, y := 0, len(pairs)-1; x < y; x, y = x+1, y-1 {
			pairs[x], pairs[y] = pairs[y], pairs[x]
		}
		dst = append(dst, pairedAlignment{al1, pairs})
		for x := i; x < bi; x++ {
			used[x] = true
		}
		for y := j; y < bj; y++ {
			used[n+y] = true
		}
	}
}

// alignCases returns sentence pairs of the generated corpora: copies at
// each edit strength, sentences sharing a stock phrase or a quotation, and
// unrelated ones.
func alignCases() [][2][]word {
	l := benchmarks.NewGenerator(21).SyndicationCorpus(300, benchmarks.Strengths[2])
	var units [][]word
	for _, d := range l.Docs {
		st := newAnalyser(nil).analyse(d)
		for _, u := range st.units {
			units = append(units, wordsOf(st, u.start, u.end))
		}
	}
	var out [][2][]word
	for i := 0; i+1 < len(units) && len(out) < 3000; i += 2 {
		out = append(out, [2][]word{units[i], units[i+1]}, [2][]word{units[i], units[(i*7919)%len(units)]})
	}
	// Copies: a unit against itself with words dropped and moved.
	for i := 0; i < len(units) && i < 2000; i += 3 {
		u := units[i]
		v := append([]word(nil), u[len(u)/3:]...)
		v = append(v, u[:len(u)/3]...)
		out = append(out, [2][]word{u, u}, [2][]word{u, v})
	}
	return out
}

// TestAlignReference: the aligner finds exactly what plain Smith–Waterman
// finds, on thousands of sentence pairs.
func TestAlignReference(t *testing.T) {
	var al aligner
	al.useStore(new(pairStore))
	for k, c := range alignCases() {
		want := alignReference(nil, c[0], c[1], 0, 0, 6)
		got := withPairs(al.store, al.alignWords(nil, c[0], c[1], 0, 0, 6))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d: align = %+v, reference %+v", k, got, want)
		}
	}
}

// TestLCS checks the bit-parallel LCS against the quadratic table, on the
// same pairs, with and without skipped rows and dropped columns.
func TestLCS(t *testing.T) {
	lcsRef := func(a, b []word, skipA []bool, dropB map[int]bool) int {
		prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
		for i := range a {
			for j := range b {
				switch {
				case skipA[i]:
					cur[j+1] = prev[j+1]
				case !dropB[j] && a[i].stem == b[j].stem:
					cur[j+1] = prev[j] + 1
				default:
					cur[j+1] = max(prev[j+1], cur[j])
				}
			}
			prev, cur = cur, prev
		}
		return prev[len(b)]
	}
	tab := newLCSTable()
	cases := alignCases()
	// Units of more than 64 tokens, for the two-word rows: three cases
	// joined, cut at MaxUnit.
	for k := 0; k+2 < 600; k += 3 {
		var a, b []word
		for _, c := range cases[k : k+3] {
			a, b = append(a, c[0]...), append(b, c[1]...)
		}
		cases = append(cases, [2][]word{a[:min(len(a), MaxUnit)], b[:min(len(b), MaxUnit)]})
	}
	long := 0
	for k, c := range cases {
		a, b := c[0], c[1]
		if len(b) > 64 {
			long++
		}
		skip := make([]bool, len(a))
		if got, want := tab.lcsOf(b, a, nil, nil), lcsRef(a, b, skip, nil); got != want {
			t.Fatalf("case %d: lcs = %d, want %d", k, got, want)
		}
		drop := map[int]bool{}
		for i := range skip {
			skip[i] = i%3 == k%3
		}
		for j := range b {
			if j%4 == k%4 {
				drop[j] = true
			}
		}
		if got, want := tab.lcsOf(b, a, skip, drop), lcsRef(a, b, skip, drop); got != want {
			t.Fatalf("case %d: lcs with skips = %d, want %d", k, got, want)
		}
	}
	if long < 100 {
		t.Errorf("only %d cases load more than 64 tokens", long)
	}
}

// lcsOf loads b (dropping the given tokens) and measures a against it.
func (t *lcsTable) lcsOf(b, a []word, skip []bool, drop map[int]bool) int {
	t.load(-1, stemsOf(b))
	for j := range drop {
		t.drop(j)
	}
	return t.lcsRows(stemsOf(a), skip)
}

func BenchmarkAlign(b *testing.B) {
	cases := alignCases()
	cells := 0
	for _, c := range cases {
		cells += len(c[0]) * len(c[1])
	}
	b.ReportAllocs()
	b.Run("aligner", func(b *testing.B) {
		var al aligner
		for i := 0; i < b.N; i++ {
			for _, c := range cases {
				al.found = al.alignWords(al.found[:0], c[0], c[1], 0, 0, 6)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*cells), "ns/cell")
	})
	b.Run("reference", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, c := range cases {
				alignReference(nil, c[0], c[1], 0, 0, 6)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*cells), "ns/cell")
	})
	b.Run("lcs", func(b *testing.B) {
		tab := newLCSTable()
		stems := make([][2][]uint32, len(cases))
		for k, c := range cases {
			stems[k] = [2][]uint32{stemsOf(c[0]), stemsOf(c[1])}
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			for k := range cases {
				tab.load(-1, stems[k][1])
				tab.lcs(stems[k][0])
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cases)), "ns/pair")
	})
}

// stemsOf returns the stems of ws.
func stemsOf(ws []word) []uint32 {
	out := make([]uint32, len(ws))
	for i, w := range ws {
		out[i] = w.stem
	}
	return out
}
