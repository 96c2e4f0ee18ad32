package corpus

import (
	"bytes"
	"cmp"
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
	var buf [128]byte // a line of up to 80 bytes folds into it, most often
	key := appendChromeKey(buf[:0], line)
	return chromePhrases[string(key)] || copyrightKey(key) || rightsNotice(line)
}

// copyrightLine reports whether a line opens as a copyright line does:
// "©", "(c) ".
func copyrightLine(line []byte) bool {
	return bytes.HasPrefix(line, []byte("©")) || bytes.HasPrefix(line, []byte("(c) ")) || bytes.HasPrefix(line, []byte("(C) "))
}

// copyrightKey reports whether a folded line (appendChromeKey) is a copyright
// line: "copyright 2017 …", "… all rights reserved" (ten words at most).
func copyrightKey(key []byte) bool {
	if rest, ok := bytes.CutPrefix(key, []byte("copyright ")); ok && len(rest) > 0 && rest[0] >= '0' && rest[0] <= '9' {
		return true
	}
	return bytes.HasSuffix(key, []byte("all rights reserved")) && bytes.Count(key, []byte(" ")) < 10
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
	found := false
	var buf [maxNoticeLine + 16]byte
	for len(line) > 0 {
		sent, rest, _ := bytes.Cut(line, []byte(". "))
		switch key := appendChromeKey(buf[:0], sent); {
		case copyrightLine(sent) || copyrightKey(key) || rightsPhrases[string(key)]:
			found = true
		case len(key) > 0:
			return false
		}
		line = bytes.TrimLeft(rest, " ")
	}
	return found
}

