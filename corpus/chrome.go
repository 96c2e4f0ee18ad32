package corpus

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"

	"github.com/copydesk/copydesk/shingle"
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
//     outlet's documents print themselves.
//
// Both return ranges of whole lines, without their line break. Readers fill
// Doc.Boilerplate with Chrome; SiteLines needs the whole corpus, so the
// analysis that reads one (reuse.Scan) applies it.

// Range is a stretch [Start, End) of a document's text, in bytes.
type Range struct{ Start, End int }

// chromePhrases are lines of page furniture, folded (see chromeKey).
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
	key := chromeKey(line)
	return chromePhrases[key] || copyrightKey(key) || rightsNotice(line)
}

// copyrightLine reports whether a line opens as a copyright line does:
// "©", "(c) ".
func copyrightLine(line []byte) bool {
	return bytes.HasPrefix(line, []byte("©")) || bytes.HasPrefix(line, []byte("(c) ")) || bytes.HasPrefix(line, []byte("(C) "))
}

// copyrightKey reports whether a folded line (chromeKey) is a copyright
// line: "copyright 2017 …", "… all rights reserved" (ten words at most).
func copyrightKey(key string) bool {
	if rest, ok := strings.CutPrefix(key, "copyright "); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
		return true
	}
	return strings.HasSuffix(key, "all rights reserved") && len(strings.Fields(key)) <= 10
}

// maxNoticeLine is the longest line, in bytes, that rightsNotice takes.
const maxNoticeLine = 400

// rightsPhrases are the sentences of wires' rights notices, folded (see
// chromeKey), that are neither a copyright line nor "All rights
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
	found := false
	for len(line) > 0 {
		sent, rest, _ := bytes.Cut(line, []byte(". "))
		switch key := chromeKey(sent); {
		case copyrightLine(sent) || copyrightKey(key) || rightsPhrases[key]:
			found = true
		case key != "":
			return false
		}
		line = bytes.TrimLeft(rest, " ")
	}
	return found
}

// chromeKey folds a line for chromePhrases: lower case, letters and digits
// in words separated by one space, a trailing count ("Comments (12)",
// "Comments 12") dropped.
func chromeKey(line []byte) string { return string(appendChromeKey(nil, line)) }

// appendChromeKey appends chromeKey(line) to dst.
func appendChromeKey(dst, line []byte) []byte {
	n := len(dst)
	space := false
	for _, r := range string(line) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' && len(dst) > n && !space:
			if space && len(dst) > n {
				dst = append(dst, ' ')
			}
			space = false
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		default:
			space = true
		}
	}
	key := dst[n:]
	if i := bytes.LastIndexByte(key, ' '); i > 0 && len(bytes.Trim(key[i+1:], "0123456789")) == 0 {
		dst = dst[:n+i]
	}
	return dst
}

// Defaults of SiteLines.
const (
	SiteLineWords = 12 // the longest line SiteLines considers, in words
	SiteLineDocs  = 3  // the documents of one outlet a line must be in
)

// SiteLines finds each outlet's furniture: short lines that are not
// sentences and recur in SiteLineDocs or more of the outlet's documents.
// Add every document (or AddKeys its SiteKeys), then call Find for each;
// Find may be called from several goroutines at once, once the adding is
// done. The zero value is ready to use; it keeps one 8-byte hash and a
// count per distinct candidate line, not the text.
type SiteLines struct {
	seen map[siteLine]int32
}

type siteLine struct {
	outlet, line uint64
}

// Add counts the candidate lines of one document of outlet; a line
// repeated within the document counts once.
func (s *SiteLines) Add(outlet string, text []byte) {
	if outlet != "" {
		s.AddKeys(outlet, SiteKeys(nil, text))
	}
}

// SiteKeys appends the distinct keys of the candidate lines of a
// document's text, sorted, for AddKeys: the part of Add that reads the
// text, which a caller may run on many documents in parallel. Quoted
// lines (">") are left out: a line is an outlet's furniture when its
// documents print it themselves (a list's footer, a sender's signature);
// Find takes quotes of it too, but quotes alone (a message's lines in its
// thread's replies) make no line furniture.
func SiteKeys(dst []uint64, text []byte) []uint64 {
	n := len(dst)
	siteLines(text, false, nil, func(_, _ int, h uint64) { dst = append(dst, h) })
	return distinct(dst, n)
}

// OwnKeys returns the distinct keys of the lines that are not quoted,
// sorted: a document's SiteKeys, from its LineKeys.
func OwnKeys(lines []LineKey) []uint64 {
	var keys []uint64
	for _, l := range lines {
		if !l.Quoted {
			keys = append(keys, l.Key)
		}
	}
	return distinct(keys, 0)
}

// distinct sorts keys[n:] and leaves one of each.
func distinct(keys []uint64, n int) []uint64 {
	slices.Sort(keys[n:])
	return keys[:n+len(slices.Compact(keys[n:]))]
}

// A LineKey is a line of a document that could be furniture: its bounds
// (trimmed), its key (what SiteKeys lists), and whether it is quoted
// ('>').
type LineKey struct {
	Range
	Key    uint64
	Quoted bool
}

