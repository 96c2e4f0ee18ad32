package shingle

import (
	"encoding/binary"
	"slices"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/copydesk/copydesk/internal/swar"
)

// foldRune maps typographic punctuation to its plain ASCII form, so that
// "Russia’s" and "Russia's" normalise alike. It returns -1 for ignorable
// format characters (soft hyphen, zero-width space and joiners, word joiner,
// byte-order mark), which are dropped, and r itself for every other rune.
// NFKC already maps NBSP and the other fixed-width spaces to U+0020 and
// "…" to "...", but the fold runs first so the table is complete on its own.
func foldRune(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u201A', '\u201B', '\u02BC', '\u2032', '\uFF07':
		return '\''
	case '\u201C', '\u201D', '\u201E', '\u201F', '\u00AB', '\u00BB', '\u2033', '\uFF02':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D':
		return '-'
	case '\u00A0', '\u2007', '\u202F', '\u2009', '\u200A', '\u3000':
		return ' '
	case '\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return -1
	}
	return r
}

// isIgnorable reports whether r is a format character that foldRune drops.
func isIgnorable(r rune) bool { return foldRune(r) == -1 }

// Normalizer folds text for matching: the punctuation fold table, then
// Unicode NFKC, then full Unicode case folding (golang.org/x/text/cases.Fold).
// ASCII input takes a fast path that only lower-cases, which gives the same
// bytes the full path would.
//
// The zero value is ready to use. A Normalizer keeps scratch buffers and is
// not safe for concurrent use; give each goroutine its own.
type Normalizer struct {
	caser   cases.Caser
	hasCase bool
	buf     []byte // folded-punctuation scratch
	nfkc    []byte // NFKC scratch
}

// AppendFold appends the folded form of text to dst and returns the extended
// slice. Invalid UTF-8 bytes are replaced by U+FFFD.
func (n *Normalizer) AppendFold(dst, text []byte) []byte {
	if out, ok := appendFoldASCII(dst, text); ok {
		return out
	}
	n.buf = n.buf[:0]
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		i += size
		if r = foldRune(r); r >= 0 {
			n.buf = utf8.AppendRune(n.buf, r)
		}
	}
	n.nfkc = norm.NFKC.Append(n.nfkc[:0], n.buf...)
	return n.appendCaseFold(dst, n.nfkc)
}

// appendFoldASCII appends text lower-cased to dst if it is all ASCII, and
// reports whether it was (if not, dst is returned as it was).
func appendFoldASCII(dst, text []byte) ([]byte, bool) {
	start := len(dst)
	dst = append(dst, text...)
	out := dst[start:]
	for i, c := range out {
		if c >= utf8.RuneSelf {
			return dst[:start], false
		}
		if 'A' <= c && c <= 'Z' {
			out[i] = c + 'a' - 'A'
		}
	}
	return dst, true
}

// appendCaseFold appends the full case folding of src to dst.
func (n *Normalizer) appendCaseFold(dst, src []byte) []byte {
	if !n.hasCase {
		n.caser = cases.Fold()
		n.hasCase = true
	}
	n.caser.Reset()
	for len(src) > 0 {
		if cap(dst)-len(dst) < 2*len(src)+utf8.UTFMax {
			grown := make([]byte, len(dst), 2*cap(dst)+2*len(src)+utf8.UTFMax)
			copy(grown, dst)
			dst = grown
		}
		nDst, nSrc, err := n.caser.Transform(dst[len(dst):cap(dst)], src, true)
		dst = dst[:len(dst)+nDst]
		src = src[nSrc:]
		if err != nil && nSrc == 0 && nDst == 0 {
			// Cannot make progress (should not happen with the room given
			// above); copy the rest unchanged rather than loop forever.
			return append(dst, src...)
		}
	}
	return dst
}

// AppendTokenKey appends the matching key of one token, tok being the token's
// bytes in the original text: its folded form (AppendFold), with two rules
// that make variant spellings of one word agree:
//
//   - initialisms lose their full stops, in each hyphen-separated part:
//     "U.S.", "U.S" and "US" all give "us"; "U.S.-Russia" and "U.S-Russia"
//     both give "us-russia";
//   - numbers lose their thousands separators: "2,900" gives "2900".
//
// URLs, handles and hashtags are only folded.
//
// It may read, never write, tok's bytes past its length within its
// capacity (the rest of the text a token was cut from): they must not
// change while it runs.
func (n *Normalizer) AppendTokenKey(dst []byte, tok []byte, kind Kind) []byte {
	start := len(dst)
	dst, punct, ascii := appendKeyASCII(dst, tok)
	if !ascii {
		dst = n.AppendFold(dst, tok)
		punct = true // compactKey looks for itself
	}
	if !punct || kind != Word && kind != Number {
		return dst
	}
	return compactKey(dst, start)
}

