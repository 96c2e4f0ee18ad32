package repair

import (
	"bytes"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/swar"
)

// Suspects counts what still looks like mojibake in text (after Text):
// 鈥, 鈧 and 鈩 (the GBK reading of E2 80, E2 82 and E2 84, which Chinese
// text does not use), "â€" (the Windows-1252 reading of E2 80), and "Ã"
// or "Â" followed by a character from U+0080 to U+00BF (the
// Windows-1252 reading of a two-byte sequence, as "Ã©" for "é"), which
// Latin text does not write. Text leaves such a sequence when it cannot
// tell what it was: a report lists the count, so that nothing broken
// passes as repaired.
func Suspects(text []byte) int {
	n := 0
	for i := 0; i < len(text); {
		if i = asciiEnd(text, i); i == len(text) {
			break
		}
		r, size := utf8.DecodeRune(text[i:])
		switch r {
		case '鈥', '鈧', '鈩':
			n++
		case 'â':
			if bytes.HasPrefix(text[i+size:], []byte("€")) {
				n++
			}
		case 'Ã', 'Â':
			if next, _ := utf8.DecodeRune(text[i+size:]); 0x80 <= next && next <= 0xBF {
				n++
			}
		}
		i += size
	}
	return n
}

// asciiEnd returns the index of the first byte of b at or after i that
// is not ASCII, len(b) if there is none: eight bytes at a time, since
// most text is ASCII (English news is, all but its quotation marks and
// dashes).
func asciiEnd(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		if m := swar.NonASCII(swar.Load(b, i)); m != 0 {
			return i + swar.First(m)
		}
	}
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	return i
}
