package corpus

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"

	"github.com/copydesk/copydesk/shingle"
)

// An outlet's tail lines (SiteLines). A document's tail is the last
// SiteTailLines lines of its own prose (not quoted, not chrome, not a
// short line, above any signature); a tail line is one of them of at
// most SiteTailWords words, and the lines above the tail are its body.
// A tail line is its outlet's furniture, a tagline, when
//
//   - its outlet's documents that print it in their tails are more than
//     SiteTailOthers, and no other document (of another outlet or of
//     none) does: a line that two outlets print is syndicated. That can
//     change from yes to no as documents come, so a tail line is known
//     only once every document is counted (an archive keeps tail lines in
//     its fingerprints: SiteLines.FindSplit);
//   - at least SiteTailOthers of them, and half, print it below a body
//     unlike its own document's: one that differs in each of
//     TailContexts one-permutation MinHashes of the body's lines (their
//     least hash, each under its own permutation; Broder, "On the
//     resemblance and containment of documents", 1997). Versions of a
//     story, updated, share most of their body's lines and so most of
//     their minima: a version whose every minimum moved stands apart,
//     with a probability of at most (2/(b+1))^TailContexts for a body of
//     b lines one of which was edited, and its tail lines are then
//     taken. Unrelated stories differ in every minimum.
//
// The documents that share a minimum with a line's are counted from its
// contexts' counts (a key each: the line's key and the minimum), as at
// most their sum less TailContexts-1: an upper bound, so that a tail
// line is taken only when the counts show enough unlike bodies.

// TailContexts is how many contexts a tail line has: independent
// one-permutation MinHashes of its body.
const TailContexts = 4

// TailLines appends to dst the tail lines of text (those of LineKeys with
// Contexts), reading no more of it than they need: what a document of no
// outlet counts (AddTails).
func TailLines(dst []LineKey, text []byte) []LineKey {
	siteLines(text, false, true, nil, func(l LineKey) { dst = append(dst, l) })
	return dst
}

// A Tail is a tail line of a document of an outlet ("" for none): its
// key and its contexts' (LineKey).
type Tail struct {
	Outlet   string
	Key      uint64
	Contexts [TailContexts]uint64
}

// AddTails counts the tail lines of documents, each document's once, as
// AddKeys would, but for the counts that cannot make a tail line
// furniture, which it does not keep: those of a line that documents of
// more than one outlet print, or too few of one. A corpus's tail lines
// are mostly its stories' last paragraphs, each in one document: counted
// as they come, in a map, they would take more memory than the rest of
// the counts. It sorts tails.
func (s *SiteLines) AddTails(tails []Tail) {
	slices.SortFunc(tails, func(a, b Tail) int {
		return cmp.Or(cmp.Compare(a.Key, b.Key), strings.Compare(a.Outlet, b.Outlet))
	})
	var cs []uint64
	for len(tails) > 0 {
		n := 1
		for n < len(tails) && tails[n].Key == tails[0].Key {
			n++
		}
		line := tails[:n]
		tails = tails[n:]
		o := line[0].Outlet
		if n <= SiteTailOthers || o == "" || line[n-1].Outlet != o {
			continue // sorted by outlet: the first and last are the only one's
		}
		s.Count(o, line[0].Key, int32(n))
		s.CountAll(line[0].Key, int32(n))
		for j := range TailContexts {
			cs = cs[:0]
			for _, t := range line {
				cs = append(cs, t.Contexts[j])
			}
			slices.Sort(cs)
			for rest := cs; len(rest) > 0; {
				c := 1
				for c < len(rest) && rest[c] == rest[0] {
					c++
				}
				s.Count(o, rest[0], int32(c))
				rest = rest[c:]
			}
		}
	}
}

// tailKey hashes a tail line that siteKey does not take: at most
// SiteTailWords words, with a letter, not a copyright line or a rights
// notice. Its key is of
// another kind than siteKey's (IsTailKey), though the two fold a line
// alike.
func tailKey(line []byte) (uint64, bool) {
	// Folding splits words at punctuation ("U.S."), rarely joins two: a
	// line of half as many words again, unfolded, is too long.
	if len(line) > 400 || bytes.Count(line, []byte(" ")) >= SiteTailWords*3/2 || mayBeChrome(line) && isChrome(line) {
		return 0, false
	}
	var buf [512]byte
	key := appendChromeKey(buf[:0], line)
	if len(key) == 0 || bytes.Count(key, []byte(" "))+1 > SiteTailWords {
		return 0, false
	}
	return xxhash.Sum64(key)&^kindBits | tailKind, true
}

// contextKey is the j-th context of a tail line of key key below a body
// whose least j-th line hash is body (IsContextKey).
func contextKey(key uint64, j int, body uint64) uint64 {
	var b [17]byte
	for i := range 8 {
		b[i], b[8+i] = byte(key>>(8*i)), byte(body>>(8*i))
	}
	b[16] = byte(j)
	return xxhash.Sum64(b[:])&^kindBits | contextKind
}

// lineHash is the j-th hash of a line of a body whose hash is h
// (splitmix64's finalizer on h and j): TailContexts independent
// permutations from one hash of the line.
func lineHash(h uint64, j int) uint64 {
	x := h + uint64(j+1)*0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return max(x^x>>31, 1)
}

// bodyPrefix is the bytes of a line of a body that its hash reads: enough
// to tell a story's paragraphs apart.
const bodyPrefix = 48