// appendKeyASCII is AppendFold's ASCII fast path for a token in one pass:
// it appends tok lower-cased to dst if tok is all ASCII, and reports
// whether it holds a full stop or a comma (which compactKey may drop) and
// whether it was ASCII (if not, dst is returned as it was). It works eight
// bytes at a time (lower8), reading past the token's end within its
// capacity (the text it was cut from) where there is room, so that a
// word's length costs no mispredicted branch a byte; the bytes past the
// end are masked out of the tests and cut off the key.
func appendKeyASCII(dst, tok []byte) (out []byte, punct, ascii bool) {
	start := len(dst)
	n := len(tok)
	dst = slices.Grow(dst, n+8)[:start+n+8]
	key := dst[start:]
	var bad, stops uint64
	i := 0
	for ; i < n && cap(tok)-i >= 8; i += 8 {
		x := binary.LittleEndian.Uint64(tok[i : i+8])
		keep := ^uint64(0)
		if n-i < 8 {
			keep = uint64(1)<<(8*(n-i)) - 1
		}
		lower, b, st := lower8(x)
		binary.LittleEndian.PutUint64(key[i:], lower)
		bad |= b & keep
		stops |= st & keep
	}
	for ; i < n; i++ { // the last bytes of a text, with no room to read eight
		c := tok[i]
		bad |= uint64(c & 0x80)
		key[i] = keyByte[c]
		stops |= uint64(stopByte[c])
	}
	if bad != 0 {
		return dst[:start], false, false
	}
	return dst[:start+n], stops != 0, true
}

// ShortKey returns the key of the token text[t.Start:t.End] (AppendTokenKey's)
// in the low n bytes of a little-endian word, when the token has at most
// eight bytes, all ASCII, none a full stop or a comma (most words), and
// the text has eight bytes from its start to read; ok is false
// otherwise. The word's bytes past n are the text's that follow, as
// lower8 left them.
func ShortKey(text []byte, t Token) (key uint64, n int, ok bool) {
	n = t.End - t.Start
	if n > 8 || len(text)-t.Start < 8 {
		return 0, n, false
	}
	lower, bad, stops := lower8(binary.LittleEndian.Uint64(text[t.Start:]))
	keep := uint64(1)<<(8*n) - 1 // n = 8: all ones
	return lower, n, (bad|stops)&keep == 0
}

// lower8 lower-cases the ASCII capitals among the eight bytes of x, and
// marks in the high bit of a byte those that are not ASCII (bad) and the
// full stops and commas (stops), all without a branch (SWAR). A stop's
// mark may spill into a later byte (a borrow) but never an earlier one, so
// whether the first m bytes hold a stop is read exactly from their marks.
func lower8(x uint64) (lower, bad, stops uint64) {
	lower = x | swar.Between(x, 'A', 'Z')>>2 // each capital's 0x20 bit set
	return lower, swar.NonASCII(x), swar.Eq(x, '.') | swar.Eq(x, ',')
}

// keyByte lower-cases an ASCII byte; stopByte marks a full stop and a
// comma: appendKeyASCII's tables, which spare it a branch a byte.
var keyByte, stopByte = func() (lower, stop [256]byte) {
	for c := range lower {
		lower[c] = byte(c)
	}
	for c := 'A'; c <= 'Z'; c++ {
		lower[c] = byte(c) + 'a' - 'A'
	}
	stop['.'], stop[','] = 1, 1
	return lower, stop
}()

// compactKey applies the initialism and thousands-separator rules to
// dst[start:] in place.
func compactKey(dst []byte, start int) []byte {
	key := dst[start:]
	hasPunct := false
	for _, c := range key {
		if c == '.' || c == ',' {
			hasPunct = true
			break
		}
	}
	if !hasPunct {
		return dst
	}
	out := key[:0]
	for len(key) > 0 {
		// One hyphen-separated part at a time.
		end := 0
		for end < len(key) && key[end] != '-' {
			end++
		}
		part := key[:end]
		if isInitialism(part) {
			for _, c := range part {
				if c != '.' {
					out = append(out, c)
				}
			}
		} else {
			for i, c := range part {
				if c == ',' && i > 0 && i+1 < len(part) && isDigit(part[i-1]) && isDigit(part[i+1]) {
					continue
				}
				out = append(out, c)
			}
		}
		if end < len(key) {
			out = append(out, '-')
			end++
		}
		key = key[end:]
	}
	return dst[:start+len(out)]
}

// isInitialism reports whether part is single letters separated by full
// stops, with an optional final stop: "u.s", "u.s.", "d.c". A lone letter is
// not an initialism (there is nothing to remove).
func isInitialism(part []byte) bool {
	letters := 0
	expectLetter := true
	for i := 0; i < len(part); {
		r, size := utf8.DecodeRune(part[i:])
		if expectLetter {
			if !isLetter(r) {
				return false
			}
			letters++
		} else if r != '.' {
			return false
		}
		expectLetter = !expectLetter
		i += size
	}
	return letters >= 2
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
