package shingle

import (
	"unicode"
	"unicode/utf8"
)

// The case of a line's or a word's letters, which the wrap and run-on
// tests read.

// hasLower reports whether s has a lower-case letter.
func hasLower(s []byte) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if unicode.IsLower(r) {
			return true
		}
		i += size
	}
	return false
}

// hasUpper reports whether s has an upper-case letter.
func hasUpper(s []byte) bool {
	for _, r := range string(s) {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// inCapitals reports whether s has letters, none of them in lower case:
// a line of a disclaimer in capitals, or of old wire copy.
func inCapitals(s []byte) bool {
	upper := false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(s[i:])
		}
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsUpper(r):
			upper = true
		}
		i += size
	}
	return upper
}
