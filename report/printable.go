package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Printable returns s as a terminal may show it: control characters
// (escape sequences that recolour or retitle a terminal, a bell, line
// breaks and tabs that break a report's lines and tables), the controls
// that reorder text shown right to left (a "right-to-left override"
// makes "txt.exe" read "exe.txt"), and bytes that are not UTF-8 are
// written as Go escapes ("\x1b", "\u202e"); everything else is kept. The
// text report writes every id, name, note and excerpt through it.
func Printable(s string) string {
	clean := true
	for i, r := range s {
		if escaped(r) || r == utf8.RuneError && !validAt(s, i) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !validAt(s, i):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && escaped(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case escaped(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escaped reports whether Printable writes r as an escape.
func escaped(r rune) bool {
	switch {
	case r < 0x20, r == 0x7F, 0x80 <= r && r < 0xA0: // C0, DEL, C1
		return true
	case r == 0x061C, r == 0x200E, r == 0x200F, 0x202A <= r && r <= 0x202E, 0x2066 <= r && r <= 0x2069: // bidirectional controls
		return true
	}
	return false
}

// validAt reports whether s holds a valid rune at byte i (a U+FFFD
// written as such is kept).
func validAt(s string, i int) bool {
	_, size := utf8.DecodeRuneInString(s[i:])
	return size > 1
}
