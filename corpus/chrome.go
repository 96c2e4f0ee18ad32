package corpus

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Plain-text page chrome.
//
// Text copied or scraped from a web page carries the page's furniture as
// lines of their own: "Accessibility links", "Breaking News", "Share on
// Facebook", "Advertisement", "© 2017 RFE/RL, Inc.". They are not the
// article: they must not count as shared with another page of the same
// site, nor as the article's original text. Two rules find them, both on
// whole lines only, so that a sentence that merely contains such words is
// never touched:
//
//   - Chrome: a line that is, as a whole, one of a list of furniture
//     phrases (chromePhrases, compared case-insensitively, ignoring
//     punctuation and a count such as "Comments (12)"), or a copyright
//     line ("©", "Copyright 2017", "All rights reserved"), or a wire's
//     rights notice, a line of such sentences and AP's "This material
//     may not be published, broadcast, rewritten or redistributed."
//     (rightsNotice), which follows every story it moves.
//   - Chrome also takes an e-mail signature block (signatures): a line
//     "-- " (or "--") and the lines below it, to the end of the text or
//     to a quote that follows ("On …, Ann wrote:", "> …"), if they are
//     at most sigMaxLines lines: a sender's signature, and what a list
//     appends below it (Google Groups' "You received this message
//     because you are subscribed to …", whose sentences SiteLines does
//     not take). A longer block is text that a "--" line divides.
//   - SiteLines: a short line that is not a sentence (at most
//     SiteLineWords words, no closing full stop, question or exclamation
//     mark) found in SiteLineDocs or more documents of one outlet. Site
//     furniture repeats across one site's pages; syndicated text repeats
//     across sites, so a wire headline that many outlets print is not
//     furniture. The rule needs the outlet, so it does not apply to
//     documents whose outlet is unknown. Nor does it take the lines of a
//     hard-wrapped paragraph (shingle.Wrapping): a wrap cuts prose into
//     short lines that end no sentence, and they recur wherever the
//     paragraph does; nor does it count quoted lines (">"), which recur
//     in a thread's replies: it takes the quotes of a line that the
//     outlet's documents print themselves. SiteLines also takes an
//     outlet's tagline, a line of up to SiteTailWords words at the end
//     of its stories that no other outlet prints there ("Sign up for
//     our free morning newsletter."): see SiteLines.
//
// Both return ranges of whole lines, without their line break. Readers fill
// Doc.Boilerplate with Chrome; SiteLines needs the whole corpus, so the
// analysis that reads one (reuse.Scan) applies it.

// Range is a stretch [Start, End) of a document's text, in bytes.
type Range struct{ Start, End int }

// chromePhrases are lines of page furniture, folded (appendChromeKey).
var chromePhrases = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range []string{
		"accessibility links", "skip to main content", "skip to content", "skip to navigation",
		"skip navigation", "jump to navigation", "toggle navigation", "main menu", "menu", "navigation",
		"breaking news", "live", "advertisement", "advertising", "sponsored", "sponsored content",
		"share", "share this", "share this article", "share this story", "share this page",
		"share on facebook", "share on twitter", "share on whatsapp", "share via email", "share via e-mail",
		"tweet", "email", "e-mail", "print", "print this article", "print this page", "copy link",
		"link copied", "facebook", "twitter", "whatsapp", "linkedin", "reddit", "telegram", "pinterest",
		"comments", "comment", "show comments", "hide comments", "leave a comment", "view comments",
		"related", "related stories", "related articles", "related content", "related topics",
		"read more", "read next", "more", "more on this story", "more from", "see also", "see more",
		"you may also like", "you might also like", "recommended", "recommended stories",
		"top stories", "most popular", "most read", "most viewed", "trending", "trending now",
		"subscribe", "subscribe now", "sign in", "log in", "login", "sign up", "register",
		"sign up for our newsletter", "newsletter", "follow us", "follow us on twitter",
		"search", "close", "home", "back to top", "next", "previous", "next article",
		"previous article", "listen", "listen to this article", "watch", "loading",
		"cookie policy", "privacy policy", "terms of use", "terms of service", "contact us", "about us",
		"all rights reserved", "copyright",
	} {
		m[s] = true
	}
	return m
}()

