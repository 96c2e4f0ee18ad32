package corpus

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Decode returns raw bytes as UTF-8 text with "\n" line ends, and the name
// of the encoding it read them as:
//
//   - "utf-8": valid UTF-8; a byte order mark is dropped (and dropped too
//     when invalid UTF-8 follows it, read as Windows-1252, below);
//   - "utf-16le", "utf-16be": UTF-16 with a byte order mark;
//   - "gb18030": invalid UTF-8 that decodes as GB18030 (GBK's superset)
//     without error into mostly Chinese characters;
//   - "windows-1252": anything else. Invalid UTF-8 is most likely a Western
//     legacy encoding, and Windows-1252 is Latin-1 with the curly quotes
//     and dashes of word processors where Latin-1 has control codes, so
//     text in either reads right.
//
// CRLF and lone CR line ends become LF. Offsets in reports index the text
// Decode returns (after repair, package repair), not the raw bytes.
func Decode(raw []byte) (text []byte, encoding string) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}) && utf8.Valid(raw[3:]):
		text, encoding = raw[3:], "utf-8"
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		text, _ = charmap.Windows1252.NewDecoder().Bytes(raw[3:])
		encoding = "windows-1252"
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		order, name := unicode.LittleEndian, "utf-16le"
		if raw[0] == 0xFE {
			order, name = unicode.BigEndian, "utf-16be"
		}
		// Unpaired surrogates and an odd final byte become U+FFFD; the
		// decoder fails only without a byte order mark, checked above.
		out, _ := unicode.UTF16(order, unicode.ExpectBOM).NewDecoder().Bytes(raw)
		text, encoding = out, name
	case utf8.Valid(raw):
		text, encoding = raw, "utf-8"
	default:
		if out, ok := chinese(raw); ok {
			text, encoding = out, "gb18030"
			break
		}
		out, _ := charmap.Windows1252.NewDecoder().Bytes(raw) // every byte decodes
		text, encoding = out, "windows-1252"
	}
	return normalizeNewlines(text), encoding
}

// chinese decodes raw as GB18030 and reports whether that is what it is:
// no invalid sequence, and at least four in five non-ASCII characters
// Chinese (CJK ideographs and punctuation, full-width forms).
func chinese(raw []byte) ([]byte, bool) {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return nil, false
	}
	cjk, other := 0, 0
	for _, r := range string(out) {
		switch {
		case r < utf8.RuneSelf:
		case 0x4E00 <= r && r <= 0x9FFF, 0x3000 <= r && r <= 0x303F, 0xFF00 <= r && r <= 0xFFEF, 0x3400 <= r && r <= 0x4DBF:
			cjk++
		default:
			other++
		}
	}
	return out, cjk > 0 && cjk >= 4*other
}

// normalizeNewlines turns CRLF and lone CR into LF, in place when it can.
func normalizeNewlines(b []byte) []byte {
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\r' {
			out = append(out, b[i])
			continue
		}
		out = append(out, '\n')
		if i+1 < len(b) && b[i+1] == '\n' {
			i++
		}
	}
	return out
}
