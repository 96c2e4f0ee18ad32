package shingle

import (
	"bytes"
	"math/bits"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/swar"
)

// Hard-wrapped text (wire archives, e-mail, plain-text exports) breaks its
// lines at a fixed column, inside sentences: a line break there is a
// space, not the end of a headline or a paragraph. wrapColumn finds whether
// a text is wrapped and at which column, and Wrapping.Soft tells a wrap from a
// line break its writer meant, by the test that reflowing tools use: a
// line was wrapped when the next line's first word would not have fitted
// on it. Fillers that even out a paragraph's lines (GNU fmt, par; Knuth
// and Plass 1981) end some lines where the next word would have fitted:
// such a line, near the column, is a wrap too where its last word cannot
// end a sentence or a headline (cannotEnd). A verb or an adjective before
// a capital ("Putin thanked" / "U.S. President") runs on where the line is
// inside a paragraph (midParagraph); on a paragraph's first line it cannot
// be told from a headline over a dateline, and ends the line's sentence.
//
// The column is found from the text's inner lines (those followed by
// another non-blank line at the same quoting depth): the width that nine
// in ten of them do not pass. The text counts as wrapped when that width is
// from minWrap to maxWrap columns and at least half its inner lines end
// within wrapSlack of it. Text written a paragraph to a line has inner
// lines of every length, most far wider; lists and menus are narrower, or
// ragged; and wrapped prose has a lower-case word first on at least a
// quarter of its lines not in capitals (lines in capitals, a
// disclaimer's or old wire copy's, count neither way). Widths are in
// runes, trailing space left out, and measured two ways: after any
// quoting prefix ("> "), and of the whole line; the way more inner lines
// end near their column is the text's. A client that quotes a message by
// prefixing its lines keeps their text as wide as it was written; one
// that wraps the quote again at the column gives a line quoted deeper
// less text, so that only whole lines share one column, and cuts off
// the words a new prefix pushes past it onto short lines of their own
// (overflowBreak), which the measure passes over: in a thread quoted
// five deep, nearly every two lines at one depth have such a line
// between them.

const (
	minWrap = 24  // narrower columns are lists and menus, not wrapped prose
	maxWrap = 120 // wider lines are paragraphs written on one line
)

// WidestWrap is the widest column at which Wrapping finds a text
// wrapped, in characters: a wider line is a paragraph written on one
// line.
const WidestWrap = maxWrap

// wrapSlack is how far short of the column a wrapped line may end: the
// room left by a long word that went on to the next line.
func wrapSlack(w int) int { return max(12, w/4) }

// wrapColumn returns the column at which text is hard-wrapped, or 0 if it
// is not, and whether it is the column of whole lines, quoting prefixes
// counted (wholeColumn).
func wrapColumn(text []byte) (int, bool) {
	// The widths of inner lines, wider ones in the last: of their text
	// after the prefix, and of the whole line.
	var hist, whole [maxWrap + 2]int32
	// Inner lines; those after them in capitals (letters, none in lower
	// case: a disclaimer's, or old wire copy's), which say nothing of a
	// wrap; and those that start with a lower-case word.
	inner, caps, lower := 0, 0, 0
	anyLower := false // a lower-case letter anywhere (none: old wire copy)
	prev := lineInfo{blank: true}
	skipped := 0 // lines passed over since prev, as a run of overflow
	for p := 0; p < len(text); {
		line, next := nextLine(text, p)
		cur, body := describeLine(line)
		if !anyLower && hasLower(body) {
			anyLower = true
		}
		p = next
		// A short quoted line below prev's depth may be the overflow of
		// prev, which a mail client cut off as it quoted the line again
		// (overflowBreak): the line after it at prev's depth is then the
		// one that follows prev.
		if !prev.blank && !cur.blank && cur.depth > 0 && cur.depth < prev.depth && cur.width < minWrap && skipped < maxOverflow {
			skipped++
			continue
		}
		if !prev.blank && !cur.blank && prev.depth == cur.depth {
			hist[min(prev.width, maxWrap+1)]++
			whole[min(prev.prefix+prev.width, maxWrap+1)]++
			inner++
			if inCapitals(body) {
				caps++
			}
			if startsLower(body) {
				lower++
			}
		}
		prev, skipped = cur, 0
	}
	// Wrapped prose puts a lower-case word first on many of its lines
	// not in capitals; a poem, a list or a stack of headlines does not.
	// Text in capitals, whole or in part, takes four lines.
	if inner < 2 || anyLower && 4*lower < inner-caps || (!anyLower || caps > 0) && inner < 4 {
		return 0, false
	}
	w, near := columnOf(&hist, inner)
	ww, wnear := columnOf(&whole, inner)
	switch {
	case ww != 0 && (w == 0 || wnear > near):
		return ww, true
	default:
		return w, false
	}
}

