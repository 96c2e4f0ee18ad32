package reuse

import (
	"bytes"
	"slices"
	"strings"

	"github.com/cespare/xxhash/v2"

	"github.com/copydesk/copydesk/lexicon"
	"github.com/copydesk/copydesk/shingle"
)

// cue is an attribution line or phrase, as findCues finds it: text[start:end]
// credits sources (news agencies and outlets, whoever or whatever "said",
// or what follows "according to").
type cue struct {
	credit
	// sources are the sources a line that credits the whole document
	// names (agencies, "according to"); nil for a speaker or a
	// statement, which credits only the sentence it is in.
	sources []string
}

// credit is what a document keeps of a cue to credit its spans
// (creditFor): 28 bytes, for a news article has a dozen. Its phrase is
// text[start:end], read from the text when the report is written.
type credit struct {
	start, end int32
	t0, t1     int32 // the tokens of its sentence
	// next is the end token of the sentence after it, when its own
	// sentence introduces that one (ends in a colon: "The statement
	// read:"), else t1.
	next int32
	tok  int32 // its first token
	// block says its sentence introduces lines quoted with '>' ("Ann
	// wrote:"): it credits them before any phrase of theirs.
	block bool
}

// creditLine is a cue that credits the whole document (cue.sources), as
// the document keeps it for its report's attributions.
type creditLine struct {
	start, end int32
	sources    []string
}

// agencies are lexicon.Agencies, each a token sequence as written.
var agencies = func() [][]string {
	var out [][]string
	for _, a := range strings.Split(lexicon.Agencies, "|") {
		out = append(out, strings.Fields(strings.ReplaceAll(a, "/", " ")))
	}
	return out
}()

// agencyFirst indexes agencies by their first word, and agencyKeys holds
// the keys of those words: a token whose key is not among them starts no
// name.
var agencyFirst, agencyKeys = func() (map[string][][]string, keySet) {
	m := map[string][][]string{}
	var keys []uint64
	for _, a := range agencies {
		m[a[0]] = append(m[a[0]], a)
		keys = append(keys, wordKey(a[0]))
	}
	return m, newKeySet(keys)
}()

var reportVerbs = func() keySet {
	var keys []uint64
	for _, w := range strings.Fields("reported reports said says quoted cited contributed told wrote writes") {
		keys = append(keys, wordKey(w))
	}
	return newKeySet(keys)
}()

// keysOf returns the keys of the words.
func keysOf(words string) keySet {
	var keys []uint64
	for _, w := range strings.Fields(words) {
		keys = append(keys, wordKey(w))
	}
	return newKeySet(keys)
}

var (
	// statementNouns are the documents that "read" or "said" something:
	// "the statement read", "the readout said", "a statement on the
	// Kremlin's website says".
	statementNouns = keysOf("statement statements readout release transcript announcement communique communiqué")
	// creditVerbs are what a statement or a speaker does in a credit.
	creditVerbs = keysOf("read reads said says added adds concluded concludes noted notes stated states continued " +
		"confirmed confirms announced announces wrote writes reported reports declared explained")
	// pronouns and the like never name a speaker: "He said" credits no one
	// a reader could look up.
	pronouns = keysOf("he she it they we i you this that these those there who which one")
	// prepositions before a name make it part of a longer speaker's.
	prepositions = keysOf("to of in for from at with by on about")
	// determiners may open a credit: "the", "a", "its".
	determiners = keysOf("the a an its their his her our")
	// mannerWords after "according to" (and a determiner) say how, not
	// who: a licence's "according to the same disclaimer", a plan's
	// "according to schedule".
	mannerWords = keysOf("same corresponding terms rules plan plans schedule instructions")
	// timeWords may come between a speaker and the verb: "the White House
	// on Sunday confirmed", "the Kremlin later said".
	// clockWords end a time before a name, never start one: "at 10:00
	// AM Ann Smith wrote".
	clockWords = keysOf("am pm")
	timeWords  = keysOf("later also then earlier previously first again on monday tuesday wednesday thursday friday saturday sunday today yesterday")
)

