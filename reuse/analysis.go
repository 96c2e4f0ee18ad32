package reuse

import (
	"cmp"
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/internal/xxh64"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/shingle"
)

// MaxUnit is the most tokens in one alignment unit. A sentence longer than
// this (text without punctuation, a list, a table) is cut into units of at
// most MaxUnit tokens, so that aligning two units costs at most MaxUnit²
// steps.
const MaxUnit = 120

// token is a token's bytes in its document's text.
type token struct {
	start, end int32
}

// tokenRanges holds the byte ranges of a document's tokens in about one
// and a third bytes a token, where a slice of tokens takes eight: a byte
// for each (its step: its gap from the end of the one before in 3 bits,
// its size in 5), the start of every markEvery-th token, and the exact
// range of the few tokens whose gap or size does not fit its bits (a long
// word or a URL, a dash between spaces, a stretch of blanked boilerplate
// before it), listed apart by index: about one token in a hundred in
// English news, licence and documentation files. Only the alignment's
// edges and the report read the ranges, a token at a time, walking from
// the mark before it.
type tokenRanges struct {
	n     int
	steps []uint8  // gap<<5 | size; wideMark: see wide
	marks []uint32 // the start of token k·markEvery
	wide  []wideToken
}

// wideToken is token i's range, one whose step is wideMark.
type wideToken struct{ i, start, end int32 }

// The most a step holds: a token's gap (at a mark, where the gap is not
// needed, any) and its size; wideMark, whose size is past them, marks a
// token listed in wide.
const (
	maxStepGap  = 7
	maxStepSize = 30
	wideMark    = 0xFF
)

// markEvery is how many tokens apart tokenRanges keeps a start.
const markEvery = 16

func makeTokenRanges(toks []token) tokenRanges {
	r := tokenRanges{n: len(toks), steps: make([]uint8, len(toks)), marks: make([]uint32, (len(toks)+markEvery-1)/markEvery)}
	prevEnd := int32(0)
	for i, t := range toks {
		mark := i%markEvery == 0
		if mark {
			r.marks[i/markEvery] = uint32(t.start)
		}
		gap, size := t.start-prevEnd, t.end-t.start
		switch {
		case size < 0 || size > maxStepSize:
			r.steps[i] = wideMark
			r.wide = append(r.wide, wideToken{int32(i), t.start, t.end})
		case mark:
			r.steps[i] = uint8(size)
		case gap >= 0 && gap <= maxStepGap:
			r.steps[i] = uint8(gap<<5 | size)
		default:
			r.steps[i] = wideMark
			r.wide = append(r.wide, wideToken{int32(i), t.start, t.end})
		}
		prevEnd = t.end
	}
	return r
}

// len returns the number of tokens.
func (r *tokenRanges) len() int { return r.n }

// at returns token i.
func (r *tokenRanges) at(i int32) token {
	k := i &^ (markEvery - 1)
	return r.walk(k, r.step(k, token{}), i)
}

// walk returns token i, given token k (t) at or before it.
func (r *tokenRanges) walk(k int32, t token, i int32) token {
	for k < i {
		k++
		st := r.steps[k]
		if st == wideMark || k%markEvery == 0 {
			t = r.step(k, t)
			continue
		}
		t.start = t.end + int32(st>>5)
		t.end = t.start + int32(st&31)
	}
	return t
}

// span returns the bytes of tokens [t0, t1): the start of the first and
// the end of the last, walking on from the first when the last is near.
func (r *tokenRanges) span(t0, t1 int32) (start, end int32) {
	first := r.at(t0)
	last := first
	if t1-1-t0 <= 2*markEvery {
		last = r.walk(t0, first, t1-1)
	} else {
		last = r.at(t1 - 1)
	}
	return first.start, last.end
}

// step returns token i, given token i-1 (prev), which a token at a mark
// or a wide one does not need.
func (r *tokenRanges) step(i int32, prev token) token {
	st := r.steps[i]
	switch {
	case st == wideMark:
		return r.wideAt(i)
	case i%markEvery == 0:
		s := int32(r.marks[i/markEvery])
		return token{s, s + int32(st&31)}
	}
	s := prev.end + int32(st>>5)
	return token{s, s + int32(st&31)}
}

// tokenCursor reads a document's token ranges a step at a time when they
// are asked for in increasing order, and from the mark before otherwise.
type tokenCursor struct {
	r *tokenRanges
	i int32 // the token in t; -1 for none
	t token
}

