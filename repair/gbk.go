// Package repair undoes mojibake: text whose UTF-8 bytes were decoded with
// the wrong legacy encoding somewhere upstream (a CMS, a scraper, a feed
// converter) and saved again as UTF-8.
//
// # UTF-8 read as GBK
//
// The curly quotes and dashes of English news are three-byte UTF-8
// sequences, E2 80 xx. Read as GBK (or GB18030, its superset), E2 80 is the
// ideograph 鈥, and the third byte pairs with the next byte into a second
// ideograph: "’s" (E2 80 99 73) becomes "鈥檚", "“the" becomes "鈥渢he".
// When the next byte cannot follow (white space, digits, most ASCII
// punctuation), the decoder drops the third byte, and "people.”" becomes
// "people.鈥".
//
// Repair re-encodes each run of non-ASCII characters as GB18030 and decodes
// the bytes as UTF-8. The run is replaced only if every byte decodes and
// every character it yields is one that English news copy uses: general
// punctuation (U+2000–U+206F) or Latin letters and signs (U+00A0–U+024F).
// A run whose last sequence lost its final byte (E2 80 and nothing more, or
// E2 80 and a U+FFFD where the decoder could not pair it) gets the most
// likely character from its neighbours: an em dash between spaces, an
// opening quotation mark before a word, a closing one after a word; E2 82
// is "€" and E2 84 "™". Such a repair is marked a guess (Fix.Guess).
//
// Genuine Chinese is left alone: real Chinese text re-encodes to bytes that
// are not valid UTF-8 or that decode to ideographs, and a run is repaired
// only when it yields general punctuation or sits next to an ASCII letter
// (as "caf茅" for "café" does). A lone 鈥 (the one case decided from context)
// is repaired only in a document where at least one run decoded in full.
//
// # UTF-8 read as Windows-1252
//
// Read as Windows-1252 (or Latin-1), every byte of a UTF-8 sequence becomes
// a character of its own: "’" (E2 80 99) becomes "â€™", "é" (C3 A9) "Ã©".
// Saved and read the same way again, "â€™" becomes "Ã¢â‚¬â„¢". windows1252
// maps a run of non-ASCII characters back to the bytes they came from and
// decodes them as UTF-8, again while that keeps working, up to three times.
// The run is replaced only if every sequence is complete and every
// character plausible in news copy (as for GBK: punctuation, Latin letters
// and signs), so genuine accented text stays: "café" re-encodes to bytes
// that are not UTF-8. A closing quotation mark ” (E2 80 9D) often loses its
// last byte, which Windows-1252 leaves undefined (read as U+FFFD by most
// decoders, as "ï¿½" when read twice); "â€" alone is restored from context
// like GBK's lost byte.
//
// What still looks like mojibake after repair is counted by Suspects, for
// reports to list.
//
// Every repair is recorded as a Fix, so reports can say what was changed.
package repair

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Fix records one repair: the bytes out[Start:End] of the repaired text
// replace Was, which the input held.
type Fix struct {
	Start, End int
	Was        string
	Kind       Kind
	// Guess says the repair chose a character whose last byte was lost
	// from its neighbours (lostChar): "—" may have been "–", "”" "…".
	Guess bool
}

// Kind names a kind of repair.
type Kind uint8

const (
	GBK     Kind = iota // UTF-8 read as GBK: "鈥檚" → "’s"
	Win1252             // UTF-8 read as Windows-1252, once or more: "â€™" → "’", "Ã©" → "é"
)