// cueWords are the words a cue's scan starts at: "according",
// "reporting", the statement nouns, the credit verbs and the first words
// of the agencies' names.
var cueWords = func() keySet {
	keys := []uint64{keyAccording, keyReporting}
	for _, set := range []keySet{statementNouns, creditVerbs, agencyKeys} {
		keys = set.appendKeys(keys)
	}
	return newKeySet(keys)
}()

// The keys of the words the cues are made of.
var (
	keyAccording = wordKey("according")
	keyTo        = wordKey("to")
	keyReporting = wordKey("reporting")
	keyBy        = wordKey("by")
	keyWith      = wordKey("with")
	keyAnd       = wordKey("and")
	keyThe       = wordKey("the")
	keyTold      = wordKey("told")
	keyRead      = wordKey("read")
	keyReads     = wordKey("reads")
)

// wordKey returns the key hash of a token holding the word w, as analyse
// computes it: the cues compare keys, so case and quotation marks do not
// matter.
func wordKey(w string) uint64 {
	var n shingle.Normalizer
	return xxhash.Sum64(n.AppendTokenKey(nil, []byte(w), shingle.Word))
}

// findCues finds the attribution phrases of a document, sentence by sentence:
//
//   - "according to X": X is the run of words after it up to punctuation;
//   - "<agency> reported" (said, quoted, cited, told, ...), "told <agency>",
//     and a dateline's "(AP)";
//   - "reporting by A, B and C" ("With reporting by AP, Reuters, TASS"),
//     "<agency> contributed to this report";
//   - a statement that reads or says: "the statement read", "the readout
//     said", "a statement on the Kremlin's website says", "read the
//     statement";
//   - a named speaker who said (added, confirmed, ...): "the White House
//     said", "The White House on Sunday confirmed", "said the Kremlin", "X
//     said in a statement"; a pronoun ("He said") names no one.
//
// The first three kinds name their sources (cue.sources) and are listed
// as the document's attributions; a statement or a speaker credits only
// its sentence's spans (creditFor). Agencies are those in the agencies
// list. keys are the tokens' key hashes.
func findCues(text []byte, toks []token, keys []uint64, sents []shingle.Sentence) []cue {
	var out []cue
	// is reports whether token i is the word with key k.
	is := func(i int, k uint64) bool { return keys[i] == k }
	isVerb := func(i int) bool { return reportVerbs.has(keys[i]) }
	for k, s := range sents {
		si0, si1 := int32(s.TokStart), int32(s.TokEnd)
		n0 := len(out)
		for i := s.TokStart; i < s.TokEnd; i++ {
			if !cueWords.has(keys[i]) {
				continue // most words start no cue: one look, not four
			}
			switch {
			case is(i, keyAccording) && i+1 < s.TokEnd && is(i+1, keyTo) && !mannerAt(keys, i+2, s.TokEnd):
				j := i + 2
				for j < s.TokEnd && j < i+8 && (j == i+2 || !hasPunctBetween(text, toks, j-1, j)) {
					j++
				}
				if j > i+2 {
					src := strings.TrimPrefix(string(text[toks[i+2].start:toks[j-1].end]), "the ")
					out = append(out, cue{credit: credit{start: toks[i].start, end: toks[j-1].end, t0: si0, t1: si1}, sources: []string{src}})
					i = j - 1
				}
			case is(i, keyReporting) && i+1 < s.TokEnd && is(i+1, keyBy):
				start := i
				if i > s.TokStart && is(i-1, keyWith) {
					start = i - 1
				}
				var srcs []string
				j := i + 2
				for j < s.TokEnd {
					if n := agencyAt(text, toks, keys, j, s.TokEnd); n > 0 {
						srcs = append(srcs, string(text[toks[j].start:toks[j+n-1].end]))
						j += n
						continue
					}
					if is(j, keyAnd) {
						j++
						continue
					}
					break
				}
				if len(srcs) > 0 {
					out = append(out, cue{credit: credit{start: toks[start].start, end: toks[j-1].end, t0: si0, t1: si1}, sources: srcs})
					i = j - 1
				}
			case statementNouns.has(keys[i]):
				if c, ok := statementCue(text, toks, keys, i, s); ok {
					out = append(out, c)
				}
			case creditVerbs.has(keys[i]) && !mayBeAgency(text, toks, keys, i-1) && !mayBeAgency(text, toks, keys, i+1):
				if c, ok := speakerCue(text, toks, keys, i, s); ok {
					out = append(out, c)
				}
			default:
				if !mayBeAgency(text, toks, keys, i) {
					continue
				}
				n := agencyAt(text, toks, keys, i, s.TokEnd)
				if n == 0 {
					continue
				}
				name := string(text[toks[i].start:toks[i+n-1].end])
				start := i
				if i > s.TokStart && is(i-1, keyThe) {
					start = i - 1
				}
				switch {
				case i > 0 && i+n < len(toks) && bytes.HasSuffix(text[:toks[i].start], []byte("(")) &&
					bytes.HasPrefix(text[toks[i+n-1].end:], []byte(")")):
					// A dateline's agency: "MOSCOW (AP) —".
					out = append(out, cue{credit: credit{start: toks[i].start - 1, end: toks[i+n-1].end + 1, t0: si0, t1: si1}, sources: []string{name}})
				case i+n < s.TokEnd && isVerb(i+n):
					out = append(out, cue{credit: credit{start: toks[start].start, end: toks[i+n].end, t0: si0, t1: si1}, sources: []string{name}})
				case i > s.TokStart && (is(i-1, keyTold) || is(i-1, keyBy)) ||
					start > s.TokStart && (is(start-1, keyTold) || is(start-1, keyBy)):
					first := start - 1
					if is(i-1, keyTold) || is(i-1, keyBy) {
						first = i - 1
					}
					out = append(out, cue{credit: credit{start: toks[first].start, end: toks[i+n-1].end, t0: si0, t1: si1}, sources: []string{name}})
				default:
					continue
				}
				i += n - 1
			}
		}
		for c := n0; c < len(out); c++ { // the sentence's cues
			out[c].tok, out[c].next = tokenAt(toks, int(out[c].start)), si1
			if k+1 < len(sents) && introduces(text, s) {
				out[c].next, out[c].block = introducedEnd(text, sents, k)
			}
		}
	}
	return out
}