// columnOf returns the column of a histogram of the widths of inner
// lines, 0 if they are not wrapped, and how many of them end within
// wrapSlack of it.
func columnOf(hist *[maxWrap + 2]int32, inner int) (int, int) {
	want, seen, w := (9*inner+9)/10, 0, 0
	for ; w < len(hist); w++ {
		if seen += int(hist[w]); seen >= want {
			break
		}
	}
	if w < minWrap || w > maxWrap {
		return 0, 0
	}
	near := 0
	for x := w - wrapSlack(w); x <= w; x++ {
		near += int(hist[x])
	}
	if 2*near < inner {
		return 0, 0
	}
	return w, near
}

// lineInfo describes a line for the wrap tests.
type lineInfo struct {
	blank  bool
	depth  int  // quoting depth: the '>' of its prefix
	prefix int  // the prefix's bytes: '>' and the spaces among and after them
	body   int  // the bytes of its text after the prefix and indent, trailing space not
	indent int  // spaces and tabs after the prefix
	width  int  // runes after the prefix, indent included, trailing space not; a wider line's counted only as far as wideLine or a little past (lineWidth)
	dash   rune // the dash ('-' or '–') it starts with, before a space, or 0
	colon  bool // it ends in a colon
}

// nextLine returns the line starting at p, without its line break, and
// where the next line starts. "\n", "\r\n" and "\r" end lines.
func nextLine(text []byte, p int) (line []byte, next int) {
	rest := text[p:]
	i := bytes.IndexByte(rest, '\n')
	if i < 0 {
		i = len(rest)
	}
	if j := bytes.IndexByte(rest[:i], '\r'); j >= 0 {
		i = j
	}
	if i == len(rest) {
		return rest, len(text)
	}
	return rest[:i], p + i + breakLen(rest, i)
}

// lineBefore returns the line that ends at the line break at text[nl].
func lineBefore(text []byte, nl int) []byte {
	ls := bytes.LastIndexByte(text[:nl], '\n') + 1
	if j := bytes.LastIndexByte(text[ls:nl], '\r'); j >= 0 {
		ls += j + 1
	}
	return text[ls:nl]
}

// breakLen is the length of the line break at text[i]: 2 for "\r\n".
func breakLen(text []byte, i int) int {
	if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
		return 2
	}
	return 1
}

// describeLine measures a line (without its line break), and returns its
// text after the prefix and indent, trailing space left out.
func describeLine(line []byte) (l lineInfo, body []byte) {
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
	l.prefix = i
	line = line[i:]
	for l.indent < len(line) && (line[l.indent] == ' ' || line[l.indent] == '\t') {
		l.indent++
	}
	body = line[l.indent:]
	for len(body) > 0 && (body[len(body)-1] == ' ' || body[len(body)-1] == '\t' || body[len(body)-1] == '\f' || body[len(body)-1] == '\v') {
		body = body[:len(body)-1]
	}
	l.blank, l.body = len(body) == 0, len(body)
	l.width = l.indent + lineWidth(body)
	if r, size := utf8.DecodeRune(body); (r == '-' || r == '–') && size < len(body) && body[size] == ' ' {
		l.dash = r
	}
	l.colon = bytes.HasSuffix(body, []byte(":"))
	return l, body
}

