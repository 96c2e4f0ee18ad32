package reuse

import (
	"cmp"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/xxh64"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/shingle"
)

// MaxUnit is the most tokens in one alignment unit. A sentence longer than
// this (text without punctuation, a list, a table) is cut into units of at
// most MaxUnit tokens, so that aligning two units costs at most MaxUnit²
// steps.
const MaxUnit = 120

// unit is a sentence, or a piece of a long one: the tokens toks[start:end]
// of its document.
type unit struct {
	start, end int32
}

// docState is what Scan keeps of an analysed document.
type docState struct {
	doc  corpus.Doc
	toks tokenRanges
	// stemBlock and stemOff say where its stems are (analyser.stems).
	stemBlock int
	stemOff   uint32
	// stems are the tokens' stems: the low 32 bits of the hash of each
	// one's key (shingle.Normalizer.AppendTokenKey) without a plural or
	// possessive ending. Two different stems share a hash with
	// probability 2^-32: two words an alignment then takes for one, as a
	// spelling variant would be. They lie in a block of stems that the
	// unit table locates its units in (stemBlocks).
	stems []uint32
	// content marks the content words (not function words or generic
	// news words: evidence.go), quoted the tokens inside quotation marks,
	// capital those that start with a capital letter (names, mostly:
	// rewrites.go weighs the other content words).
	content, quoted, capital bitset
	// siteKeys are the keys of its candidate furniture lines
	// (corpus.SiteKeys), and pending those of the candidate lines, quoted
	// or not, that its analysis did not mask as furniture
	// (knownFurniture.mask), kept while the outlets' furniture is counted.
	siteKeys, pending []uint64
	tails             []corpus.Tail // its tail lines (corpus.LineKey), until they are counted
	spill             spilled       // where its text is while it is spilled (spill.go)
	units             []unit        // in text order, until the unit table has them (layoutUnits)
	set               []uint32      // its distinct shingle hashes also in another document, as ranks, sorted (setsFrom)
	distinct          int           // its distinct shingle hashes
	cues              []credit      // attribution phrases, to credit spans
	lines             []creditLine  // those that credit the whole document
}

// analyseCorpus reads every document of src and analyses it, in parallel,
// spilling its text to sp (if not nil) once analysed, in input order; then each outlet's
// recurring furniture lines (corpus.SiteLines) join its documents'
// boilerplate (by the counts given, if not nil: Options.Furniture). It
// returns the documents analysed, in input order, and those skipped, with
// the reason, in input order.
func analyseCorpus(src corpus.Source, workers int, sp *textSpill, blocks *stemBlocks, given *corpus.SiteLines) ([]*docState, []report.Skipped, error) {
	sites := given
	if sites == nil {
		sites = &corpus.SiteLines{}
	}
	var known knownFurniture
	var tails []corpus.Tail // every document's tail lines, counted at the end
	in := inputs{sp: sp}
	// Each worker reads its documents' candidate furniture lines too: the
	// callback, on one goroutine, only counts them (and spills the text).
	// A line that is furniture by the documents counted so far is
	// furniture at the end (counts only grow), so a worker masks the lines
	// of its document that are known to be (knownFurniture): most of an
	// outlet's documents are analysed once, with their furniture, and
	// again (siteFurniture) only if more of their lines turn out to be.
	// What is analysed last is the same whatever the timing.
	err := corpus.Map(src, workers, func() func(corpus.Doc) *docState {
		an := newAnalyser(blocks)
		var lines []corpus.LineKey
		return func(d corpus.Doc) *docState {
			var furniture []corpus.Range
			var pending []uint64
			lines = lines[:0]
			if d.Outlet != "" {
				lines = corpus.LineKeys(lines, d.Text)
				furniture, pending = known.mask(d.Outlet, lines)
				d.Boilerplate = corpus.Merge(d.Boilerplate, furniture)
			} else if given == nil { // its tail lines count among all outlets'
				lines = corpus.TailLines(lines, d.Text)
			}
			st := an.analyse(d)
			st.siteKeys, st.pending = corpus.ShortKeys(lines), pending
			for _, l := range lines {
				if given == nil && l.Tail() && !slices.ContainsFunc(st.tails, func(t corpus.Tail) bool { return t.Key == l.Key }) {
					st.tails = append(st.tails, corpus.Tail{Outlet: d.Outlet, Key: l.Key, Contexts: l.Contexts})
				}
			}
			return st
		}
	}, func(d corpus.Doc, st *docState) {
		if given == nil { // the counts given are all known: they are used once every document is read
			sites.AddKeys(d.Outlet, st.siteKeys)
			known.note(sites, d.Outlet, st.siteKeys)
			tails = append(tails, st.tails...)
			st.tails = nil
		}
		in.doc(st)
	}, in.skip)
	if err = cmp.Or(err, in.spillErr, sp.flush()); err != nil {
		return nil, nil, err
	}
	sites.AddTails(tails) // counted once every document is: corpus.SiteLines.AddTails
	tails = nil
	if err := siteFurniture(&in, sites, workers, sp, blocks); err != nil {
		return nil, nil, err
	}
	return in.docs, in.inOrder(), nil
}

