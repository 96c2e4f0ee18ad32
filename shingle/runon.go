package shingle

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// Which line ends run on into the next line. A filler that evens out a
// paragraph's lines (GNU fmt, par) ends some where the next word would
// have fitted, and a paragraph wrapped narrower than the rest of its text
// ends every line so: Wrapping.Soft then asks cannotEnd whether the line
// can end a sentence or a headline there, by its last word and the next
// line's first, and, for a line inside a paragraph, midParagraph whether
// its last word and the next line's first are of the kind that no
// punctuation between them leaves one sentence. The word lists are
// English, as sentence.go's are.

// cannotEnd reports whether a line of wrapped text (line, its text after
// the prefix), at least half the column wide, runs on into the next
// (next): it ends in a word that no sentence or headline ends with (an
// article, a conjunction, a preposition that is no particle: "for" /
// "CIA"). If it is near the column (near) it also runs on where it ends
// in a comma or a semicolon; in a particle before a name or a number
// ("in" / "St Petersburg": "Putin weighs in" ends a headline, but not
// before one); in a month before a number ("December" / "17"); in a
// capitalised word before another that starts no sentence, a name run
// on ("President" / "Putin"); or where both lines are in capitals (a
// licence's disclaimer), where a capital says nothing of a new sentence.
// A line in capitals before one that is not (a headline over a
// dateline) does not run on, nor does a short line that ends in a
// comma ("Regards," / "Ann"), nor any before a numbered item ("1)",
// "b." with the item's text after it: "December" / "16." alone is a
// date).
func cannotEnd(line, next []byte, near bool) bool {
	if len(line) == 0 || len(next) == 0 || next[0] == ' ' || next[0] == '\t' {
		return false
	}
	last := lastWord(line)
	lower := string(bytes.ToLower(last))
	first := firstWord(next)
	switch {
	case enumerator(first) && len(first) < len(next):
		return false // "… and" / "2) …": a numbered item
	case runOn[lower]:
		return true
	case !near:
		return false
	}
	switch line[len(line)-1] {
	case ',', ';':
		return true
	}
	number := '0' <= first[0] && first[0] <= '9'
	switch {
	case !hasLower(line) && !hasLower(next):
		return hasUpper(line) && hasUpper(next)
	case particles[lower]:
		return number || capitalised(first)
	case months[lower]:
		return number // "December" / "17"
	}
	return capitalised(last) && capitalised(first) && !starters[string(bytes.TrimRight(first, ",.:;"))] && string(first) != "By"
}

// enumerator reports whether word numbers a list's item: "1)", "2.",
// "(b)", "iv.".
func enumerator(word []byte) bool {
	w := bytes.TrimPrefix(word, []byte("("))
	if len(w) < 2 || w[len(w)-1] != ')' && w[len(w)-1] != '.' {
		return false
	}
	w = w[:len(w)-1]
	digits := len(w) <= 3
	for _, c := range w {
		digits = digits && '0' <= c && c <= '9'
	}
	return digits || len(w) == 1 && unicode.IsLetter(rune(w[0])) || romans[string(bytes.ToLower(w))]
}

var romans = wordSet("i ii iii iv v vi vii viii ix x xi xii")

// runOn are the words a sentence or a headline does not end with:
// articles, conjunctions, prepositions that are no particles, and
// possessives.
var runOn = wordSet("a an the of to for from with into onto by at and or nor but than as that which whose when while because although though if unless whereas where his its their our my your would should could")

// months are the names of months, which run on into a day.
var months = wordSet("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec")

// particles are the prepositions that end headlines as adverbs ("weighs
// in", "backs down").
var particles = wordSet("in on over up down out off back about through")

// capitalised reports whether word starts with a capital and has a
// lower-case letter: "President", not "CIA" or "MOSCOW".
func capitalised(word []byte) bool {
	r, _ := utf8.DecodeRune(word)
	return unicode.IsUpper(r) && hasLower(word)
}

// midParagraph reports whether a line inside a paragraph (line), near
// the column, runs on into the next (next) though neither word says so:
// the line ends in a lower-case word or a number, no punctuation after
// it, and the next line starts with a capital or a digit ("Putin asked" /
// "Trump to convey", "the 2016" / "U.S. election"), unless the two lines
// start alike, as the items of a list do (both with a number, both with
// the same word, both with a word in capitals), or the next is a numbered
// item or a table's row (tabled) or starts with a label ("License:").
func midParagraph(line, next []byte) bool {
	last, first := lastWord(line), firstWord(next)
	if len(last) == 0 || len(first) == 0 {
		return false
	}
	r, _ := utf8.DecodeLastRune(line)
	l, _ := utf8.DecodeRune(last)
	f, _ := utf8.DecodeRune(first)
	if !(unicode.IsLetter(r) || unicode.IsDigit(r)) || !(unicode.IsLower(l) || unicode.IsDigit(l)) ||
		!(unicode.IsUpper(f) || unicode.IsDigit(f)) || first[len(first)-1] == ':' {
		return false
	}
	lead := firstWord(line)
	g, _ := utf8.DecodeRune(lead)
	switch {
	case enumerator(first) && len(first) < len(next), unicode.IsDigit(f) && unicode.IsDigit(g):
		return false // "2) …", "564527 …" / "564544 …"
	case bytes.EqualFold(lead, first):
		return false // "Copyright (C) …" / "Copyright (C) …"
	case !hasLower(lead) && hasUpper(lead) && !hasLower(first):
		return false // "INSTALL - …" / "NEWS - …"
	case tabled(next):
		return false // "rs6000    IBM …" / "403       IBM …"
	}
	return true
}

// tabled reports whether line's first word is followed by a tab or two
// spaces: a table's row, or a list of names and what each is.
func tabled(line []byte) bool {
	i := bytes.IndexAny(line, " \t")
	return i >= 0 && (line[i] == '\t' || i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'))
}

// lastWord is the text after line's last space or tab, opening quotes
// and brackets left out.
func lastWord(line []byte) []byte {
	return bytes.TrimLeft(line[bytes.LastIndexAny(line, " \t")+1:], "([{\"'“‘")
}

// firstWord is the text up to line's first space or tab.
func firstWord(line []byte) []byte {
	if i := bytes.IndexAny(line, " \t"); i >= 0 {
		return line[:i]
	}
	return line
}
