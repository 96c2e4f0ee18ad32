package shingle

import (
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence: the bytes text[Start:End], holding the tokens
// toks[TokStart:TokEnd]. Start includes opening quotation marks on the same
// line as the first token; End includes the closing punctuation and quotation
// marks; neither includes white space.
type Sentence struct {
	Start, End       int
	TokStart, TokEnd int
}

// AppendSentences appends the sentences of text to dst and returns the
// extended slice. toks must be the tokens of text (AppendTokens). Every token
// belongs to exactly one sentence, in order; text without tokens has no
// sentences.
//
// Rules, for news copy:
//   - A blank line ends a sentence, and so does a single line break unless
//     the next line starts with a lower-case word or the line ends in a
//     title such as "Mr.". So headlines, datelines, bylines and tweets
//     without final punctuation stand alone. A line that ends in a full stop
//     (not an abbreviation's) ends its sentence even before a lower-case
//     word.
//   - In hard-wrapped text (wrap.go: most lines end near one column, as in
//     wire archives and e-mail), a line break where the next line's first
//     word would not have fitted is a space: the same words wrapped at any
//     width make the same sentences. A short line, one before a list item,
//     an indented line or another quoting depth, still ends its sentence,
//     but for the overflow of a quoted line that a mail client wrapped
//     anew as it quoted it again ("> > … the CIA" / "> Kremlin" /
//     "> > agencies …": wrap.go), which is a wrap. A
//     list item's bullet after a line break starts a sentence, even before
//     a lower-case word.
//   - ".", "!", "?" and "…", with any closing quotation marks and brackets
//     after them, end a sentence when white space follows and the next token
//     is not a lower-case word (`done!” the statement added` goes on) and not
//     a URL (a link stays with the sentence that announces it).
//   - A full stop after a title (Mr., Mrs., Dr., Gen., Gov., Sen., Rep., ...)
//     never ends a sentence. After an abbreviation that may also end one
//     (St., Jr., Inc., Co., Jan. to Dec., No., an initial such as "W.", an
//     initialism such as "U.S.") it ends the sentence only when the next word
//     is one that typically starts a sentence ("The", "He", "But", ...):
//     "St. Petersburg" and "U.S. President" go on, "the U.S. The" stops.
//
// Known limits: an abbreviation outside these lists followed by a capital
// ("approx. Ten") splits; a sentence-final "U.S." followed by a name ("in the
// U.S. Trump said") does not.
func AppendSentences(dst []Sentence, text []byte, toks []Token) []Sentence {
	if len(toks) == 0 {
		return dst
	}
	start := lineStart(text, 0, toks[0].Start)
	first := 0
	wrap := lazyWrapping()
	for i := 0; i+1 < len(toks); i++ {
		p, ok := boundary(text, toks, i, &wrap)
		if !ok {
			continue
		}
		dst = append(dst, Sentence{
			Start: start, End: trimSpaceEnd(text, toks[i].End, p),
			TokStart: first, TokEnd: i + 1,
		})
		start = lineStart(text, p, toks[i+1].Start)
		first = i + 1
	}
	last := toks[len(toks)-1].End
	end := last
	for end < len(text) && text[end] != '\n' && text[end] != '\r' {
		end++
	}
	return append(dst, Sentence{
		Start: start, End: trimSpaceEnd(text, last, end),
		TokStart: first, TokEnd: len(toks),
	})
}

// boundary reports whether a sentence ends between toks[i] and toks[i+1],
// and if so the offset p in the gap where the next sentence may begin. In
// hard-wrapped text (wrap), a single line break that is a wrap (Wrapping.Soft)
// is a space.
func boundary(text []byte, toks []Token, i int, wrap *Wrapping) (p int, ok bool) {
	if plainGap(text[toks[i].End:toks[i+1].Start]) {
		return 0, false
	}
	return boundaryByRules(text, toks, i, wrap)
}

// sureStop reports whether the gap after toks[i], which holds one line
// break, is a stop that ends the sentence whether or not the break is a
// wrap: ".", "!" or "?" right after a token that is neither a title nor
// an abbreviation, any closing quotation marks and brackets (", ', ”, ’,
// », ), ]), then only spaces around the line break, and a token that is
// not a URL and does not start in lower case. By boundaryByRules's rules,
// a break that is not a wrap ends the sentence there (the next word is
// not lower-case, the word before is no title), and one that is a space
// ends it after the stop and its closing marks (a terminal stop, then
// white space, then neither a URL nor a lower-case word, after no title
// or ambiguous abbreviation): the two differ only by the spaces before
// the break, which the sentence's end and the next one's start leave out
// alike. So the text's wrapping need not be measured for it: in a text
// of a paragraph or a sentence a line, it is not measured at all
// (lazyWrapping).
func sureStop(text []byte, toks []Token, i int) bool {
	a, b, next := toks[i].End, toks[i+1].Start, toks[i+1]
	if next.Kind == URL || b-a < 2 {
		return false
	}
	if c := text[a]; c != '.' && c != '!' && c != '?' {
		return false
	}
	j := a + 1
	for j < b {
		r, size := utf8.DecodeRune(text[j:b])
		if !closing(r) {
			break
		}
		j += size
	}
	for ; j < b; j++ { // spaces and the line break
		if c := text[j]; c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	if startsLower(text[next.Start:next.End]) {
		return false
	}
	if text[a] == '.' {
		if w := text[toks[i].Start:a]; isTitle(w) || isAmbiguousAbbrev(w) {
			return false
		}
	}
	return true
}

// boundaryByRules is boundary without its shortcut for plain gaps: the
// reference FuzzSentences holds the shortcut to. While wrap is not
// measured (lazyWrapping), a single line break after a sureStop ends the
// sentence without measuring it; with the wrapping measured, as the
// reference has it, every such break asks wrap.Soft.
func boundaryByRules(text []byte, toks []Token, i int, wrap *Wrapping) (p int, ok bool) {
	a, b := toks[i].End, toks[i+1].Start
	next := toks[i+1]
	newlines, firstNL := 0, -1
	for j := a; j < b; j++ {
		if c := text[j]; c == '\n' || c == '\r' {
			if firstNL < 0 {
				firstNL = j
			}
			if c == '\r' && j+1 < b && text[j+1] == '\n' {
				j++
			}
			newlines++
		}
	}
	if newlines >= 2 {
		return firstNL, true
	}
	if newlines == 1 && wrap.unmeasured && sureStop(text, toks, i) {
		return firstNL, true // the wrapping need not be measured for it
	}
	if newlines == 1 && !wrap.Soft(text, firstNL) {
		if next.Kind == Word && startsLower(text[next.Start:next.End]) && !fullStopAtLineEnd(text, toks[i], firstNL) &&
			!isListItem(text, firstNL) {
			return 0, false
		}
		if text[a] == '.' && isTitle(text[toks[i].Start:a]) && trimSpaceEnd(text, a, firstNL) == a+1 {
			return 0, false
		}
		return firstNL, true
	}
	// The run of non-space characters right after the token.
	r := a
	terminal := false
	for r < b {
		c, size := utf8.DecodeRune(text[r:])
		if unicode.IsSpace(c) {
			break
		}
		if c == '.' || c == '!' || c == '?' || c == '…' {
			terminal = true
		}
		r += size
	}
	if !terminal || r == b {
		return 0, false
	}
	if next.Kind == URL || next.Kind == Word && startsLower(text[next.Start:next.End]) {
		return 0, false
	}
	if r == a+1 && text[a] == '.' {
		word := text[toks[i].Start:a]
		if isTitle(word) {
			return 0, false
		}
		if isAmbiguousAbbrev(word) && !isSentenceStarter(text[next.Start:next.End]) {
			return 0, false
		}
	}
	return r, true
}

// plainGap reports whether the gap between two tokens is ASCII without a
// line break or a sentence's final stop: no boundary, the common case,
// decided without boundary's rules.
func plainGap(gap []byte) bool {
	for _, c := range gap {
		if gapStop[c] {
			return false
		}
	}
	return true
}

// gapStop marks the bytes that make a gap more than plain: line breaks,
// ".", "!", "?" and every byte of a multi-byte rune ("…", a line or
// paragraph separator).
var gapStop = func() (t [256]bool) {
	for _, c := range "\n\r.!?" {
		t[c] = true
	}
	for c := utf8.RuneSelf; c < 256; c++ {
		t[c] = true
	}
	return t
}()

// fullStopAtLineEnd reports whether the line ends in a full stop after token
// t (with any closing quotation marks or brackets) that is not an
// abbreviation's: then a single line break ends the sentence even before a
// lower-case word, as when an edited paragraph or a quotation starts with
// one, while hard-wrapped text that breaks inside a sentence goes on.
func fullStopAtLineEnd(text []byte, t Token, nl int) bool {
	gap := text[t.End:trimSpaceEnd(text, t.End, nl)]
	if len(gap) == 0 || gap[0] != '.' {
		return false
	}
	for _, c := range string(gap[1:]) {
		if !closing(c) {
			return false
		}
	}
	word := text[t.Start:t.End]
	return !isTitle(word) && !isAmbiguousAbbrev(word)
}

// closing reports whether r is a closing quotation mark or bracket, which
// may follow a sentence's final stop on its line.
func closing(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', ')', ']':
		return true
	}
	return false
}

