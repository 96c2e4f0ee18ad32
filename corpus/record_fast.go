package corpus

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/swar"
)

// decodeRecordFast reads the common shape of a JSON Lines record without
// reflection: one flat object whose keys are the record's own names in
// lower case, each once, its values strings, numbers, true, false or
// null, and "text" a string. It reports false for anything else (nested
// values, other or repeated keys, keys in another case, a syntax error),
// which encoding/json then reads: it decides what the record means and
// how a bad one is reported. What it does read, it reads as
// json.Unmarshal into a record would (FuzzRecordFast holds it to that).
// b must be valid UTF-8.
func decodeRecordFast(b []byte, rec *record) bool {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return skipSpace(b, i+1) == len(b)
	}
	var seen [6]bool
	for {
		key, end, ok := rawString(b, i)
		if !ok {
			return false
		}
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return false
		}
		i = skipSpace(b, i+1)
		var val []byte
		vEnd := 0
		if string(key) == "text" { // the record's largest value: decoded as it is read
			if rec.text, vEnd, ok = decodeString(b, i); !ok {
				return false
			}
		} else {
			if vEnd, ok = scalarEnd(b, i); !ok {
				return false
			}
			val = b[i:vEnd]
		}
		var field int
		switch string(key) {
		case "id":
			rec.ID, field = val, 0
		case "text":
			field = 1
		case "outlet":
			rec.Outlet, field = val, 2
		case "published":
			rec.Published, field = val, 3
		case "title":
			rec.Title, field = val, 4
		case "url":
			rec.URL, field = val, 5
		default:
			return false
		}
		if seen[field] {
			return false
		}
		seen[field] = true
		i = skipSpace(b, vEnd)
		if i >= len(b) {
			return false
		}
		if b[i] == '}' {
			return skipSpace(b, i+1) == len(b)
		}
		if b[i] != ',' {
			return false
		}
		i = skipSpace(b, i+1)
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// rawString returns the bytes between the quotes of the string at b[i],
// if it has no escapes, and where it ends.
func rawString(b []byte, i int) (s []byte, end int, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, 0, false
	}
	if j := stringStop(b, i+1); j < len(b) && b[j] == '"' {
		return b[i+1 : j], j + 1, true
	}
	return nil, 0, false
}

// stringStop returns the index of the first byte of b at or after i that
// ends a run of a JSON string's plain bytes: a quotation mark, a reverse
// solidus or a control character; len(b) if none does. It reads eight
// bytes at a time (package swar: the lowest byte a test marks is right).
func stringStop(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		x := swar.Load(b, i)
		if stop := swar.Less(x, 0x20) | swar.Eq(x, '"') | swar.Eq(x, '\\'); stop != 0 {
			return i + swar.First(stop)
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' || c < 0x20 {
			return i
		}
	}
	return len(b)
}

// escapeLen returns the length of the JSON escape that b starts with
// ("\\n", "\\u00e9"), 0 if it is none.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if len(b) < 6 {
			return 0
		}
		for _, h := range b[2:6] {
			if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
				return 0
			}
		}
		return 6
	}
	return 0
}

// scalarEnd returns the end of the string, number, true, false or null
// at b[i].
func scalarEnd(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return 0, false
	}
	switch c := b[i]; {
	case c == '"':
		for j := stringStop(b, i+1); j < len(b); j = stringStop(b, j) {
			switch b[j] {
			case '"':
				return j + 1, true
			case '\\':
				n := escapeLen(b[j:])
				if n == 0 {
					return 0, false
				}
				j += n
			default: // a control character, which a JSON string escapes
				return 0, false
			}
		}
		return 0, false
	case c == '-' || '0' <= c && c <= '9':
		j := i + 1
		for j < len(b) && (b[j] >= '0' && b[j] <= '9' || b[j] == '.' || b[j] == 'e' || b[j] == 'E' || b[j] == '+' || b[j] == '-') {
			j++
		}
		if !validNumber(b[i:j]) {
			return 0, false
		}
		return j, true
	}
	for _, lit := range []string{"true", "false", "null"} {
		if len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit {
			return i + len(lit), true
		}
	}
	return 0, false
}

// validNumber reports whether s is a JSON number (RFC 8259, section 6).
func validNumber(s []byte) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// decodeString decodes the JSON string at b[i] as encoding/json does, into
// bytes of its own, and returns where it ends: escapes decoded, a lone or
// reversed UTF-16 surrogate read as U+FFFD. A control character, an
// escape scalarEnd does not take, or no closing quote make it fail. It
// reads the string once, its plain runs copied whole (stringStop).
func decodeString(b []byte, i int) ([]byte, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, 0, false
	}
	i++
	out := make([]byte, 0, len(b)-i) // no more than the rest of the line
	for {
		k := stringStop(b, i)
		out = append(out, b[i:k]...)
		if i = k; i == len(b) || b[i] < 0x20 {
			return nil, 0, false
		}
		if b[i] == '"' {
			if cap(out)-len(out) > 64+len(out)/8 { // the text was not the last field
				out = append(make([]byte, 0, len(out)), out...)
			}
			return out, i + 1, true
		}
		if escapeLen(b[i:]) == 0 {
			return nil, 0, false
		}
		switch e := b[i+1]; {
		case e == 'u':
			r, _ := hex4(b, i+2)
			i += 6
			if utf16.IsSurrogate(r) {
				if escapeLen(b[i:]) == 6 && b[i+1] == 'u' {
					r2, _ := hex4(b, i+2)
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						out = utf8.AppendRune(out, dec)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
			continue
		default:
			out = append(out, unescape[e])
		}
		i += 2
	}
}

// unescape is the byte each escape of two bytes stands for ("\\n": '\n').
var unescape = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// hex4 reads the four hex digits at q[i:].
func hex4(q []byte, i int) (rune, bool) {
	if i+4 > len(q) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(q[i:i+4]), 16, 32)
	return rune(v), err == nil
}