// Wrapping is what is known of a text's hard wrapping: the column it is
// wrapped at (0 if it is not), and, to tell a wrap from a line break its
// writer meant, the last line Soft measured after a line break, which is
// the line before the next break it is asked about. AppendSentences joins
// the lines of wrapped paragraphs with it; corpus.SiteLines leaves them
// out of a site's furniture.
type Wrapping struct {
	col int
	// whole says the column is of whole lines, quoting prefixes counted:
	// quoted text wrapped again at the column as it is quoted, so that
	// the deeper a line is quoted the less text it holds; else the
	// column is of the text after the prefix (quoted text prefixed as
	// it was written, its lines wider the deeper they are).
	whole bool
	// end and line are the line read last (where it ends, -1 if none
	// yet, and what it is), also in recent: kept apart, it is found
	// without a call, on the path every line break takes.
	end  int
	line lineInfo
	// recent are the lines overflowBreak read last, each read once
	// however many breaks around it it is asked about; next is the
	// entry to replace.
	recent [8]recentLine
	next   int
	// unmeasured says the text is measured at the first Soft
	// (lazyWrapping): most texts' line breaks are decided without it.
	unmeasured bool
}

// recentLine is a line Wrapping read: text[start:end], described.
type recentLine struct {
	start, end int
	info       lineInfo
	ok         bool
}

// NewWrapping measures how text is wrapped (wrapColumn).
func NewWrapping(text []byte) Wrapping {
	col, whole := wrapColumn(text)
	return Wrapping{col: col, whole: whole, end: -1}
}

// lazyWrapping is NewWrapping(text) measured only when Soft is first
// asked: a text whose every line break boundary decides without it (a
// paragraph or a sentence a line, each ending in a stop: sureStop) is
// never read line by line.
func lazyWrapping() Wrapping { return Wrapping{unmeasured: true} }

// Column returns the column the text is hard-wrapped at, 0 if it is not.
func (wr *Wrapping) Column() int { return wr.col }

// Soft reports whether the line break at text[nl] (its '\n', or the '\r'
// of "\r\n"), in the text measured, is a wrap: the text is wrapped, and
// the next line is not blank, at the same quoting depth, not indented
// further, not a list item, and its first word would not have fitted on
// the line before; or either line is the overflow of a quoted line that a
// mail client wrapped again (overflow). Asked about a text's line breaks
// in order, it reads each line once.
func (wr *Wrapping) Soft(text []byte, nl int) bool {
	if wr.unmeasured {
		*wr = NewWrapping(text)
	}
	if wr.col == 0 {
		return false
	}
	cur := wr.line
	if wr.end != nl {
		cur, _ = wr.lineTo(text, nl)
	}
	ns := nl + breakLen(text, nl)
	next, end := wr.lineFrom(text, ns)
	at := ns + next.prefix + next.indent
	body := text[at : at+next.body]
	wr.end, wr.line = end, next
	if cur.blank || next.blank {
		return false
	}
	if next.depth != cur.depth {
		return wr.overflowBreak(text, nl, end, cur, next)
	}
	if next.indent > cur.indent || listItem(cur, body) {
		return false
	}
	if wr.overflows(cur, body) {
		return true
	}
	// A filler that evens out a paragraph's lines (GNU fmt, par) ends
	// some where the next word would have fitted, and a paragraph
	// wrapped narrower than the rest of its text (a licence pasted in
	// at 72 columns among lines of 80) ends every line so. Such a line
	// is still a wrap where it cannot end a sentence or a headline
	// (cannotEnd), or, inside a paragraph, where its last word and the
	// next line's first leave one sentence (midParagraph).
	width := wr.width(cur)
	if 2*width < wr.col {
		return false
	}
	line := lineBefore(text, nl)
	_, curBody := describeLine(line)
	near := width >= wr.col-wrapSlack(wr.col)
	return cannotEnd(curBody, body, near) || near && midParagraph(curBody, body) && wr.continues(text, nl-len(line), cur, curBody)
}

// width is a line's width as the column is measured.
func (wr *Wrapping) width(l lineInfo) int {
	if wr.whole {
		return l.width + l.prefix
	}
	return l.width
}

// overflows reports whether the first word of a line's text (body) would
// not have fitted on the line before (l).
func (wr *Wrapping) overflows(l lineInfo, body []byte) bool {
	word := 0 // the runes of the first word
	for _, c := range body {
		if c == ' ' || c == '\t' {
			break
		}
		if c&0xC0 != 0x80 {
			word++
		}
	}
	return wr.width(l)+1+word > wr.col
}