// inputs gathers a corpus's documents analysed and its inputs skipped,
// each numbered in input order, and spills the documents' texts.
type inputs struct {
	docs     []*docState
	docSeq   []int32 // each document's place in input order
	skipped  []report.Skipped
	skipSeq  []int32
	n        int32
	sp       *textSpill
	spillErr error
}

// doc takes the next document, or lists it as skipped if it has no words.
func (in *inputs) doc(st *docState) {
	in.n++
	if st.toks.len() == 0 {
		in.skipped = append(in.skipped, report.Skipped{ID: st.doc.ID, Path: st.doc.Path, Reason: "no words to compare"})
		in.skipSeq = append(in.skipSeq, in.n-1)
		return
	}
	if in.spillErr == nil {
		in.spillErr = in.sp.spill(st)
	}
	in.docs = append(in.docs, st)
	in.docSeq = append(in.docSeq, in.n-1)
}

// skip lists the next input as skipped.
func (in *inputs) skip(s corpus.Skip) {
	in.skipped = append(in.skipped, report.Skipped{ID: s.ID, Path: s.Path, Reason: s.Reason})
	in.skipSeq = append(in.skipSeq, in.n)
	in.n++
}

// inOrder returns the inputs skipped in input order.
func (in *inputs) inOrder() []report.Skipped {
	order := make([]int, len(in.skipped))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(in.skipSeq[a], in.skipSeq[b]) })
	out := make([]report.Skipped, len(order))
	for i, k := range order {
		out[i] = in.skipped[k]
	}
	return out
}

// analyser holds one goroutine's scratch buffers, and the block it
// writes documents' stems into.
type analyser struct {
	blocks  *stemBlocks // nil: each document's stems an array of their own
	block   []uint32    // the free part of the current block (of stemBlock stems)
	blockID int
	norm    shingle.Normalizer
	toks    []shingle.Token
	key     []byte
	keys    []uint64 // the hashes of the tokens' keys
	ranges  []token  // the tokens' bytes
	sents   []shingle.Sentence
}

func newAnalyser(blocks *stemBlocks) *analyser { return &analyser{blocks: blocks} }

// stems returns room for a document's n stems, in the analyser's block
// (a new one when it is full), and where it is: the block's number and
// offset (-1 and 0 without blocks).
func (a *analyser) stems(n int) ([]uint32, int, uint32) {
	if a.blocks == nil {
		return make([]uint32, n), -1, 0
	}
	if n > stemBlock/4 {
		id, b := a.blocks.add(n)
		return b, id, 0
	}
	if n > len(a.block) {
		a.blockID, a.block = a.blocks.add(stemBlock)
	}
	off := uint32(stemBlock - len(a.block)) // the stems before the free part
	out := a.block[:n:n]
	a.block = a.block[n:]
	return out, a.blockID, off
}

