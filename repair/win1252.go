package repair

import (
	"bytes"
	"unicode/utf8"
)

// cp1252 maps the characters Windows-1252 gives bytes 80–9F to those bytes.
// Bytes it leaves undefined (81, 8D, 8F, 90, 9D) are read by some decoders
// as the C1 controls U+0081..., which map back to themselves.
var cp1252 = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
	'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
	'–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// windows1252 returns the repair of a run of non-ASCII characters read as
// Windows-1252, and whether there is one; lost is the second byte of a
// final E2 xx whose last byte was lost (decode), or 0. A byte that
// Windows-1252 leaves undefined (9D, the last byte of ”) is read by most
// decoders as U+FFFD: a run that ends in it lost that byte.
func windows1252(run []byte) (repl []byte, lost byte, ok bool) {
	cur := run
	for pass := 0; pass < 3; pass++ {
		body, cut := bytes.CutSuffix(cur, []byte("\uFFFD"))
		raw := make([]byte, 0, len(body))
		for i := 0; i < len(body); {
			r, n := utf8.DecodeRune(body[i:])
			switch b, special := cp1252[r]; {
			case special:
				raw = append(raw, b)
			case 0x80 <= r && r <= 0xFF:
				raw = append(raw, byte(r))
			default:
				return done(repl, lost, pass)
			}
			i += n
		}
		out, l, _, good := decode(raw)
		if !good || cut && l == 0 || len(out) == 0 && l == 0 || !hasMultibyte(out) && l == 0 {
			return done(repl, lost, pass)
		}
		repl, lost = out, l
		if l != 0 {
			break // a lost byte ends the unwinding
		}
		cur = out
	}
	return repl, lost, true
}

func done(repl []byte, lost byte, pass int) ([]byte, byte, bool) {
	return repl, lost, pass > 0
}

func hasMultibyte(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}