// tailLines is the tail of a text: the bounds of its lines, and the
// least hashes of a line of its body (lineHash), the lines of its own
// text above the tail (0 if none; never 0 otherwise).
type tailLines struct {
	Range
	body [TailContexts]uint64
	// runs are the tail's lines of prose, last first: a line, or the
	// lines of a hard-wrapped paragraph (shingle.Wrapping), which count
	// as one.
	runs [SiteTailLines]tailRun
}

// tailRun is a line of prose of a tail: one line, or the lines that a
// hard wrap joins, and their words.
type tailRun struct {
	Range
	lines, words int
}

// wrapped returns the run of the tail's lines that a hard wrap joins and
// that the line starting at s is one of, if any.
func (tl *tailLines) wrapped(s int) (tailRun, bool) {
	for _, r := range tl.runs {
		if r.lines > 1 && r.Start <= s && s < r.End {
			return r, true
		}
	}
	return tailRun{}, false
}

// tail returns the tail of text: from the start of the SiteTailLines-th
// last line of its own prose (the second, if it has fewer) to the end of
// the last, not counting blank, quoted ('>'), chrome and short lines
// (those siteKey takes), nor any line from a signature's delimiter
// ("-- ") on; {-1, -1} if it has fewer than two. The lines of a
// hard-wrapped paragraph count as one, short or not: a tagline wrapped
// over three lines is one line of the tail, none of its lines a short
// line of the outlet's. Its body is the lines above, blank and quoted
// ones left out. It reads the lines from the end (only those it counts
// are tested; the wrap is measured only where two lines meet) and
// hashes the body's.
func tail(text []byte) tailLines {
	var runs [SiteTailLines + 1]tailRun // the lines counted, last first
	k := 0
	var wr shingle.Wrapping
	measured := false
	// soft reports whether the line break at text[nl], between the lines
	// upper and lower (trimmed), is a wrap.
	soft := func(nl int, upper, lower []byte) bool {
		if !narrowLine(upper) || !narrowLine(lower) {
			return false
		}
		if !measured {
			wr, measured = shingle.NewWrapping(text), true
		}
		return wr.Soft(text, nl)
	}
	var below []byte // the line read before (the one below), trimmed
	joins := false   // the line read before is runs[k-1]'s first, and a wrap may join the next to it
	for pos := sigDelimiter(text); pos > 0; {
		end := pos
		if text[end-1] == '\n' {
			end--
		}
		start := bytes.LastIndexByte(text[:end], '\n') + 1
		pos = start
		s, e := trimSpace(text, start, end)
		if s >= e || text[s] == '>' {
			joins = false
			continue
		}
		line := text[s:e]
		if joins && end < len(text) && soft(breakAt(text, end), line, below) {
			r := &runs[k-1]
			r.Start, r.lines, r.words = s, r.lines+1, r.words+bytes.Count(line, []byte(" "))+1
			below = line
			continue
		}
		if mayBeChrome(line) && isChrome(line) || shortLine(line) && !(start > 0 && soft(breakAt(text, start-1), lineAbove(text, start), line)) {
			joins = false
			continue
		}
		below = line
		runs[k] = tailRun{Range{s, e}, 1, bytes.Count(line, []byte(" ")) + 1}
		if k++; k == len(runs) {
			break
		}
		joins = true
	}
	if k < 2 {
		return tailLines{Range: Range{-1, -1}}
	}
	t := min(k-1, SiteTailLines) // a line above is the body's, at least
	tl := tailLines{Range: Range{runs[t-1].Start, runs[0].End}}
	copy(tl.runs[:t], runs[:t])
	for start := 0; start < tl.Start; {
		brk, next := lineBreak(text, start)
		if s, e := trimSpace(text, start, min(brk, tl.Start)); s < e && text[s] != '>' {
			h := xxhash.Sum64(text[s:min(e, s+bodyPrefix)])
			for j := range tl.body {
				if x := lineHash(h, j); tl.body[j] == 0 || x < tl.body[j] {
					tl.body[j] = x
				}
			}
		}
		start = next
	}
	return tl
}

// lineAbove returns the line above the one at start (> 0), trimmed.
func lineAbove(text []byte, start int) []byte {
	end := start - 1
	s := bytes.LastIndexByte(text[:end], '\n') + 1
	s, e := trimSpace(text, s, end)
	return text[s:max(s, e)]
}

// narrowLine reports whether a line (trimmed) holds text and is at most
// shingle.WidestWrap characters wide: only then may a wrap join it to
// the next as far as the tail is concerned, told before the text's wrap
// is measured. A line of prose written whole, as most news is, ends its
// paragraph; so does an overlong word on a line of its own in wrapped
// text, which the tail then reads as a paragraph of its own.
func narrowLine(line []byte) bool {
	const w = shingle.WidestWrap
	return len(line) > 0 && (len(line) <= w || len(line) <= 4*w && utf8.RuneCount(line) <= w)
}

// breakAt returns where the line break at text[nl] (a '\n') begins: its
// '\r', if it is "\r\n".
func breakAt(text []byte, nl int) int {
	if nl > 0 && text[nl-1] == '\r' {
		return nl - 1
	}
	return nl
}

// sigDelimiter returns where the first signature delimiter of text
// begins (a line "--", or "-- ", not indented), or len(text).
func sigDelimiter(text []byte) int {
	for i := 0; ; {
		j := bytes.Index(text[i:], []byte("--"))
		if j < 0 {
			return len(text)
		}
		j += i
		if j == 0 || text[j-1] == '\n' {
			brk, _ := lineBreak(text, j)
			if s, e := trimSpace(text, j, brk); e-s == 2 {
				return j
			}
		}
		i = j + 2
	}
}