// mannerAt reports whether the words from token i ("according to" ...)
// say how, not who: "according to the same terms", "according to the
// corresponding provisions", "according to plan".
func mannerAt(keys []uint64, i, end int) bool {
	if i < end && determiners.has(keys[i]) {
		i++
	}
	return i < end && mannerWords.has(keys[i])
}

// statementCue finds the credit around the statement noun at token i of
// sentence s: "the statement read" (the noun, a few words about it, a
// credit verb in lower case), or "read the statement".
func statementCue(text []byte, toks []token, keys []uint64, i int, s shingle.Sentence) (cue, bool) {
	si0, si1 := int32(s.TokStart), int32(s.TokEnd)
	start := i
	if i > s.TokStart && determiners.has(keys[i-1]) {
		start = i - 1
	}
	for j := i + 1; j < s.TokEnd && j <= i+6 && !hasPunctBetween(text, toks, j-1, j); j++ {
		if c := text[toks[j].start]; creditVerbs.has(keys[j]) && c >= 'a' && c <= 'z' {
			// In lower case: a capital makes it a title's noun ("XZ Utils
			// Release Notes"), not a verb.
			return cue{credit: credit{start: toks[start].start, end: toks[j].end, t0: si0, t1: si1}}, true
		}
	}
	if v := start - 1; v >= s.TokStart && creditVerbs.has(keys[v]) && !hasPunctBetween(text, toks, v, start) {
		return cue{credit: credit{start: toks[v].start, end: toks[i].end, t0: si0, t1: si1}}, true
	}
	return cue{}, false
}