// lineStart returns where a sentence whose first token starts at tokStart
// begins: the first non-space byte at or after p on the token's own line.
func lineStart(text []byte, p, tokStart int) int {
	for j := tokStart - 1; j >= p; j-- {
		if text[j] == '\n' || text[j] == '\r' {
			p = j + 1
			break
		}
	}
	for p < tokStart {
		c, size := utf8.DecodeRune(text[p:])
		if !unicode.IsSpace(c) {
			break
		}
		p += size
	}
	return p
}

// trimSpaceEnd returns the end of text[from:to] with trailing white space
// removed (never less than from).
func trimSpaceEnd(text []byte, from, to int) int {
	for to > from {
		c, size := utf8.DecodeLastRune(text[from:to])
		if !unicode.IsSpace(c) {
			break
		}
		to -= size
	}
	return to
}

func startsLower(word []byte) bool {
	r, _ := utf8.DecodeRune(word)
	return unicode.IsLower(r)
}

// titles never end a sentence when followed by a full stop.
var titles = wordSet("Mr Mrs Ms Messrs Mmes Dr Drs Prof Gen Gens Gov Govs Sen Sens Rep Reps Lt Col Sgt Capt Cmdr Cmdt Adm Maj Brig Rev Hon Pres Supt Det Insp Cpl Pvt Fr Sra Mme Mlle")

// ambiguous abbreviations end a sentence only before a sentence starter.
var ambiguous = wordSet("St Ste Jr Sr Inc Co Corp Ltd Bros Ave Blvd Rd Mt Ft No Nos Vol vs etc al approx dept est Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec a.m p.m")

// starters are words that commonly begin a sentence and rarely follow an
// abbreviation inside one.
var starters = wordSet("The A An In On At But And Or So He She It They We I You This That These Those There Here His Her Its Their Our My Your As After Before When While If Some Many Most Officials Police Authorities Meanwhile However Earlier Later Last Next Now Then Still Yet Also According")

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	start := 0
	for i := 0; i <= len(words); i++ {
		if i == len(words) || words[i] == ' ' {
			if i > start {
				m[words[start:i]] = true
			}
			start = i + 1
		}
	}
	return m
}

func isTitle(word []byte) bool { return titles[string(word)] }

func isAmbiguousAbbrev(word []byte) bool {
	if ambiguous[string(word)] {
		return true
	}
	r, size := utf8.DecodeRune(word)
	if size == len(word) && unicode.IsUpper(r) {
		return true // an initial: "George W. Bush"
	}
	return isInitialism(word)
}

func isSentenceStarter(word []byte) bool { return starters[string(word)] }
