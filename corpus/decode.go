package corpus

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Decode returns raw bytes as UTF-8 text with "\n" line ends, and the name
// of the encoding it read them as (decode, with no encoding forced and no
// charset declared).
func Decode(raw []byte) (text []byte, encoding string) {
	d := decode(raw, "", nil)
	return d.text, d.encoding
}

// decoded is text decoded, what it was read as, and a note when that was a
// guess, a declaration or a repair.
type decoded struct {
	text     []byte
	encoding string
	note     string
}

// decode reads raw bytes as UTF-8 text with "\n" line ends (CRLF and lone
// CR become LF), in the first of these that applies:
//
//   - forced, an encoding named by the caller (--encoding): always;
//   - a byte order mark: UTF-8 (dropped) or UTF-16;
//   - valid UTF-8;
//   - mostly valid UTF-8: a file with a stray byte or two is UTF-8 with
//     them replaced by U+FFFD, counted in the note, when its valid
//     multi-byte characters are at least four times its invalid
//     sequences (a legacy encoding makes few or none);
//   - declared, a charset an HTML page declares (<meta charset>, or the
//     charset of a Content-Type meta tag), said in the note;
//   - the legacy encoding a detector (ICU's, github.com/saintfish/chardet)
//     names with confidence: at least 50 of 100, or at least 20 and twice
//     the next guess's (Cyrillic single-byte text scores 25 to 30, and its
//     next guess a third of that), said in the note as a guess;
//   - GB18030, when it decodes without error to mostly Chinese (Shift-JIS
//     and EUC-KR do too: the detector tells them apart first);
//   - Windows-1252: Latin-1 with the curly quotes and dashes of word
//     processors, where Latin-1 has control codes, so that text in either
//     reads right; said in the note as a guess.
//
// Offsets in reports index the text decode returns (after repair, package
// repair), not the raw bytes.
func decode(raw []byte, forced string, declared func([]byte) string) decoded {
	if forced != "" {
		return decodeWith(raw, forced, "read as "+forced+" (--encoding)")
	}
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		raw = raw[3:]
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		order, name := unicode.LittleEndian, "utf-16le"
		if raw[0] == 0xFE {
			order, name = unicode.BigEndian, "utf-16be"
		}
		// Unpaired surrogates and an odd final byte become U+FFFD; the
		// decoder fails only without a byte order mark, checked above.
		out, _ := unicode.UTF16(order, unicode.ExpectBOM).NewDecoder().Bytes(raw)
		return decoded{text: normalizeNewlines(out), encoding: name}
	}
	if utf8.Valid(raw) {
		return decoded{text: normalizeNewlines(raw), encoding: "utf-8"}
	}
	if multi, invalid := utf8Counts(raw); multi >= 4*invalid {
		return decoded{text: normalizeNewlines(bytes.ToValidUTF8(raw, []byte("\uFFFD"))), encoding: "utf-8",
			note: fmt.Sprintf("%d %s of bytes that are not UTF-8 replaced by U+FFFD", invalid, plural(invalid, "sequence", "sequences"))}
	}
	if declared != nil {
		if name := declared(raw); name != "" && name != "utf-8" {
			return decodeWith(raw, name, "read as "+name+", the charset the page declares")
		}
	}
	if name, confidence := detect(raw); name != "" {
		return decodeWith(raw, name, fmt.Sprintf("encoding guessed: %s (confidence %d of 100)", name, confidence))
	}
	if out, ok := chinese(raw); ok {
		return decoded{text: normalizeNewlines(out), encoding: "gb18030", note: "encoding guessed: gb18030 (mostly Chinese)"}
	}
	out, _ := charmap.Windows1252.NewDecoder().Bytes(raw) // every byte decodes
	return decoded{text: normalizeNewlines(out), encoding: "windows-1252", note: "encoding guessed: windows-1252 (no other guess was confident)"}
}

// decodeWith decodes raw with the encoding called name (known to
// encodingByName), with a note.
func decodeWith(raw []byte, name, note string) decoded {
	enc, canonical := encodingByName(name)
	if enc == nil {
		out, _ := charmap.Windows1252.NewDecoder().Bytes(raw)
		return decoded{text: normalizeNewlines(out), encoding: "windows-1252", note: note + ": unknown, read as windows-1252"}
	}
	if canonical == "utf-8" {
		raw = bytes.TrimPrefix(raw, []byte{0xEF, 0xBB, 0xBF})
		return decoded{text: normalizeNewlines(bytes.ToValidUTF8(raw, []byte("\uFFFD"))), encoding: "utf-8", note: note}
	}
	out, err := enc.NewDecoder().Bytes(raw) // bytes with no character become U+FFFD
	if err != nil {
		out, _ = charmap.Windows1252.NewDecoder().Bytes(raw)
		return decoded{text: normalizeNewlines(out), encoding: "windows-1252", note: note + ": " + err.Error() + ", read as windows-1252"}
	}
	return decoded{text: normalizeNewlines(bytes.ToValidUTF8(out, []byte("\uFFFD"))), encoding: canonical, note: note}
}

// EncodingName returns the canonical name of the encoding called name
// (an IANA or WHATWG label: "latin1", "cp1251", "shift_jis"), and whether
// it is known.
func EncodingName(name string) (string, bool) {
	enc, canonical := encodingByName(name)
	return canonical, enc != nil
}

// encodingByName returns the encoding called name and its canonical
// (WHATWG) name, or nil.
func encodingByName(name string) (encoding.Encoding, string) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "gb-18030": // as the detector names it
		name = "gb18030"
	case "iso-8859-8-i":
		name = "iso-8859-8"
	}
	enc, canonical := charset.Lookup(name)
	return enc, canonical
}

// utf8Counts counts the valid multi-byte characters of raw and its
// invalid sequences (a run of bytes that are not UTF-8 counts once).
func utf8Counts(raw []byte) (multi, invalid int) {
	bad := false
	for len(raw) > 0 {
		r, size := utf8.DecodeRune(raw)
		switch {
		case r == utf8.RuneError && size == 1:
			if !bad {
				invalid++
			}
			bad = true
		case size > 1:
			multi++
			bad = false
		default:
			bad = false
		}
		raw = raw[size:]
	}
	return multi, invalid
}

// detect returns the legacy encoding the detector names with confidence
// (see decode), and its confidence, or "".
func detect(raw []byte) (string, int) {
	const sample = 64 << 10 // as much as a guess needs
	results, err := chardet.NewTextDetector().DetectAll(raw[:min(len(raw), sample)])
	if err != nil || len(results) == 0 {
		return "", 0
	}
	best := results[0]
	next := 0
	if len(results) > 1 {
		next = results[1].Confidence
	}
	if best.Confidence < 50 && (best.Confidence < 20 || best.Confidence < 2*next) {
		return "", 0
	}
	if _, canonical := encodingByName(best.Charset); canonical != "" && !strings.HasPrefix(canonical, "utf-") {
		return canonical, best.Confidence
	}
	return "", 0
}

// metaCharset finds a charset declared in an HTML page's first 1,024
// bytes, as browsers look for it: <meta charset="...">, or the charset of
// <meta http-equiv="Content-Type" content="text/html; charset=...">.
var metaCharset = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.+-]+)`)

// declaredCharset returns the charset an HTML page declares, canonical,
// or "" if none or one unknown.
func declaredCharset(raw []byte) string {
	m := metaCharset.FindSubmatch(raw[:min(len(raw), 1024)])
	if m == nil {
		return ""
	}
	name, _ := EncodingName(string(m[1]))
	return name
}

// plural is one or many as n is 1 or not.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
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
