package corpus

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// headline returns the first line of a plain text document that is not
// page chrome, if it looks like a headline: at most maxHeadlineWords
// words, starting with a capital letter or a digit (after an opening
// quotation mark), not ending as a
// sentence does (".", "!", "?", or a closing quotation mark after one),
// and followed by more text. Else "".
func headline(text []byte, chrome []Range) string {
	for start := 0; start < len(text); {
		end := bytes.IndexByte(text[start:], '\n')
		if end < 0 {
			return "" // the whole text is one line: no headline above a body
		}
		end += start
		line := bytes.TrimSpace(text[start:end])
		if len(line) == 0 || inRanges(start, chrome) {
			start = end + 1
			continue
		}
		if isHeadline(line) && len(bytes.TrimSpace(text[end:])) > 0 {
			return string(line)
		}
		return ""
	}
	return ""
}

// maxHeadlineWords is the most words a headline has.
const maxHeadlineWords = 20

// isHeadline reports whether a line may be a headline (see headline).
func isHeadline(line []byte) bool {
	first, size := utf8.DecodeRune(line)
	if first == '“' || first == '"' || first == '‘' || first == '\'' { // a quotation opens it
		first, _ = utf8.DecodeRune(line[size:])
	}
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) {
		return false
	}
	last, _ := utf8.DecodeLastRune(line)
	if last == '”' || last == '"' || last == '’' || last == '\'' {
		trimmed := line[:len(line)-utf8.RuneLen(last)]
		last, _ = utf8.DecodeLastRune(trimmed)
	}
	switch last {
	case '.', '!', '?', ',', ';', ':':
		return false
	}
	return len(bytes.Fields(line)) <= maxHeadlineWords
}

// inRanges reports whether byte at lies in one of the ranges (sorted).
func inRanges(at int, rs []Range) bool {
	for _, r := range rs {
		if r.Start <= at && at < r.End {
			return true
		}
		if r.Start > at {
			break
		}
	}
	return false
}