func newTokenCursor(r *tokenRanges) tokenCursor { return tokenCursor{r: r, i: -1} }

// at returns token i.
func (c *tokenCursor) at(i int32) token {
	if c.i < 0 || i < c.i || i-c.i > markEvery {
		c.i, c.t = i, c.r.at(i)
		return c.t
	}
	for c.i < i {
		c.i++
		c.t = c.r.step(c.i, c.t)
	}
	return c.t
}

// wideAt returns the range of token i, one listed in wide.
func (r *tokenRanges) wideAt(i int32) token {
	k, _ := slices.BinarySearchFunc(r.wide, i, func(t wideToken, i int32) int { return cmp.Compare(t.i, i) })
	return token{r.wide[k].start, r.wide[k].end}
}

// bitset holds a bit per token of a document.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i int)        { b[i>>6] |= 1 << (i & 63) }
func (b bitset) has(i int32) bool { return b[i>>6]&(1<<(i&63)) != 0 }

// count returns the number of bits set in [lo, hi).
func (b bitset) count(lo, hi int32) int {
	n := 0
	for w := lo >> 6; lo < hi; w++ {
		n += bits.OnesCount64(b.word(w, lo, hi))
		lo = (w + 1) << 6
	}
	return n
}

// word returns word w of the bitset with the bits outside [lo, hi) clear,
// for a w that holds lo.
func (b bitset) word(w, lo, hi int32) uint64 {
	x := b[w] >> (lo & 63) << (lo & 63)
	if end := (w + 1) << 6; hi < end {
		x &= 1<<(hi&63) - 1
	}
	return x
}

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
	// (corpus.SiteKeys), kept while the outlets' furniture is counted.
	siteKeys []uint64
	spill    spilled      // where its text is while it is spilled (spill.go)
	units    []unit       // in text order, until the unit table has them (layoutUnits)
	set      []uint32     // its distinct shingle hashes also in another document, as ranks, sorted (setsFrom)
	distinct int          // its distinct shingle hashes
	cues     []credit     // attribution phrases, to credit spans
	lines    []creditLine // those that credit the whole document
}

// analyseCorpus reads every document of src and analyses it, in parallel,
// spilling its text to sp (if not nil) once analysed, in input order; then each outlet's
// recurring furniture lines (corpus.SiteLines) join its documents'
// boilerplate. It returns the documents analysed, in input order, and
// those skipped, with the reason, in input order.
func analyseCorpus(src corpus.Source, workers int, sp *textSpill, blocks *stemBlocks) ([]*docState, []report.Skipped, error) {
	var sites corpus.SiteLines
	var known knownFurniture
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
		return func(d corpus.Doc) *docState {
			var keys []uint64
			if d.Outlet != "" {
				keys = corpus.SiteKeys(nil, d.Text)
				d.Boilerplate = corpus.Merge(d.Boilerplate, known.find(d.Outlet, d.Text, keys))
			}
			st := an.analyse(d)
			st.siteKeys = keys
			return st
		}
	}, func(d corpus.Doc, st *docState) {
		sites.AddKeys(d.Outlet, st.siteKeys)
		known.note(&sites, d.Outlet, st.siteKeys)
		in.doc(st)
	}, in.skip)
	if err = cmp.Or(err, in.spillErr, sp.flush()); err != nil {
		return nil, nil, err
	}
	if err := siteFurniture(&in, &sites, workers, sp, blocks); err != nil {
		return nil, nil, err
	}
	return in.docs, in.inOrder(), nil
}

// knownFurniture is the furniture lines known while a corpus is read:
// the lines that recur in SiteLineDocs documents of their outlet so far
// (corpus.SiteLines), added by the goroutine that counts (note), read by
// the workers that analyse the documents, which mask them (find). Lines
// are added once and never removed, the case sync.Map is made for.
type knownFurniture struct{ lines sync.Map } // outletLine -> struct{}

type outletLine struct {
	outlet string
	key    uint64
}

// note adds, after sites counted a document of outlet with the candidate
// lines keys, those that have become furniture.
func (k *knownFurniture) note(sites *corpus.SiteLines, outlet string, keys []uint64) {
	for _, h := range keys {
		if sites.Recurs(outlet, []uint64{h}) {
			k.lines.LoadOrStore(outletLine{outlet, h}, struct{}{})
		}
	}
}

