package report

import "bytes"

// appendIndented appends src, one JSON value as encoding/json marshals it
// (valid, compact), to dst, indented as json.Indent indents it with
// prefix and indent: each element of an object or array on a new line
// that starts with prefix and one indent for each level, a space after
// each colon, empty objects and arrays left as {} and []. It reads the
// value's strings a run at a time (the texts of documents make most of a
// report's bytes), where json.Indent steps a scanner byte by byte. Space
// between tokens is dropped and space after the value kept, as json.Indent
// does; src is not checked (TestAppendIndented, FuzzAppendIndented hold it
// to json.Indent).
func appendIndented(dst, src []byte, prefix, indent string) []byte {
	value := bytes.TrimRight(src, " \t\n\r")
	return append(appendTokens(dst, value, prefix, indent), src[len(value):]...)
}

// appendTokens appends the tokens of src indented (appendIndented).
func appendTokens(dst, src []byte, prefix, indent string) []byte {
	depth := 0
	open := false // after { or [: the next byte, unless it closes, starts a line
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		if open && c != '}' && c != ']' {
			open = false
			depth++
			dst = appendLine(dst, prefix, indent, depth)
		}
		switch c {
		case '"':
			end := stringEnd(src, i)
			dst = append(dst, src[i:end]...)
			i = end - 1
		case '{', '[':
			open = true
			dst = append(dst, c)
		case ',':
			dst = appendLine(append(dst, c), prefix, indent, depth)
		case ':':
			dst = append(dst, ':', ' ')
		case '}', ']':
			if open {
				open = false
			} else {
				depth--
				dst = appendLine(dst, prefix, indent, depth)
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// appendLine appends a newline, prefix and depth indents.
func appendLine(dst []byte, prefix, indent string, depth int) []byte {
	dst = append(append(dst, '\n'), prefix...)
	for range depth {
		dst = append(dst, indent...)
	}
	return dst
}

// stringEnd returns the index just past the string that starts with the
// quote at src[i]: past the first quote after it that no backslash
// escapes (an odd run of backslashes before it), or len(src) if none.
func stringEnd(src []byte, i int) int {
	for j := i + 1; ; {
		k := bytes.IndexByte(src[j:], '"')
		if k < 0 {
			return len(src)
		}
		q := j + k
		n := 0
		for q-n-1 > i && src[q-n-1] == '\\' {
			n++
		}
		if n%2 == 0 {
			return q + 1
		}
		j = q + 1
	}
}