// analyse tokenises one document, splits it into units and finds its
// attribution lines.
func (a *analyser) analyse(d corpus.Doc) *docState {
	// Boilerplate is blanked out (same offsets), so that it makes no
	// tokens: it is neither matched nor counted as original.
	text := corpus.Mask(d.Text, d.Boilerplate)
	// The scratch is grown once to the document's size, not doubled step
	// by step from the last one's (a two-megabyte licence file among news
	// articles): about a word in six bytes, then a key and a range a word.
	a.toks = shingle.AppendTokens(slices.Grow(a.toks[:0], len(text)/6), text)
	a.sents = shingle.AppendSentences(a.sents[:0], text, a.toks)
	sents := a.sents
	a.ranges = slices.Grow(a.ranges[:0], len(a.toks))
	st := &docState{doc: d, content: newBitset(len(a.toks)), quoted: newBitset(len(a.toks)), capital: newBitset(len(a.toks))}
	st.stems, st.stemBlock, st.stemOff = a.stems(len(a.toks))
	quotes := quoteChanges(text)
	a.keys = slices.Grow(a.keys[:0], len(a.toks))
	for i, t := range a.toks {
		k, stemmed := a.keyHashes(text, t)
		a.keys = append(a.keys, k)
		a.ranges = append(a.ranges, token{start: int32(t.Start), end: int32(t.End)})
		if isContent(k, t.Kind) {
			st.content.set(i)
		}
		if quotes.at(t.Start) {
			st.quoted.set(i)
		}
		if startsUpper(text[t.Start:t.End]) {
			st.capital.set(i)
		}
		st.stems[i] = uint32(stemmed)
	}
	// Units: sentences, cut at MaxUnit tokens (their shingles are hashed
	// from the stems when the postings are made: unitHashes).
	nu := 0
	for _, s := range sents {
		nu += (s.TokEnd - s.TokStart + MaxUnit - 1) / MaxUnit
	}
	st.units = make([]unit, 0, nu)
	for _, s := range sents {
		for from := s.TokStart; from < s.TokEnd; from += MaxUnit {
			st.units = append(st.units, unit{start: int32(from), end: int32(min(from+MaxUnit, s.TokEnd))})
		}
	}
	st.toks = makeTokenRanges(a.ranges)
	// The cues, and apart the lines that credit the whole document, with
	// their sources.
	cues := findCues(text, a.ranges, a.keys, sents)
	st.cues = make([]credit, len(cues))
	for i, c := range cues {
		st.cues[i] = c.credit
		if c.sources != nil {
			st.lines = append(st.lines, creditLine{c.start, c.end, c.sources})
		}
	}
	return st
}

// keyHashes returns the hash of token t's key (shingle.Normalizer's
// AppendTokenKey), and of its key without a plural or possessive ending
// (stem), the key's own if it has none. A short ASCII word's key
// (shingle.ShortKey) is hashed from the register it was lower-cased in.
func (a *analyser) keyHashes(text []byte, t shingle.Token) (key, stemmed uint64) {
	if w, n, ok := shingle.ShortKey(text, t); ok {
		key = xxh64.Short(w, n, 0)
		if n > 3 {
			if m := stemLen(n, byte(w>>(8*(n-2))), byte(w>>(8*(n-1)))); m < n {
				return key, xxh64.Short(w, m, 0)
			}
		}
		return key, key
	}
	a.key = a.norm.AppendTokenKey(a.key[:0], text[t.Start:t.End], t.Kind)
	key = xxhash.Sum64(a.key)
	if s := stem(a.key); len(s) < len(a.key) {
		return key, xxhash.Sum64(s)
	}
	return key, key
}

// shingleHash hashes the stems of a run of tokens, in order
// (shingle.Combine). Within a Scan these hashes make the candidates and
// the document sets behind Jaccard and containment; an archive keeps some
// of them on disk (Fingerprinter), so they must not change unless
// FingerprintVersion does: TestFingerprintGolden pins them.
func shingleHash(stems []uint32) uint64 { return shingle.Combine(stems) }