// continues reports whether the line of text that starts at start (cur,
// its text body) continues the paragraph of the line before it: both at
// the same depth and indent, and it starts with a lower-case letter or
// its first word would not have fitted on the line before.
func (wr *Wrapping) continues(text []byte, start int, cur lineInfo, body []byte) bool {
	if start == 0 || len(body) == 0 {
		return false
	}
	nl := start - 1
	if nl > 0 && text[nl] == '\n' && text[nl-1] == '\r' {
		nl--
	}
	prev, _ := wr.lineTo(text, nl)
	if prev.blank || prev.depth != cur.depth || prev.indent != cur.indent {
		return false
	}
	r, _ := utf8.DecodeRune(body)
	return unicode.IsLower(r) || wr.overflows(prev, body)
}

// maxOverflow is the most lines overflowBreak takes for the overflow of
// one quoted line.
const maxOverflow = 8

// overflowBreak reports whether the line break at text[nl], between the
// lines cur and next (which ends at text[end]), at different quoting
// depths, lies in or around the overflow of a quoted line that a mail
// client cut off when it quoted the line again: the new prefix ("> ")
// pushed the line's last words past the column, and they went on a line
// of their own with only the new prefix, at a lower depth than the lines
// around it ("> > … allowed the CIA" / "> Kremlin" / "> > agencies to …");
// quoted again, an overflow's own overflow makes a run of such lines
// ("> > > > … IS-linked" / "> suspects" / "> > in" / "> > > > Moscow").
// The run is at most maxOverflow lines, each quoted, short (under a third
// of the column) and at a lower depth than the line before it (the anchor), which
// is not blank; the line after it is at the anchor's depth (blank or not:
// the line cut may have ended its paragraph); and the run's first line
// would not have fitted on the anchor, prefixes counted. An answer
// written between the lines of a quote ("> > Are you coming?" / "> Yes" /
// "> > And Friday?") is told apart by that last test, unless the line it
// answers is full.
func (wr *Wrapping) overflowBreak(text []byte, nl, end int, cur, next lineInfo) bool {
	// The lower of the two is in the run (the higher may be its anchor,
	// never the lower): if it is long, the break is a quote's start or end,
	// the common case; if it is not quoted, no client cut it (an overflow
	// carries the new prefix), and lines not quoted are wrapped as ever.
	low := next
	if cur.depth < next.depth {
		low = cur
	}
	if low.depth == 0 || 3*low.width >= wr.col {
		return false
	}
	// back: cur and the lines before it, nearest first; fwd: next and
	// the lines after it. Each walk ends at a line that cannot be in a
	// run (it may be the run's anchor, or the line after it).
	var back, fwd [maxOverflow + 1]lineInfo
	back[0], fwd[0] = cur, next
	nb, nf := 1, 1
	_, start := wr.lineTo(text, nl)
	for l := cur; nb < len(back) && start > 0 && runnable(l, wr.col); nb++ {
		brk := start - 1
		if text[brk] == '\n' && brk > 0 && text[brk-1] == '\r' {
			brk--
		}
		l, start = wr.lineTo(text, brk)
		back[nb] = l
	}
	for l, brk := next, end; nf < len(fwd) && brk < len(text) && runnable(l, wr.col); nf++ {
		l, brk = wr.lineFrom(text, brk+breakLen(text, brk))
		fwd[nf] = l
	}
	// A run line: one that may be, at a lower depth than the anchor.
	run := func(l, anchor lineInfo) bool {
		return runnable(l, wr.col) && l.depth < anchor.depth
	}
	for i := 0; i < nb; i++ { // the anchor is back[i]; back[:i] and fwd[:j] are the run
		a := back[i]
		if a.blank {
			break
		}
		if !allRun(back[:i], a, run) {
			continue
		}
		first := fwd[0]
		if i > 0 {
			first = back[i-1]
		}
		if a.prefix+a.width+1+first.width <= wr.col {
			continue
		}
		for j := 0; j < nf && i+j <= maxOverflow; j++ {
			if fwd[j].depth == a.depth {
				if i+j >= 1 {
					return true
				}
				break
			}
			if !run(fwd[j], a) {
				break
			}
		}
	}
	return false
}