// Chrome returns the lines of text that are page furniture or an e-mail
// signature block (see above), in order.
func Chrome(text []byte) []Range {
	var out []Range
	eachLine(text, func(start, end int) {
		if isChrome(text[start:end]) {
			out = append(out, Range{start, end})
		}
	})
	return Merge(out, signatures(text))
}

// ChromeOf is Chrome of a document whose title is title, but for a line
// that is the title, or one of the parts a title's separator (" - ",
// " | ", " – ", " — ", " · ", " :: ") divides it into, as a whole: the
// heading of a page about comments ("Comments - The Rust Programming
// Language") is its headline, not a comments link. A title of one part
// spares only a line that is all of it: "Share" is still chrome on a
// page titled "Share prices fall".
func ChromeOf(text []byte, title string) []Range {
	out := Chrome(text)
	if title == "" || len(out) == 0 {
		return out
	}
	var parts []string
	for _, part := range titleParts(title) {
		parts = append(parts, string(appendChromeKey(nil, []byte(part))))
	}
	var key []byte
	return slices.DeleteFunc(out, func(r Range) bool {
		key = appendChromeKey(key[:0], text[r.Start:r.End])
		return len(key) > 0 && slices.Contains(parts, string(key))
	})
}

// titleParts returns a title and the parts its separators divide it
// into.
func titleParts(title string) []string {
	parts := []string{title}
	for _, sep := range []string{" - ", " | ", " – ", " — ", " · ", " :: "} {
		for _, p := range parts {
			if strings.Contains(p, sep) {
				parts = append(parts, strings.Split(p, sep)...)
			}
		}
	}
	return parts
}

// sigMaxLines is the most non-blank lines a signature block has below its
// delimiter: a longer block is text that a "--" line divides, not a
// signature and a list's footer.
const sigMaxLines = 10

// signatures returns the lines of text's e-mail signature blocks, in
// order: a delimiter line ("-- ", or "--": nothing else on it, not
// indented) and the lines below it, to the end of the text or to the
// first line of a quote (quoteStart), if they are at most sigMaxLines
// non-blank lines.
func signatures(text []byte) []Range {
	if !bytes.HasPrefix(text, []byte("--")) && !bytes.Contains(text, []byte("\n--")) {
		return nil // no delimiter line: most texts, found without reading them line by line
	}
	return signatureBlocks(text)
}

// signatureBlocks is signatures, line by line.
func signatureBlocks(text []byte) []Range {
	var out, block []Range
	in := false // inside a block, whose lines so far are block
	end := func() {
		if in && len(block) <= sigMaxLines+1 {
			out = append(out, block...)
		}
		in = false
	}
	eachLine(text, func(s, e int) {
		switch line := text[s:e]; {
		case string(line) == "--" && (s == 0 || text[s-1] == '\n'):
			end()
			in, block = true, append(block[:0], Range{s, e})
		case !in:
		case quoteStart(line):
			end()
		default:
			block = append(block, Range{s, e})
		}
	})
	end()
	return out
}

// quoteStart reports whether a line (trimmed) starts a quote below a
// signature: a quoted line, the line that introduces one ("On …, Ann
// wrote:"), or the header of a message quoted whole ("-----Original
// Message-----", "From: …").
func quoteStart(line []byte) bool {
	if line[0] == '>' || bytes.HasPrefix(line, []byte("-----Original Message-----")) || bytes.HasPrefix(line, []byte("From: ")) {
		return true
	}
	for _, intro := range []string{"wrote:", "writes:", "schrieb:", "écrit :", "écrit:", "escribió:"} {
		if bytes.HasSuffix(line, []byte(intro)) {
			return true
		}
	}
	return false
}