// appendChromeKey appends to dst a line folded for chromePhrases (its
// chrome key): lower case, letters and digits in words separated by one
// space, a trailing count ("Comments (12)", "Comments 12") dropped.
func appendChromeKey(dst, line []byte) []byte {
	n := len(dst)
	space := false
	for i := 0; i < len(line); {
		c, r, size := line[i], rune(line[i]), 1
		var alnum bool
		if c < utf8.RuneSelf { // ASCII, most text: no decoding, no tables
			alnum = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			r, size = utf8.DecodeRune(line[i:])
			alnum = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		i += size
		switch {
		case alnum || r == '-' && len(dst) > n && !space:
			if space && len(dst) > n {
				dst = append(dst, ' ')
			}
			space = false
			switch {
			case c >= utf8.RuneSelf:
				dst = utf8.AppendRune(dst, unicode.ToLower(r))
			case 'A' <= c && c <= 'Z':
				dst = append(dst, c+'a'-'A')
			default:
				dst = append(dst, c)
			}
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
	SiteLineWords  = 12 // the longest short line, in words
	SiteLineDocs   = 3  // the documents of one outlet a line must be in
	SiteTailLines  = 3  // the lines of a document's tail
	SiteTailWords  = 40 // the longest tail line, in words
	SiteTailOthers = 3  // the documents that must print a tail line in other contexts, in each of its TailContexts
)

// TailContexts is how many contexts a tail line has: independent
// one-permutation MinHashes of its body.
const TailContexts = 4

// SiteLines finds each outlet's furniture: short lines that are not
// sentences and recur in SiteLineDocs or more of the outlet's documents,
// and tail lines (see tail: the last SiteTailLines lines of a document's
// own prose, of at most SiteTailWords words, a tagline such as "Sign up
// for our newsletter.") that SiteTailOthers or more of the outlet's
// documents print in another context than this one's, and no document
// of another outlet, nor of none, prints in its tail. A tail line's
// context is its body, the lines above the tail, by their least hash
// (one-permutation MinHash): a story the outlet prints again, updated,
// keeps its context with a probability of the share of its lines the
// versions keep, so its closing line stays prose; a text that several
// outlets print (a wire paragraph) is syndicated, not furniture,
// whatever its place.
//
// Add every document (or AddKeys its SiteKeys), then call Find for each;
// Find may be called from several goroutines at once, once the adding is
// done. The zero value is ready to use; it keeps one 8-byte hash and a
// count per distinct candidate line, not the text.
type SiteLines struct {
	seen map[siteLine]int32
	all  map[uint64]int32 // the documents that print each tail line, of any outlet or none
}

type siteLine struct {
	outlet, line uint64
}

// Add counts the candidate lines of one document of outlet; a line
// repeated within the document counts once. A document of no outlet
// ("") counts only its tail lines, among those of all outlets.
func (s *SiteLines) Add(outlet string, text []byte) {
	s.AddKeys(outlet, SiteKeys(nil, text))
}

// SiteKeys appends the distinct keys of the candidate lines of a
// document's text, sorted, for AddKeys: the part of Add that reads the
// text, which a caller may run on many documents in parallel. A tail
// line gives two keys, its own and its context's (LineKey). Quoted lines
// (">") are left out: a line is an outlet's furniture when its documents
// print it themselves (a list's footer, a sender's signature); Find takes
// quotes of it too, but quotes alone (a message's lines in its thread's
// replies) make no line furniture.
func SiteKeys(dst []uint64, text []byte) []uint64 {
	n := len(dst)
	siteLines(text, false, false, nil, func(l LineKey) { dst = l.appendKeys(dst) })
	return distinct(dst, n)
}

// OwnKeys returns the distinct keys of the lines that are not quoted,
// sorted: a document's SiteKeys, from its LineKeys.
func OwnKeys(lines []LineKey) []uint64 {
	var keys []uint64
	for _, l := range lines {
		if !l.Quoted {
			keys = l.appendKeys(keys)
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
// (trimmed), its key, and whether it is quoted ('>'). A tail line (see
// SiteLines) has Contexts too, the keys of the line in its body's
// contexts (never 0); the others have none (0).
type LineKey struct {
	Range
	Key      uint64
	Contexts [TailContexts]uint64
	Quoted   bool
}

// Tail reports whether l is a tail line.
func (l LineKey) Tail() bool { return l.Contexts[0] != 0 }

// appendKeys appends the keys that count l: its key, and its contexts'.
func (l LineKey) appendKeys(dst []uint64) []uint64 {
	dst = append(dst, l.Key)
	if l.Tail() {
		dst = append(dst, l.Contexts[:]...)
	}
	return dst
}

// LineKeys appends to dst the lines of text that could be furniture,
// quoted ones too, in order: what SiteKeys and FindFurniture read, for a
// caller that needs both (the keys to count, and the lines to mask once
// their keys are known) and would otherwise read the text twice.
// SiteKeys is the distinct keys of those not quoted (OwnKeys);
// FindFurniture(text, f) is those that f says are furniture.
func LineKeys(dst []LineKey, text []byte) []LineKey {
	siteLines(text, true, false, nil, func(l LineKey) { dst = append(dst, l) })
	return dst
}

// TailLines appends to dst the tail lines of text (those of LineKeys with
// Contexts), reading no more of it than they need: what a document of no
// outlet counts (AddTails).
func TailLines(dst []LineKey, text []byte) []LineKey {
	siteLines(text, false, true, nil, func(l LineKey) { dst = append(dst, l) })
	return dst
}

// A Tail is a tail line of a document of an outlet ("" for none): its
// key and its contexts' (LineKey).
type Tail struct {
	Outlet   string
	Key      uint64
	Contexts [TailContexts]uint64
}

// AddTails counts the tail lines of documents, each document's once, as
// AddKeys would, but for the counts that cannot make a tail line
// furniture, which it does not keep: those of a line that documents of
// more than one outlet print, or too few of one. A corpus's tail lines
// are mostly its stories' last paragraphs, each in one document: counted
// as they come, in a map, they would take more memory than the rest of
// the counts. It sorts tails.
func (s *SiteLines) AddTails(tails []Tail) {
	slices.SortFunc(tails, func(a, b Tail) int {
		return cmp.Or(cmp.Compare(a.Key, b.Key), strings.Compare(a.Outlet, b.Outlet))
	})
	var cs []uint64
	for len(tails) > 0 {
		n := 1
		for n < len(tails) && tails[n].Key == tails[0].Key {
			n++
		}
		line := tails[:n]
		tails = tails[n:]
		o := line[0].Outlet
		if n <= SiteTailOthers || o == "" || line[n-1].Outlet != o {
			continue // sorted by outlet: the first and last are the only one's
		}
		s.Count(o, line[0].Key, int32(n))
		s.CountAll(line[0].Key, int32(n))
		for j := range TailContexts {
			cs = cs[:0]
			for _, t := range line {
				cs = append(cs, t.Contexts[j])
			}
			slices.Sort(cs)
			for rest := cs; len(rest) > 0; {
				c := 1
				for c < len(rest) && rest[c] == rest[0] {
					c++
				}
				s.Count(o, rest[0], int32(c))
				rest = rest[c:]
			}
		}
	}
}

// siteLines calls f with each line of text that could be furniture (its
// bounds, trimmed, and its keys) and that keep (if not nil) keeps,
// quoted lines ('>') only if quotes (tail lines only if tailsOnly), but
// the short lines of hard-wrapped paragraphs (shingle.Wrapping): prose
// that a wrap cut into lines of a dozen words, none ending a sentence,
// which recurs wherever the paragraph does (a story an outlet publishes
// again with an update), not a site's furniture. A tail line needs no
// such test: its context tells an update's prose from furniture (the
// lines of a disclaimer wrapped at the end of a list's messages are
// its furniture). keep is asked first: the wrap test reads the lines
// around.
func siteLines(text []byte, quotes, tailsOnly bool, keep func(l LineKey) bool, f func(l LineKey)) {
	var wr shingle.Wrapping // measured at the first line that could be furniture
	measured := false
	var tl tailLines  // the tail, once needed
	tailRead := false // whether tl is read
	before := -1      // the line break before the line, if any
	start := 0
	if tailsOnly {
		if tl, tailRead = tail(text), true; tl.body[0] == 0 {
			return
		}
		start = tl.Start
		if i := bytes.LastIndexByte(text[:start], '\n'); i >= 0 {
			before = i
			if i > 0 && text[i-1] == '\r' {
				before = i - 1
			}
		}
	}
	for start < len(text) {
		brk, next := lineBreak(text, start)
		s, e := trimSpace(text, start, brk)
		if s < e && (quotes || text[s] != '>') {
			l := LineKey{Range: Range{s, e}, Quoted: text[s] == '>'}
			var ok bool
			if !tailsOnly {
				l.Key, ok = siteKey(text[s:e])
			}
			if !ok && !l.Quoted && !(tailsOnly && shortLine(text[s:e])) {
				if !tailRead {
					tl, tailRead = tail(text), true
				}
				if tl.body[0] != 0 && s >= tl.Start && e <= tl.End {
					if l.Key, ok = tailKey(text[s:e]); ok {
						for j, b := range tl.body {
							l.Contexts[j] = contextKey(l.Key, j, b)
						}
					}
				}
			}
			switch {
			case !ok || keep != nil && !keep(l):
			case l.Tail(): // a tail line: its contexts tell prose from furniture
				f(l)
			default:
				if !measured {
					wr, measured = shingle.NewWrapping(text), true
				}
				// Joined to the line before, or to the next, by a wrap.
				wrapped := before >= 0 && wr.Soft(text, before) || brk < len(text) && wr.Soft(text, brk)
				if !wrapped {
					f(l)
				}
			}
		}
		before, start = brk, next
	}
}

// lineBreak returns the end of the line at start (before its "\n" or
// "\r\n") and the start of the next.
func lineBreak(text []byte, start int) (brk, next int) {
	brk, next = len(text), len(text)
	if i := bytes.IndexByte(text[start:], '\n'); i >= 0 {
		brk, next = start+i, start+i+1
		if brk > start && text[brk-1] == '\r' {
			brk--
		}
	}
	return brk, next
}

// AddKeys counts the candidate lines of one document of outlet, given as
// its SiteKeys.
func (s *SiteLines) AddKeys(outlet string, keys []uint64) {
	if s.seen == nil {
		s.seen, s.all = map[siteLine]int32{}, map[uint64]int32{}
	}
	o := xxhash.Sum64String(outlet)
	for _, h := range keys {
		if outlet != "" {
			s.seen[siteLine{o, h}]++
		}
		if IsTailKey(h) {
			s.all[h]++
		}
	}
}

// Count adds n documents of outlet to the count of the candidate line
// whose SiteKeys key is key: counts kept elsewhere (an archive's), for
// Find to add to. The count of a tail line over all outlets is CountAll's.
func (s *SiteLines) Count(outlet string, key uint64, n int32) {
	if outlet == "" || n == 0 {
		return
	}
	if s.seen == nil {
		s.seen, s.all = map[siteLine]int32{}, map[uint64]int32{}
	}
	s.seen[siteLine{xxhash.Sum64String(outlet), key}] += n
}

// CountAll adds n documents, of any outlet or none, to the count of the
// tail line whose key is key (IsTailKey): counts kept elsewhere.
func (s *SiteLines) CountAll(key uint64, n int32) {
	if n == 0 {
		return
	}
	if s.seen == nil {
		s.seen, s.all = map[siteLine]int32{}, map[uint64]int32{}
	}
	s.all[key] += n
}

// Find returns the lines of a document of outlet that are its furniture
// by the counts of Add: a short line in SiteLineDocs or more of the
// outlet's documents, a tail line in SiteTailOthers or more in another
// context than this document's (see SiteLines), in order.
func (s *SiteLines) Find(outlet string, text []byte) []Range {
	if outlet == "" || len(s.seen) == 0 {
		return nil
	}
	o := xxhash.Sum64String(outlet)
	return FindFurniture(text, func(l LineKey) bool { return s.furniture(o, l) })
}

// FindShort is Find but for tail lines: the furniture that more
// documents can only confirm (a tail line that a document of another
// outlet prints is not furniture any more), for what is kept as the
// documents come (an archive's fingerprints).
func (s *SiteLines) FindShort(outlet string, text []byte) []Range {
	if outlet == "" || len(s.seen) == 0 {
		return nil
	}
	o := xxhash.Sum64String(outlet)
	return FindFurniture(text, func(l LineKey) bool { return !l.Tail() && s.furniture(o, l) })
}

// furniture reports whether line l of a document of the outlet whose
// hash is o is furniture. A tail line's documents that print it in
// another context than l's (SiteTailOthers of them are needed) are those
// of the outlet that print it less those that print it in l's; those of
// all outlets must be the outlet's. The first count only grows as
// documents are added; the second can fall (a document of another outlet
// that prints the line), so that a tail line is known to be furniture
// only once every document is counted.
func (s *SiteLines) furniture(o uint64, l LineKey) bool {
	n := s.seen[siteLine{o, l.Key}]
	if !l.Tail() {
		return n >= SiteLineDocs
	}
	if n <= SiteTailOthers || s.all[l.Key] != n { // AddTails keeps no smaller counts
		return false
	}
	// The documents that share a context with l's, l's own included, are
	// at most the sum of its contexts' counts less TailContexts-1 (l's is
	// in each): the others differ in every context, and must be
	// SiteTailOthers at least, and half the documents.
	shared := int32(1 - TailContexts)
	for _, c := range l.Contexts {
		shared += s.seen[siteLine{o, c}]
	}
	return n-shared >= SiteTailOthers && 2*(n-shared) >= n
}

// The kinds of keys, in their top two bits: a short line's (siteKey),
// a tail line's (tailKey) and a tail line's context's (contextKey).
const (
	kindBits    = 3 << 62
	tailKind    = 2 << 62
	contextKind = 3 << 62
)

// IsTailKey reports whether a key of SiteKeys is a tail line's.
func IsTailKey(k uint64) bool { return k&kindBits == tailKind }

// IsContextKey reports whether a key of SiteKeys is a tail line's
// context's.
func IsContextKey(k uint64) bool { return k&kindBits == contextKind }

// FindFurniture returns the lines of text that could be furniture (those
// LineKeys lists, quoted ones included) that furniture says are, in
// order: Find, for furniture known otherwise than by a SiteLines's
// counts.
func FindFurniture(text []byte, furniture func(l LineKey) bool) []Range {
	var out []Range
	siteLines(text, true, false, furniture, func(l LineKey) {
		out = append(out, l.Range)
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
	if endsSentence(line) {
		return 0, false
	}
	var buf [256]byte // a line of up to 200 bytes folds into it, most often
	key := appendChromeKey(buf[:0], line)
	if len(key) == 0 || bytes.Count(key, []byte(" "))+1 > SiteLineWords {
		return 0, false
	}
	return xxhash.Sum64(key) &^ (1 << 63), true
}

// endsSentence reports whether a line ends as a sentence does.
func endsSentence(line []byte) bool {
	last, _ := utf8.DecodeLastRune(bytes.TrimRight(line, "\"'”’»)]"))
	return last == '.' || last == '?' || last == '!' || last == '…'
}

// shortLine reports whether siteKey takes a line, testing first what it
// can without folding the line.
func shortLine(line []byte) bool {
	if len(line) > 200 || endsSentence(line) {
		return false
	}
	_, ok := siteKey(line)
	return ok
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

// tailKey hashes a tail line that siteKey does not take: at most
// SiteTailWords words, with a letter, not a copyright line or a rights
// notice. Its key is of
// another kind than siteKey's (IsTailKey), though the two fold a line
// alike.
func tailKey(line []byte) (uint64, bool) {
	// Folding splits words at punctuation ("U.S."), rarely joins two: a
	// line of half as many words again, unfolded, is too long.
	if len(line) > 400 || bytes.Count(line, []byte(" ")) >= SiteTailWords*3/2 || mayBeChrome(line) && isChrome(line) {
		return 0, false
	}
	var buf [512]byte
	key := appendChromeKey(buf[:0], line)
	if len(key) == 0 || bytes.Count(key, []byte(" "))+1 > SiteTailWords {
		return 0, false
	}
	return xxhash.Sum64(key)&^kindBits | tailKind, true
}

// contextKey is the j-th context of a tail line of key key below a body
// whose least j-th line hash is body (IsContextKey).
func contextKey(key uint64, j int, body uint64) uint64 {
	var b [17]byte
	for i := range 8 {
		b[i], b[8+i] = byte(key>>(8*i)), byte(body>>(8*i))
	}
	b[16] = byte(j)
	return xxhash.Sum64(b[:])&^kindBits | contextKind
}

// lineHash is the j-th hash of a line of a body whose hash is h
// (splitmix64's finalizer on h and j): TailContexts independent
// permutations from one hash of the line.
func lineHash(h uint64, j int) uint64 {
	x := h + uint64(j+1)*0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return max(x^x>>31, 1)
}

// bodyPrefix is the bytes of a line of a body that its hash reads: enough
// to tell a story's paragraphs apart.
const bodyPrefix = 48

// tailLines is the tail of a text: the bounds of its lines, and the
// least hashes of a line of its body (lineHash), the lines of its own
// text before the tail (0 if none; never 0 otherwise).
type tailLines struct {
	Range
	body [TailContexts]uint64
}

// tail returns the tail of text: from the start of the SiteTailLines-th
// last line of its own text (the second, if it has fewer) to the end of
// the last, not counting blank, quoted ('>'), chrome and short lines
// (those siteKey takes), nor any line from a signature's delimiter
// ("-- ") on; {-1, -1} if it has fewer than two. Its body is the lines
// before that count.
func tail(text []byte) tailLines {
	var last [SiteTailLines]Range // the lines counted, in a ring
	var hashes [SiteTailLines]uint64
	n := 0
	var body [TailContexts]uint64 // the least hashes of the lines counted that left the ring
	least := func(h uint64) {
		for j := range body {
			if x := lineHash(h, j); body[j] == 0 || x < body[j] {
				body[j] = x
			}
		}
	}
	for start := 0; start < len(text); {
		brk, next := lineBreak(text, start)
		if s, e := trimSpace(text, start, brk); s < e {
			line := text[s:e]
			if string(line) == "--" && (s == 0 || text[s-1] == '\n') {
				break
			}
			if line[0] != '>' && !shortLine(line) && !(mayBeChrome(line) && isChrome(line)) {
				if n >= SiteTailLines {
					least(hashes[n%SiteTailLines])
				}
				last[n%SiteTailLines], hashes[n%SiteTailLines] = Range{s, e}, xxhash.Sum64(line[:min(len(line), bodyPrefix)])
				n++
			}
		}
		start = next
	}
	switch {
	case n < 2:
		return tailLines{Range: Range{-1, -1}}
	case n <= SiteTailLines: // the first line is the body
		least(hashes[0])
		return tailLines{Range{last[1].Start, last[n-1].End}, body}
	}
	return tailLines{Range{last[n%SiteTailLines].Start, last[(n-1)%SiteTailLines].End}, body}
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