// LineKeys appends to dst the lines of text that could be furniture,
// quoted ones too, in order: what SiteKeys and FindFurniture read, for a
// caller that needs both (the keys to count, and the lines to mask once
// their keys are known) and would otherwise read the text twice.
// SiteKeys is the distinct keys of those not quoted (OwnKeys);
// FindFurniture(text, f) is those whose key f says is furniture.
func LineKeys(dst []LineKey, text []byte) []LineKey {
	siteLines(text, true, nil, func(start, end int, h uint64) {
		dst = append(dst, LineKey{Range{start, end}, h, text[start] == '>'})
	})
	return dst
}

// siteLines calls f with each line of text that could be furniture (its
// bounds, trimmed, and its siteKey) and that keep (if not nil) keeps,
// quoted lines ('>') only if quotes, but the lines of hard-wrapped
// paragraphs (shingle.Wrapping): prose that a wrap cut into lines of a
// dozen words, none ending a sentence, which recurs wherever the
// paragraph does (a story an outlet publishes again with an update), not
// a site's furniture. keep is asked first: the wrap test reads the lines
// around.
func siteLines(text []byte, quotes bool, keep func(key uint64) bool, f func(start, end int, key uint64)) {
	var wr shingle.Wrapping // measured at the first line that could be furniture
	measured := false
	before := -1 // the line break before the line, if any
	for start := 0; start < len(text); {
		brk, next := len(text), len(text) // the line's break, and the next line
		if i := bytes.IndexByte(text[start:], '\n'); i >= 0 {
			brk, next = start+i, start+i+1
			if brk > start && text[brk-1] == '\r' {
				brk--
			}
		}
		if s, e := trimSpace(text, start, brk); s < e && (quotes || text[s] != '>') {
			if h, ok := siteKey(text[s:e]); ok && (keep == nil || keep(h)) {
				if !measured {
					wr, measured = shingle.NewWrapping(text), true
				}
				// Joined to the line before, or to the next, by a wrap.
				wrapped := before >= 0 && wr.Soft(text, before) || brk < len(text) && wr.Soft(text, brk)
				if !wrapped {
					f(s, e, h)
				}
			}
		}
		before, start = brk, next
	}
}

// AddKeys counts the candidate lines of one document of outlet, given as
// its SiteKeys.
func (s *SiteLines) AddKeys(outlet string, keys []uint64) {
	if outlet == "" {
		return
	}
	if s.seen == nil {
		s.seen = map[siteLine]int32{}
	}
	o := xxhash.Sum64String(outlet)
	for _, h := range keys {
		s.seen[siteLine{o, h}]++
	}
}

// Count adds n documents of outlet to the count of the candidate line
// whose SiteKeys key is key: counts kept elsewhere (an archive's), for
// Find to add to.
func (s *SiteLines) Count(outlet string, key uint64, n int32) {
	if outlet == "" || n == 0 {
		return
	}
	if s.seen == nil {
		s.seen = map[siteLine]int32{}
	}
	s.seen[siteLine{xxhash.Sum64String(outlet), key}] += n
}

// Find returns the lines of a document of outlet that recur in
// SiteLineDocs or more of its documents (counted by Add), in order.
func (s *SiteLines) Find(outlet string, text []byte) []Range {
	if outlet == "" || len(s.seen) == 0 {
		return nil
	}
	o := xxhash.Sum64String(outlet)
	return FindFurniture(text, func(h uint64) bool { return s.seen[siteLine{o, h}] >= SiteLineDocs })
}

// FindFurniture returns the lines of text that could be furniture (those
// SiteKeys reads, and quoted ones) whose keys furniture says are, in
// order: Find, for furniture known otherwise than by a SiteLines's
// counts.
func FindFurniture(text []byte, furniture func(key uint64) bool) []Range {
	var out []Range
	siteLines(text, true, furniture, func(start, end int, _ uint64) {
		out = append(out, Range{start, end})
	})
	return out
}

// Recurs reports whether any of the keys of a document of outlet (its
// SiteKeys) is of a line Find would return: whether Find need read its
// text at all, but for a document whose only furniture is quoted.
func (s *SiteLines) Recurs(outlet string, keys []uint64) bool {
	if outlet == "" || len(s.seen) == 0 {
		return false
	}
	o := xxhash.Sum64String(outlet)
	for _, h := range keys {
		if s.seen[siteLine{o, h}] >= SiteLineDocs {
			return true
		}
	}
	return false
}

// siteKey hashes a line that could be furniture: a short line, with a
// letter, that does not end a sentence.
func siteKey(line []byte) (uint64, bool) {
	if len(line) > 200 {
		return 0, false
	}
	last, _ := utf8.DecodeLastRune(bytes.TrimRight(line, "\"'”’»)]"))
	if last == '.' || last == '?' || last == '!' || last == '…' {
		return 0, false
	}
	var buf [256]byte // a line of up to 200 bytes folds into it, most often
	key := appendChromeKey(buf[:0], line)
	if len(key) == 0 || bytes.Count(key, []byte(" "))+1 > SiteLineWords {
		return 0, false
	}
	return xxhash.Sum64(key), true
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