// find returns the lines of a document of outlet, with the candidate
// lines keys, that are known to be furniture.
func (k *knownFurniture) find(outlet string, text []byte, keys []uint64) []corpus.Range {
	known := func(h uint64) bool {
		_, ok := k.lines.Load(outletLine{outlet, h})
		return ok
	}
	if !slices.ContainsFunc(keys, known) {
		return nil
	}
	return corpus.FindFurniture(text, known)
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

// siteFurniture adds each outlet's furniture (corpus.SiteLines) to its
// documents' boilerplate, analysing again, in parallel, those whose
// furniture was not all known when they were analysed (their text read
// back from sp and spilled again); one left with no words is skipped, in
// its place in input order.
func siteFurniture(in *inputs, sites *corpus.SiteLines, workers int, sp *textSpill, blocks *stemBlocks) error {
	docs := in.docs
	errs := make([]error, len(docs))
	// One analyser a goroutine, not a chunk: each takes a block of
	// stemBlock stems when it first needs room.
	ans := make([]*analyser, workers)
	var furnished, again atomic.Int64 // documents with furniture, and those analysed again
	parallel.Chunks(len(docs), 64, workers, func(w, lo, hi int) {
		for i := lo; i < hi; i++ {
			keys := docs[i].siteKeys
			docs[i].siteKeys = nil
			if !sites.Recurs(docs[i].doc.Outlet, keys) {
				continue
			}
			if errs[i] = sp.load(docs[i]); errs[i] != nil {
				continue
			}
			furnished.Add(1)
			d := docs[i].doc
			b := corpus.Merge(d.Boilerplate, sites.Find(d.Outlet, d.Text))
			if slices.Equal(b, d.Boilerplate) { // its furniture was known when it was analysed
				sp.unload(docs[i])
				continue
			}
			if ans[w] == nil {
				ans[w] = newAnalyser(blocks)
			}
			d.Boilerplate = b
			again.Add(1)
			docs[i] = ans[w].analyse(d)
			if docs[i].toks.len() > 0 {
				errs[i] = sp.spill(docs[i])
			}
		}
	})
	if err := cmp.Or(cmp.Or(errs...), sp.flush()); err != nil {
		return err
	}
	count("furnished", int(furnished.Load()))
	count("analysed again", int(again.Load()))
	n := 0
	for i, st := range docs {
		if st.toks.len() == 0 {
			in.skipped = append(in.skipped, report.Skipped{ID: st.doc.ID, Path: st.doc.Path, Reason: "no words to compare"})
			in.skipSeq = append(in.skipSeq, in.docSeq[i])
			continue
		}
		docs[n] = st
		n++
	}
	in.docs, in.docSeq = docs[:n], nil
	return nil
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

// shingleHash hashes the stems of a run of tokens, in order. Within a
// Scan these hashes make the candidates and the document sets behind
// Jaccard and containment; an archive keeps some of them on disk
// (Fingerprinter), so they must not change unless FingerprintVersion
// does: TestFingerprintGolden pins them.
func shingleHash(stems []uint32) uint64 {
	const m = 0x9E3779B97F4A7C15
	h := uint64(len(stems)) * m
	for _, k := range stems {
		h = (bits.RotateLeft64(h, 27) ^ uint64(k)) * m
	}
	// The xxhash avalanche.
	h ^= h >> 33
	h *= 0xC2B2AE3D27D4EB4F
	h ^= h >> 29
	h *= 0x165667B19E3779F9
	h ^= h >> 32
	return h
}

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
// quotation marks are not tracked: they are also apostrophes.
func quoteChanges(text []byte) *quoteWalk {
	var w quoteWalk
	in := false
	set := func(at int, v bool) {
		if v != in {
			in = v
			w.changes = append(w.changes, quoteChange{at, v})
		}
	}
	for i := 0; i < len(text); i++ {
		if !quoteByte[text[i]] {
			continue
		}
		switch c := text[i]; {
		case c == '\n':
			set(i, false)
		case c == '"':
			set(i, !in)
		case c == 0xE2 && i+2 < len(text) && text[i+1] == 0x80 && (text[i+2] == 0x9C || text[i+2] == 0x9E):
			set(i, true) // “ „
		case c == 0xE2 && i+2 < len(text) && text[i+1] == 0x80 && text[i+2] == 0x9D:
			set(i, false) // ”
		case c == 0xC2 && i+1 < len(text) && text[i+1] == 0xAB:
			set(i, true) // «
		case c == 0xC2 && i+1 < len(text) && text[i+1] == 0xBB:
			set(i, false) // »
		}
	}
	return &w
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