// speakerCue finds the named speaker of the credit verb at token i of
// sentence s: a run of one to four capitalised words before it ("the
// White House said", with a time word or two between: "The White House on
// Sunday confirmed"), or after it ("said the Kremlin").
func speakerCue(text []byte, toks []token, keys []uint64, i int, s shingle.Sentence) (cue, bool) {
	si0, si1 := int32(s.TokStart), int32(s.TokEnd)
	capital := func(j int) bool {
		c := text[toks[j].start]
		return c >= 'A' && c <= 'Z' && !pronouns.has(keys[j]) && !determiners.has(keys[j]) && !clockWords.has(keys[j])
	}
	if c := text[toks[i].start]; c < 'a' || c > 'z' {
		return cue{}, false // "the United States": a verb is in lower case
	}
	if (keys[i] == keyRead || keys[i] == keyReads) && i+1 < s.TokEnd && determiners.has(keys[i+1]) && !hasPunctBetween(text, toks, i, i+1) {
		return cue{}, false // "Carefully read the following": one who reads something, not words that read
	}
	// Before: skip time words, or an e-mail address, then the name.
	j := i - 1
	for j >= s.TokStart && j > i-3 && timeWords.has(keys[j]) && !hasPunctBetween(text, toks, j, j+1) {
		j--
	}
	nameEnd := -1 // the name's last token, if an address follows it
	if k, ok := beforeAddress(text, toks, j, i); ok && k >= s.TokStart {
		j, nameEnd = k, k // "Ann Smith <ann@example.org> wrote"
	}
	end := j + 1 // the name ends before end
	for j >= s.TokStart && j > end-5 && capital(j) && (j == nameEnd || !hasPunctBetween(text, toks, j, j+1)) {
		j--
	}
	if first := j + 1; first < end {
		if j >= s.TokStart && prepositions.has(keys[j]) {
			return cue{}, false // "the ambassador to Russia said": the name is not the speaker's
		}
		start := first
		if j >= s.TokStart && determiners.has(keys[j]) && !hasPunctBetween(text, toks, j, first) {
			start = j
		}
		b := toks[start].start
		if nameEnd >= 0 && b > 0 && text[b-1] == '"' {
			b-- // "\"Ann Smith\" <ann@example.org> writes"
		}
		return cue{credit: credit{start: b, end: toks[i].end, t0: si0, t1: si1}}, true
	}
	// After, where a quotation or a clause ends before the verb: "...,”
	// said the Kremlin", "..., said Sanders".
	if i > s.TokStart && !hasPunctBetween(text, toks, i-1, i) {
		return cue{}, false
	}
	first := i + 1
	if first < s.TokEnd && determiners.has(keys[first]) {
		first++
	}
	last := first
	for last < s.TokEnd && last < first+4 && capital(last) && (last == first || !hasPunctBetween(text, toks, last-1, last)) &&
		!hasPunctBetween(text, toks, i, i+1) {
		last++
	}
	if last > first {
		return cue{credit: credit{start: toks[i].start, end: toks[last-1].end, t0: si0, t1: si1}}, true
	}
	return cue{}, false
}

// introducedEnd returns the end token of what sentence k introduces (it
// ends in a colon): the sentence after it; or, where that one is quoted
// with '>' more deeply than sentence k (a mail client's "Ann wrote:" over
// the message it quotes), every sentence after it quoted at least as
// deeply, in a row; and whether it is such a block.
func introducedEnd(text []byte, sents []shingle.Sentence, k int) (end int32, block bool) {
	last := k + 1
	if d := lineDepth(text, sents[last].Start); d > lineDepth(text, sents[k].Start) {
		block = true
		for last+1 < len(sents) && lineDepth(text, sents[last+1].Start) >= d {
			last++
		}
	}
	return int32(sents[last].TokEnd), block
}

// lineDepth is the quoting depth (quoteDepth) of the line that holds
// text[p].
func lineDepth(text []byte, p int) int {
	return quoteDepth(text, bytes.LastIndexByte(text[:p], '\n')+1)
}

// beforeAddress returns the last token before an e-mail address in angle
// brackets that ends just before token i ("Ann Smith <ann@example.org>
// wrote"), j being the token before i; false if there is none.
func beforeAddress(text []byte, toks []token, j, i int) (int, bool) {
	if j < 0 || string(bytes.TrimSpace(text[toks[j].end:toks[i].start])) != ">" {
		return 0, false
	}
	open := bytes.LastIndexByte(text[max(0, int(toks[j].end)-maxAddress):toks[j].end], '<')
	if open < 0 {
		return 0, false
	}
	open += max(0, int(toks[j].end)-maxAddress)
	if addr := text[open:toks[j].end]; bytes.IndexByte(addr, '@') < 0 || bytes.ContainsAny(addr, "\n ") {
		return 0, false
	}
	for j >= 0 && int(toks[j].start) > open {
		j--
	}
	return j, j >= 0
}