// stem drops a plural or possessive ending from a key, so that
// "cooperations" matches "cooperation" and "russia's" matches "russia".
func stem(key []byte) []byte {
	n := len(key)
	if n <= 3 {
		return key
	}
	return key[:stemLen(n, key[n-2], key[n-1])]
}

// stemLen is the length of stem's key of n bytes (more than 3), whose last
// two are b2 and b1.
func stemLen(n int, b2, b1 byte) int {
	switch {
	case b2 == '\'' && b1 == 's':
		return n - 2
	case b1 == 's' && b2 != 's':
		return n - 1
	}
	return n
}

// quoteChanges returns where text enters and leaves quotation marks.
// Double quotation marks are tracked: “ opens, ” closes, a straight "
// toggles, « and » too; every line starts outside quotes, since news copy
// reopens a quotation that runs on into the next paragraph. Single
// quotation marks are not tracked: they are also apostrophes. A line
// quoted as e-mail and Markdown quote ('>' first, after any spaces) is
// inside quotes whole: a reply's quote of the message it answers is
// quoted, not copied, text.
func quoteChanges(text []byte) *quoteWalk {
	var w quoteWalk
	in := false
	mark, line := false, quotedLine(text, 0) // inside quotation marks; on a quoted line
	set := func(at int) {
		if v := mark || line; v != in {
			in = v
			w.changes = append(w.changes, quoteChange{at, v})
		}
	}
	set(0)
	for i := 0; i < len(text); i++ {
		if !quoteByte[text[i]] {
			continue
		}
		switch c := text[i]; {
		case c == '\n':
			mark, line = false, quotedLine(text, i+1)
		case c == '"':
			mark = !mark
		case c == 0xE2 && i+2 < len(text) && text[i+1] == 0x80 && (text[i+2] == 0x9C || text[i+2] == 0x9E):
			mark = true // “ „
		case c == 0xE2 && i+2 < len(text) && text[i+1] == 0x80 && text[i+2] == 0x9D:
			mark = false // ”
		case c == 0xC2 && i+1 < len(text) && text[i+1] == 0xAB:
			mark = true // «
		case c == 0xC2 && i+1 < len(text) && text[i+1] == 0xBB:
			mark = false // »
		}
		set(i)
	}
	return &w
}

// quotedLine reports whether the line that starts at text[p] is quoted:
// its first byte but spaces and tabs is '>'.
func quotedLine(text []byte, p int) bool { return quoteDepth(text, p) > 0 }

// quoteDepth returns how many '>' open the line that starts at text[p]
// (spaces and tabs before and between them allowed): 0 if it is not
// quoted.
func quoteDepth(text []byte, p int) int {
	n := 0
	for ; p < len(text); p++ {
		switch text[p] {
		case '>':
			n++
		case ' ', '\t':
		default:
			return n
		}
	}
	return n
}

// quoteByte marks the bytes that quoteChanges looks at: the first bytes of
// the marks it tracks, and the line feed.
var quoteByte = [256]bool{'\n': true, '"': true, 0xE2: true, 0xC2: true}

type quoteChange struct {
	at int
	in bool
}

// quoteWalk answers, for byte offsets in increasing order, whether each
// lies inside quotation marks.
type quoteWalk struct {
	changes []quoteChange
	next    int // changes[:next] are at or before the last offset asked
}

// at reports whether byte offset p, at or after the last one asked, lies
// inside quotation marks: the last change at or before p decides.
func (w *quoteWalk) at(p int) bool {
	for w.next < len(w.changes) && w.changes[w.next].at <= p {
		w.next++
	}
	return w.next > 0 && w.changes[w.next-1].in
}

// startsUpper reports whether a token starts with an upper-case letter.
func startsUpper(tok []byte) bool {
	if len(tok) > 0 && tok[0] < utf8.RuneSelf {
		return 'A' <= tok[0] && tok[0] <= 'Z'
	}
	r, _ := utf8.DecodeRune(tok)
	return unicode.IsUpper(r)
}
