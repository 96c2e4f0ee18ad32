package shingle

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// Hard-wrapped text (wire archives, e-mail, plain-text exports) breaks its
// lines at a fixed column, inside sentences: a line break there is a
// space, not the end of a headline or a paragraph. wrapColumn finds whether
// a text is wrapped and at which column, and softBreak tells a wrap from a
// line break its writer meant, by the test that reflowing tools use: a
// line was wrapped when the next line's first word would not have fitted
// on it.
//
// The column is found from the text's inner lines (those followed by
// another non-blank line at the same quoting depth): the width that nine
// in ten of them do not pass. The text counts as wrapped when that width is
// from minWrap to maxWrap columns and at least half its inner lines end
// within wrapSlack of it. Text written a paragraph to a line has inner
// lines of every length, most far wider; lists and menus are narrower, or
// ragged; and wrapped prose has a lower-case word first on at least a
// quarter of its lines (if it has lower case at all). Widths are in runes, after any quoting prefix ("> "), trailing
// space left out.

const (
	minWrap = 24  // narrower columns are lists and menus, not wrapped prose
	maxWrap = 120 // wider lines are paragraphs written on one line
)

// wrapSlack is how far short of the column a wrapped line may end: the
// room left by a long word that went on to the next line.
func wrapSlack(w int) int { return max(12, w/4) }

// wrapColumn returns the column at which text is hard-wrapped, or 0 if it
// is not.
func wrapColumn(text []byte) int {
	var hist [maxWrap + 2]int32 // the widths of inner lines, wider ones in the last
	inner, lower := 0, 0        // inner lines, and those before a lower-case word
	caps := true                // no lower-case letter at all (old wire copy)
	prev := lineInfo{blank: true}
	for p := 0; p < len(text); {
		line, next := nextLine(text, p)
		cur := describeLine(line)
		if !prev.blank && !cur.blank && prev.depth == cur.depth {
			hist[min(prev.width, maxWrap+1)]++
			inner++
			if startsLower(cur.body) {
				lower++
			}
		}
		if caps && hasLower(cur.body) {
			caps = false
		}
		prev, p = cur, next
	}
	// Wrapped prose puts a lower-case word first on many of its lines;
	// a poem, a list or a stack of headlines does not.
	if inner < 2 || !caps && 4*lower < inner || caps && inner < 4 {
		return 0
	}
	want, seen, w := (9*inner+9)/10, 0, 0
	for ; w < len(hist); w++ {
		if seen += int(hist[w]); seen >= want {
			break
		}
	}
	if w < minWrap || w > maxWrap {
		return 0
	}
	near := 0
	for x := w - wrapSlack(w); x <= w; x++ {
		near += int(hist[x])
	}
	if 2*near < inner {
		return 0
	}
	return w
}

// lineInfo describes a line for the wrap tests.
type lineInfo struct {
	blank  bool
	depth  int    // quoting depth: the '>' of its prefix
	indent int    // spaces and tabs after the prefix
	width  int    // runes after the prefix, indent included, trailing space not
	body   []byte // the line after the prefix and indent, trailing space left out
}

// nextLine returns the line starting at p, without its line break, and
// where the next line starts. "\n", "\r\n" and "\r" end lines.
func nextLine(text []byte, p int) (line []byte, next int) {
	rest := text[p:]
	i := bytes.IndexAny(rest, "\r\n")
	if i < 0 {
		return rest, len(text)
	}
	return rest[:i], p + breakLen(rest, i) + i
}

// breakLen is the length of the line break at text[i]: 2 for "\r\n".
func breakLen(text []byte, i int) int {
	if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
		return 2
	}
	return 1
}

// describeLine measures a line (without its line break).
func describeLine(line []byte) lineInfo {
	var l lineInfo
	i := 0
	for i < len(line) && (line[i] == '>' || line[i] == ' ' && i+1 < len(line) && line[i+1] == '>') {
		if line[i] == '>' {
			l.depth++
		}
		i++
	}
	if l.depth > 0 && i < len(line) && line[i] == ' ' {
		i++ // the space after the last '>'
	}
	body := line[i:]
	for l.indent < len(body) && (body[l.indent] == ' ' || body[l.indent] == '\t') {
		l.indent++
	}
	l.body = bytes.TrimRight(body[l.indent:], " \t\f\v")
	l.blank = len(l.body) == 0
	l.width = l.indent + utf8.RuneCount(l.body)
	return l
}

// softBreak reports whether the line break at text[nl], in text wrapped at
// column w, is a wrap: the next line is not blank, at the same quoting
// depth, not indented further, not a list item, and its first word would
// not have fitted on the line before.
func softBreak(text []byte, nl, w int) bool {
	ls := nl
	for ls > 0 && text[ls-1] != '\n' && text[ls-1] != '\r' {
		ls--
	}
	cur := describeLine(text[ls:nl])
	line, _ := nextLine(text, nl+breakLen(text, nl))
	next := describeLine(line)
	if cur.blank || next.blank || next.depth != cur.depth || next.indent > cur.indent || isListItem(text, nl) {
		return false
	}
	word := next.body
	if i := bytes.IndexAny(word, " \t"); i >= 0 {
		word = word[:i]
	}
	return cur.width+1+utf8.RuneCount(word) > w
}

// isListItem reports whether the line after the line break at text[nl]
// starts a list item: a bullet ("•", "*", ...) and a space, or a dash and
// a space after a line that is a dash item too or ends in a colon (a dash
// may also be punctuation that a wrap put first on a line). Numbered items
// are left to the fit test: a number may be wrapped to a line's start.
func isListItem(text []byte, nl int) bool {
	line, _ := nextLine(text, nl+breakLen(text, nl))
	body := describeLine(line).body
	r, size := utf8.DecodeRune(body)
	if size >= len(body) || body[size] != ' ' {
		return false
	}
	switch r {
	case '•', '◦', '▪', '‣', '·', '*', '+':
		return true
	case '-', '–':
		ls := nl
		for ls > 0 && text[ls-1] != '\n' && text[ls-1] != '\r' {
			ls--
		}
		prev := describeLine(text[ls:nl]).body
		return bytes.HasPrefix(prev, body[:size+1]) || bytes.HasSuffix(prev, []byte(":"))
	}
	return false
}

// hasLower reports whether s has a lower-case letter.
func hasLower(s []byte) bool {
	for _, r := range string(s) {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}