// runnable reports whether line l may be in an overflow run of text
// wrapped at col: quoted, not blank, short.
func runnable(l lineInfo, col int) bool {
	return !l.blank && l.depth > 0 && 3*l.width < col
}

// lineTo returns the line of text that ends at end (its line break, or
// the text's end), described, and where it starts.
func (wr *Wrapping) lineTo(text []byte, end int) (lineInfo, int) {
	for i := range wr.recent {
		if r := &wr.recent[i]; r.ok && r.end == end {
			return r.info, r.start
		}
	}
	l := lineBefore(text, end)
	info, _ := describeLine(l)
	wr.remember(end-len(l), end, info)
	return info, end - len(l)
}

// lineFrom returns the line of text that starts at start, described, and
// where it ends.
func (wr *Wrapping) lineFrom(text []byte, start int) (lineInfo, int) {
	for i := range wr.recent {
		if r := &wr.recent[i]; r.ok && r.start == start {
			return r.info, r.end
		}
	}
	l, _ := nextLine(text, start)
	info, _ := describeLine(l)
	wr.remember(start, start+len(l), info)
	return info, start + len(l)
}

// remember keeps a line read, in place of the oldest kept.
func (wr *Wrapping) remember(start, end int, info lineInfo) {
	wr.recent[wr.next] = recentLine{start, end, info, true}
	wr.next = (wr.next + 1) % len(wr.recent)
}

// allRun reports whether every line of ls is a run line of anchor.
func allRun(ls []lineInfo, anchor lineInfo, run func(l, anchor lineInfo) bool) bool {
	for _, l := range ls {
		if !run(l, anchor) {
			return false
		}
	}
	return true
}

// isListItem reports whether the line after the line break at text[nl]
// starts a list item (listItem).
func isListItem(text []byte, nl int) bool {
	line, _ := nextLine(text, nl+breakLen(text, nl))
	// Most lines start with a letter: no need to measure them.
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '>') {
		i++
	}
	if i < len(line) && (line[i] >= 'a' && line[i] <= 'z' || line[i] >= 'A' && line[i] <= 'Z') {
		return false
	}
	prev, _ := describeLine(lineBefore(text, nl))
	_, body := describeLine(line)
	return listItem(prev, body)
}

// listItem reports whether a line's text (body) starts a list item, after
// the line prev: a bullet ("•", "*", ...) and a space, or a dash and a
// space after a line that is a dash item too or ends in a colon (a dash may
// also be punctuation that a wrap put first on a line). Numbered items are
// left to the fit test: a number may be wrapped to a line's start.
func listItem(prev lineInfo, body []byte) bool {
	r, size := utf8.DecodeRune(body)
	if size >= len(body) || body[size] != ' ' {
		return false
	}
	switch r {
	case '•', '◦', '▪', '‣', '·', '*', '+':
		return true
	case '-', '–':
		return prev.dash == r || prev.colon
	}
	return false
}

// wideLine is a width past every column the wrap tests compare a line's
// width with (maxWrap + 1, the histogram's last bin).
const wideLine = maxWrap + 2

// lineWidth is the runes of a line's body, or at least wideLine if it
// has that many: a line written a paragraph to a line, hundreds of bytes
// long, is counted no further than the bytes that settle it (wideLine
// bytes of ASCII, or 4·wideLine bytes, which hold at least wideLine
// runes of UTF-8).
func lineWidth(body []byte) int {
	if n := runes(body[:min(len(body), wideLine)]); n >= wideLine || len(body) <= wideLine {
		return n
	}
	return runes(body[:min(len(body), 4*wideLine)])
}

// runes counts the runes of UTF-8 text: its bytes less those that
// continue a rune (10xxxxxx), eight at a time.
func runes(s []byte) int {
	n := len(s)
	for len(s) >= 8 {
		n -= bits.OnesCount64(swar.Continuation(swar.Load(s, 0)))
		s = s[8:]
	}
	for _, c := range s {
		if c&0xC0 == 0x80 {
			n--
		}
	}
	return n
}
