package corpus

import (
	"bytes"
	"slices"

	"github.com/cespare/xxhash/v2"

	"github.com/copydesk/copydesk/shingle"
)

// Defaults of SiteLines.
const (
	SiteLineWords  = 12 // the longest short line, in words
	SiteLineDocs   = 3  // the documents of one outlet a line must be in
	SiteTailLines  = 3  // the lines of a document's tail
	SiteTailWords  = 40 // the longest tail line, in words
	SiteTailOthers = 3  // the documents that must print a tail line below other bodies (tails.go)
)

// SiteLines finds each outlet's furniture: short lines that are not
// sentences and recur in SiteLineDocs or more of the outlet's documents
// (a footer, a signature, a site's menu), and tail lines, an outlet's
// taglines ("Sign up for our newsletter."; see tails.go): lines of prose
// at the end of the outlet's stories, below bodies unlike each other,
// that no document of another outlet, nor of none, prints at its end. A
// text that several outlets print (a wire headline, a wire paragraph) is
// syndicated, not furniture, whatever its place.
//
// Add every document (or AddKeys its SiteKeys; or AddKeys its short
// lines' keys and AddTails its tail lines), then call Find for each;
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

// ShortKeys returns the distinct keys of the short lines of lines (a
// document's LineKeys) that are not quoted, sorted: the keys of its
// SiteKeys that AddKeys counts as documents come, its tail lines being
// counted apart (AddTails).
func ShortKeys(lines []LineKey) []uint64 {
	var keys []uint64
	for _, l := range lines {
		if !l.Quoted && !l.Tail() {
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
// SiteKeys is the distinct keys of those not quoted (ShortKeys, for the
// short lines);
// FindFurniture(text, f) is those that f says are furniture.
func LineKeys(dst []LineKey, text []byte) []LineKey {
	siteLines(text, true, false, nil, func(l LineKey) { dst = append(dst, l) })
	return dst
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
			if !l.Quoted && !tailRead {
				tl, tailRead = tail(text), true
			}
			inTail := !l.Quoted && tl.body[0] != 0 && s >= tl.Start && e <= tl.End
			var ok, tailLine bool
			if r, w := tl.wrapped(s); inTail && w {
				// A line of a hard-wrapped paragraph of the tail, short
				// or not: a tail line if the paragraph is.
				tailLine = r.words <= SiteTailWords
			} else {
				if !tailsOnly {
					l.Key, ok = siteKey(text[s:e])
				}
				tailLine = inTail && !ok && !(tailsOnly && shortLine(text[s:e]))
			}
			if tailLine {
				if l.Key, ok = tailKey(text[s:e]); ok {
					for j, b := range tl.body {
						l.Contexts[j] = contextKey(l.Key, j, b)
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

// FindSplit is Find, in one reading of the text, in two lists: the short
// lines, furniture that more documents can only confirm, for what is
// kept as the documents come (an archive's fingerprints); and the tail
// lines, which a document of another outlet read later can make
// syndicated.
func (s *SiteLines) FindSplit(outlet string, text []byte) (short, tails []Range) {
	if outlet == "" || len(s.seen) == 0 {
		return nil, nil
	}
	o := xxhash.Sum64String(outlet)
	siteLines(text, true, false, func(l LineKey) bool { return s.furniture(o, l) }, func(l LineKey) {
		if l.Tail() {
			tails = append(tails, l.Range)
		} else {
			short = append(short, l.Range)
		}
	})
	return short, tails
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

// shortLine reports whether siteKey takes a line, testing first what it
// can without folding the line.
func shortLine(line []byte) bool {
	if len(line) > 200 || endsSentence(line) {
		return false
	}
	_, ok := siteKey(line)
	return ok
}