// maxAddress is the longest e-mail address beforeAddress takes.
const maxAddress = 254

// introduces reports whether sentence s ends in a colon: it introduces the
// one after it ("The statement read:").
func introduces(text []byte, s shingle.Sentence) bool {
	end := s.End
	for end > s.Start && (text[end-1] == ' ' || text[end-1] == '\n' || text[end-1] == '\r') {
		end--
	}
	return end > s.Start && text[end-1] == ':'
}

// tokenAt returns the index of the token starting at byte offset b, or of
// the first after it.
func tokenAt(toks []token, b int) int32 {
	lo, hi := 0, len(toks)
	for lo < hi {
		m := (lo + hi) / 2
		if int(toks[m].start) < b {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return int32(lo)
}

// mayBeAgency reports whether token i may start an agency name: a word
// with a capital (every name has one, but dpa) whose key starts one. Small
// enough to inline, it spares most tokens the call to agencyAt.
func mayBeAgency(text []byte, toks []token, keys []uint64, i int) bool {
	if i < 0 || i >= len(toks) {
		return false
	}
	c := text[toks[i].start]
	return (c >= 'A' && c <= 'Z' || c == 'd') && agencyKeys.has(keys[i])
}

// agencyAt returns the number of tokens of the agency name starting at
// token i, or 0.
func agencyAt(text []byte, toks []token, keys []uint64, i, end int) int {
	if !mayBeAgency(text, toks, keys, i) {
		return 0
	}
	for _, a := range agencyFirst[string(text[toks[i].start:toks[i].end])] {
		if i+len(a) > end {
			continue
		}
		ok := true
		for k, w := range a {
			if string(text[toks[i+k].start:toks[i+k].end]) != w {
				ok = false
				break
			}
		}
		if ok {
			return len(a)
		}
	}
	return 0
}

// hasPunctBetween reports whether punctuation other than a hyphen or an
// apostrophe separates tokens i and j.
func hasPunctBetween(text []byte, toks []token, i, j int) bool {
	gap := text[toks[i].end:toks[j].start]
	return len(bytes.TrimSpace(gap)) > 0
}

// quotedShare reports whether most of tokens [t0, t1) of document d are
// inside quotation marks.
func (d *docState) quotedShare(t0, t1 int32) bool {
	return 2*d.quoted.count(t0, t1) > int(t1-t0)
}

// creditFor returns the credit of the span of tokens [t0, t1): on lines
// quoted with '>', the nearest "Ann wrote:" that introduces them
// (introducedEnd); else the attribution phrase in the sentence it starts
// in nearest to it; else one in the sentence it ends in, after it ("...,”
// the statement concluded."); else one of the nearest sentence that
// introduces the span's first ("The statement read:"); or false. A phrase
// elsewhere in a long span credits only the sentence it is in.
func (d *docState) creditFor(t0, t1 int32) (credit, bool) {
	// Lines quoted with '>' are the words of whoever their "… wrote:"
	// names, whatever phrase they hold ("the Kremlin said" in Ann's
	// message is Ann's); the nearest, for a quote within a quote.
	for _, c := range slices.Backward(d.cues) {
		if c.block && c.t1 <= t0 && t0 < c.next {
			return c, true
		}
	}
	best, dist := credit{}, int32(-1)
	for _, c := range d.cues {
		if c.t0 <= t0 && t0 < c.t1 {
			if x := abs32(c.tok - t0); dist < 0 || x < dist {
				best, dist = c, x
			}
		}
	}
	if dist >= 0 {
		return best, true
	}
	for _, c := range d.cues {
		if c.t0 < t1 && t1 <= c.t1 && c.tok >= t1 {
			return c, true
		}
	}
	// The nearest sentence that introduces it: "Bob wrote:" in a quote
	// of Ann's message, under her "Ann wrote:".
	for _, c := range slices.Backward(d.cues) {
		if c.t1 <= t0 && t0 < c.next {
			return c, true
		}
	}
	return credit{}, false
}

func abs32(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}