var kindNames = [...]string{"utf8-as-gbk", "utf8-as-windows-1252"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Text appends the repaired text of src to dst and returns it with the
// fixes made, in order. Text without mojibake is appended unchanged.
func Text(dst, src []byte) ([]byte, []Fix) {
	runs := mojibake(src)
	if runs == nil {
		return append(dst, src...), nil
	}
	return rebuild(dst, src, runs)
}

// Fixed is Text into a new slice, but for text without mojibake, which it
// returns as it is, src itself, not a copy: for a caller whose src is
// its own.
func Fixed(src []byte) ([]byte, []Fix) {
	runs := mojibake(src)
	if runs == nil {
		return src, nil
	}
	return rebuild(nil, src, runs)
}

// run is a run of src's non-ASCII bytes that is mojibake.
type run struct {
	start, end int    // in src
	repl       []byte // the decoded bytes, without a lost final character
	lost       byte   // the second byte of a last sequence that lost its final byte (E2 xx), or 0
	kind       Kind
}

// mojibake returns the runs of src to repair, in order; nil if none (no
// run that changes the text).
func mojibake(src []byte) []run {
	if !hasNonASCII(src) {
		return nil
	}
	var runs []run
	full := false
	var enc *encoding.Encoder // made when a run is not Windows-1252's
	for i := 0; i < len(src); {
		if i = asciiEnd(src, i); i == len(src) {
			break
		}
		j := i
		for j < len(src) && src[j] >= utf8.RuneSelf {
			_, n := utf8.DecodeRune(src[j:])
			j += n
		}
		if repl, lost, ok := windows1252(src[i:j]); ok && !bytes.HasSuffix(repl, []byte("\uFFFD")) {
			runs = append(runs, run{i, j, repl, lost, Win1252})
			full = true
			i = j
			continue
		}
		// A final byte the decoder could not pair (its sequence's third)
		// became U+FFFD: the sequence lost it.
		body, replaced := bytes.CutSuffix(src[i:j], []byte("\uFFFD"))
		if enc == nil {
			enc = simplifiedchinese.GB18030.NewEncoder()
		}
		raw, err := enc.Bytes(body)
		if err == nil && len(body) > 0 {
			if repl, lost, punct, ok := decode(raw); ok && (!replaced || lost != 0) {
				adjacent := (i > 0 && isASCIILetter(src[i-1])) || (j < len(src) && isASCIILetter(src[j]))
				if punct || adjacent || lost != 0 && len(repl) == 0 {
					runs = append(runs, run{i, j, repl, lost, GBK})
					full = full || lost == 0 || len(repl) > 0
				}
			}
		}
		i = j
	}
	if !full {
		return nil
	}
	return runs
}

// rebuild appends src to dst with its runs repaired, and returns it with
// the fixes made.
func rebuild(dst, src []byte, runs []run) ([]byte, []Fix) {
	var fixes []Fix
	prev := 0
	for _, r := range runs {
		dst = append(dst, src[prev:r.start]...)
		start := len(dst)
		dst = append(dst, r.repl...)
		if r.lost != 0 {
			dst = append(dst, lostChar(dst, src[r.end:], r.lost)...)
		}
		fixes = append(fixes, Fix{Start: start, End: len(dst), Was: string(src[r.start:r.end]), Kind: r.kind, Guess: r.lost != 0})
		prev = r.end
	}
	return append(dst, src[prev:]...), fixes
}

// decode decodes raw as UTF-8 and reports whether it is plausible mojibake:
// every sequence complete and plausible, except perhaps a final E2 80, E2
// 82 or E2 84 that lost its last byte (lost is then its second byte), and
// a final U+FFFD where a byte was replaced, kept for the next pass of
// windows1252 to read as lost. punct reports a general punctuation
// character.
func decode(raw []byte) (out []byte, lost byte, punct, ok bool) {
	for i := 0; i < len(raw); {
		if raw[i] < utf8.RuneSelf {
			out = append(out, raw[i])
			i++
			continue
		}
		r, n := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && n == 1 {
			if i+2 == len(raw) && raw[i] == 0xE2 && (raw[i+1] == 0x80 || raw[i+1] == 0x82 || raw[i+1] == 0x84) {
				return out, raw[i+1], true, true
			}
			return nil, 0, false, false
		}
		switch {
		case 0x2000 <= r && r <= 0x206F, r == '€', r == '™':
			punct = true
		case 0xA0 <= r && r <= 0x24F, r == 'ˆ', r == '˜': // Latin letters and signs, and the two modifiers Windows-1252 has
		case r == utf8.RuneError && i+n == len(raw): // a final U+FFFD (EF BF BD)
		default:
			return nil, 0, false, false
		}
		out = append(out, raw[i:i+n]...)
		i += n
	}
	return out, 0, punct, true
}

// lostChar chooses the character whose final byte was lost, from its
// second byte (lead: E2 82 is "€", E2 84 "™") and, for E2 80, from the
// text before it and after it: an em dash between spaces, an opening
// quotation mark before a word, a closing one after a word. It is a guess
// (Fix.Guess): an en dash, an ellipsis or a bullet lose the same byte.
func lostChar(before, after []byte, lead byte) string {
	switch lead {
	case 0x82:
		return "\u20AC" // €
	case 0x84:
		return "\u2122" // ™
	}
	spaceBefore := len(before) == 0 || isSpace(before[len(before)-1])
	spaceAfter := len(after) == 0 || isSpace(after[0])
	switch {
	case spaceBefore && spaceAfter:
		return "\u2014" // —
	case spaceBefore:
		return "\u201C" // “
	default:
		return "\u201D" // ”
	}
}

func isSpace(c byte) bool       { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func hasNonASCII(b []byte) bool { return asciiEnd(b, 0) < len(b) }