// onlyChrome reports whether chrome covers every non-blank line of text.
func onlyChrome(text []byte, chrome []Range) bool {
	if len(chrome) == 0 {
		return false
	}
	n := 0
	eachLine(text, func(start, end int) { n++ })
	return n == len(chrome)
}

// eachLine calls f with every non-blank line's bounds, white space trimmed.
func eachLine(text []byte, f func(start, end int)) {
	for start := 0; start < len(text); {
		end := bytes.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if s, e := trimSpace(text, start, end); s < e {
			f(s, e)
		}
		start = end + 1
	}
}

// trimSpace returns the bounds of text[start:end] without the space
// around it.
func trimSpace(text []byte, start, end int) (s, e int) {
	s, e = start, end
	for s < e {
		r, n := utf8.DecodeRune(text[s:])
		if !unicode.IsSpace(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRune(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= n
	}
	return s, e
}

func isChrome(line []byte) bool {
	if len(line) > 80 {
		return rightsNotice(line)
	}
	if copyrightLine(line) {
		return true
	}
	var buf [128]byte // a line of up to 80 bytes folds into it, most often
	key := appendChromeKey(buf[:0], line)
	return chromePhrases[string(key)] || copyrightKey(key) || rightsNotice(line)
}

// copyrightLine reports whether a line opens as a copyright line does:
// "©", or "(c) " and a year, "Copyright", or a name of at most
// copyrightNameWords words ("(c) Getty Images"). A longer line is a
// list's third item ("(c) You must retain, in the Source form of any
// Derivative Works", in the Apache License).
func copyrightLine(line []byte) bool {
	if bytes.HasPrefix(line, []byte("©")) {
		return true
	}
	rest, ok := bytes.CutPrefix(line, []byte("(c) "))
	if !ok {
		if rest, ok = bytes.CutPrefix(line, []byte("(C) ")); !ok {
			return false
		}
	}
	rest = bytes.TrimLeft(rest, " \t")
	if len(rest) > 0 && '0' <= rest[0] && rest[0] <= '9' || len(rest) >= 9 && bytes.EqualFold(rest[:9], []byte("copyright")) {
		return true
	}
	words := 0
	for range bytes.FieldsSeq(rest) {
		if words++; words > copyrightNameWords {
			return false
		}
	}
	return true
}

// copyrightNameWords is the most words a line "(c) " names a holder in
// without a year.
const copyrightNameWords = 5

// copyrightKey reports whether a folded line (appendChromeKey) is a copyright
// line: "copyright 2017 …", "… all rights reserved" (ten words at most).
func copyrightKey(key []byte) bool {
	return copyrightYear(key) || bytes.HasSuffix(key, []byte("all rights reserved")) && bytes.Count(key, []byte(" ")) < 10
}

// copyrightYear reports whether a folded line starts "copyright" and a
// number: "copyright 2017 …".
func copyrightYear(key []byte) bool {
	rest, ok := bytes.CutPrefix(key, []byte("copyright "))
	return ok && len(rest) > 0 && rest[0] >= '0' && rest[0] <= '9'
}

// maxNoticeLine is the longest line, in bytes, that rightsNotice takes.
const maxNoticeLine = 400

// rightsPhrases are the sentences of wires' rights notices, folded (see
// appendChromeKey), that are neither a copyright line nor "All rights
// reserved": AP's, which follows them in every story it moves and
// which reprints carry.
var rightsPhrases = map[string]bool{
	"this material may not be published broadcast rewritten or redistributed":                             true,
	"this material may not be published broadcast rewritten or redistributed in whole or in part":         true,
	"this material may not be published broadcast rewritten or redistributed without permission":          true,
	"this article may not be published broadcast rewritten or redistributed":                              true,
	"this material may not be published broadcast rewritten or redistributed in any form or by any means": true,
}

// rightsNotice reports whether a line of at most maxNoticeLine bytes is a
// rights notice and nothing else: each of its sentences (cut at ". ") a
// copyright line or one of rightsPhrases. "Copyright 2017 The Associated
// Press. All rights reserved. This material may not be published,
// broadcast, rewritten or redistributed." is one; the same with a
// sentence of the story after it is not.
func rightsNotice(line []byte) bool {
	if len(line) > maxNoticeLine {
		return false
	}
	if plainOpening(line) && !hasReserved(line) {
		// Its first sentence is not one: it opens with a word that is
		// neither "this" nor "copyright", and holds no "reserved" (the
		// line holds none). Most lines of prose end here.
		return false
	}
	found := false
	var buf [maxNoticeLine + 16]byte
	for len(line) > 0 {
		sent, rest, _ := bytes.Cut(line, []byte(". "))
		switch notice, empty := noticeSentence(buf[:0], sent); {
		case notice:
			found = true
		case !empty:
			return false
		}
		line = bytes.TrimLeft(rest, " ")
	}
	return found
}

// plainOpening reports whether line opens with a word of ASCII letters and
// digits, ended by an ASCII byte that folds to none and is not '-' (so
// that the word is its chrome key's first, whole), and the word is neither
// "this" nor "copyright" in any case: the openings of a sentence that is
// a rights notice only if it holds "reserved" (noticeSentence).
func plainOpening(line []byte) bool {
	k := 0
	for k < len(line) && line[k] < utf8.RuneSelf && foldASCII[line[k]] != 0 {
		k++
	}
	if k == 0 || k == len(line) || line[k] >= utf8.RuneSelf || line[k] == '-' {
		return false
	}
	w := line[:k]
	return !bytes.EqualFold(w, []byte("this")) && !bytes.EqualFold(w, []byte("copyright"))
}

// reservedWords and phraseWords are the words of a sentence's chrome key
// past which it is no rights notice but by its start ("copyright
// 2017"): a key ending "all rights reserved" has at most ten words
// (copyrightKey), one of rightsPhrases, which start "this", at most as
// many as the longest; a count after them is dropped (appendChromeKey),
// a word more.
const reservedWords = 10 + 1

var phraseWords = func() int {
	most := 0
	for p := range rightsPhrases {
		most = max(most, strings.Count(p, " ")+1)
	}
	return most + 1
}()

// noticeSentence reports whether a sentence of a line is a copyright line
// or one of rightsPhrases, and whether its chrome key is empty, folding
// no more of it than the answer needs: the sentences of most lines are a
// story's, known not to be a notice by their first word and the want of
// "reserved".
func noticeSentence(buf, sent []byte) (notice, empty bool) {
	if copyrightLine(sent) {
		return true, false
	}
	key, whole := appendChromeKeyWords(buf, sent, 1)
	if whole {
		return copyrightKey(key) || rightsPhrases[string(key)], len(key) == 0
	}
	words := reservedWords
	switch string(key) {
	case "this":
		words = phraseWords
	case "copyright":
	default: // only "… all rights reserved" may be one
		if !hasReserved(sent) {
			return false, false
		}
	}
	key, whole = appendChromeKeyWords(buf, sent, words)
	if !whole {
		return copyrightYear(key), false
	}
	return copyrightKey(key) || rightsPhrases[string(key)], len(key) == 0
}

// hasReserved reports whether s holds "reserved" in any case: the bytes
// a chrome key's "reserved" is folded from, which only ASCII letters
// fold to. It looks for the word's "v", a rare letter, a byte search
// in each case, and at the bytes around it.
func hasReserved(s []byte) bool {
	const word = "reserved"
	for _, v := range [2]byte{'v', 'V'} {
		for i := 0; ; {
			k := bytes.IndexByte(s[i:], v)
			if k < 0 {
				break
			}
			i += k + 1
			at := i - 1 - strings.IndexByte(word, 'v')
			if at < 0 || at+len(word) > len(s) {
				continue
			}
			j := 0
			for j < len(word) && s[at+j]|0x20 == word[j] {
				j++
			}
			if j == len(word) {
				return true
			}
		}
	}
	return false
}

// appendChromeKey appends to dst a line folded for chromePhrases (its
// chrome key): lower case, letters and digits in words separated by one
// space, a trailing count ("Comments (12)", "Comments 12") dropped.
func appendChromeKey(dst, line []byte) []byte {
	dst, _ = appendChromeKeyWords(dst, line, -1)
	return dst
}

// foldASCII is an ASCII byte folded for a chrome key: a letter in lower
// case, a digit, or 0 for a byte between words.
var foldASCII = func() (t [utf8.RuneSelf]byte) {
	for c := byte('0'); c <= '9'; c++ {
		t[c] = c
	}
	for c := byte('a'); c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = c, c
	}
	return t
}()

// appendChromeKeyWords is appendChromeKey of at most the first words
// words of line (all of them if words is negative): whole is false if
// line has more, and then the key holds those first words, no count
// dropped.
func appendChromeKeyWords(dst, line []byte, words int) (key []byte, whole bool) {
	n := len(dst)
	space := false
	begun := 0 // words begun
	for i := 0; i < len(line); {
		// The character folded: an ASCII byte by the table (most text: no
		// decoding, no tables but one), else a rune in lower case.
		c, r, size := line[i], rune(0), 1
		if c < utf8.RuneSelf {
			if c = foldASCII[c]; c == 0 {
				if line[i] == '-' && len(dst) > n && !space {
					dst = append(dst, '-')
				} else {
					space = true
				}
				i++
				continue
			}
		} else if r, size = utf8.DecodeRune(line[i:]); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			space = true
			i += size
			continue
		}
		i += size
		if len(dst) == n || space { // a word begins
			if begun == words {
				return dst, false
			}
			begun++
			if len(dst) > n {
				dst = append(dst, ' ')
			}
		}
		space = false
		if r == 0 {
			dst = append(dst, c)
		} else {
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
	}
	key = dst[n:]
	if i := bytes.LastIndexByte(key, ' '); i > 0 && len(bytes.Trim(key[i+1:], "0123456789")) == 0 {
		dst = dst[:n+i]
	}
	return dst, true
}

// endsSentence reports whether a line ends as a sentence does.
func endsSentence(line []byte) bool {
	last, _ := utf8.DecodeLastRune(bytes.TrimRight(line, "\"'”’»)]"))
	return last == '.' || last == '?' || last == '!' || last == '…'
}

// mayBeChrome reports whether a line of more than a dozen words, or one
// that ends a sentence, may be chrome (isChrome): a copyright line or a
// rights notice, which open with "©", "(c)", "Copyright", "All rights",
// "This material" or "This article"; it saves folding every line of
// prose.
func mayBeChrome(line []byte) bool {
	if copyrightLine(line) {
		return true
	}
	if len(line) == 0 || (line[0]|0x20 != 'c' && line[0]|0x20 != 'a' && line[0]|0x20 != 't') {
		return false
	}
	for _, p := range [...]string{"copyright", "all rights", "this material", "this article"} {
		if len(line) >= len(p) && bytes.EqualFold(line[:len(p)], []byte(p)) {
			return true
		}
	}
	return false
}

// Merge returns the union of two sorted lists of ranges, sorted.
func Merge(a, b []Range) []Range {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := make([]Range, 0, len(a)+len(b))
	for len(a) > 0 || len(b) > 0 {
		var r Range
		if len(b) == 0 || len(a) > 0 && a[0].Start <= b[0].Start {
			r, a = a[0], a[1:]
		} else {
			r, b = b[0], b[1:]
		}
		if n := len(out); n > 0 && r.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, r.End)
			continue
		}
		out = append(out, r)
	}
	return out
}

// Mask returns a copy of text with the bytes of ranges (sorted, in
// bounds) replaced by spaces, so that offsets into it are offsets into
// text: what analysis reads when it must not see the boilerplate. It
// returns text itself when ranges is empty.
func Mask(text []byte, ranges []Range) []byte {
	if len(ranges) == 0 {
		return text
	}
	out := bytes.Clone(text)
	for _, r := range ranges {
		for i := r.Start; i < r.End; i++ {
			if out[i] != '\n' {
				out[i] = ' '
			}
		}
	}
	return out
}
