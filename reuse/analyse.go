package reuse

import (
	"github.com/cespare/xxhash/v2"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/minhash"
	"github.com/copydesk/copydesk/shingle"
)

// MaxUnit is the most tokens in one alignment unit. A sentence longer than
// this (text without punctuation, a list, a table) is cut into units of at
// most MaxUnit tokens, so that aligning two units costs at most MaxUnit²
// steps.
const MaxUnit = 120

// token is what alignment needs of one token.
type token struct {
	start, end int32  // bytes in the document text
	key        uint64 // hash of the matching key (shingle.Normalizer.AppendTokenKey)
	stem       uint64 // hash of the key without a plural or possessive ending
	content    bool   // not a function word or a generic news word (evidence.go)
	quoted     bool   // inside quotation marks
}

// unit is a sentence, or a piece of a long one: the tokens toks[start:end]
// of its document.
type unit struct {
	doc        uint32
	start, end int32
}

// docState is what Scan keeps of an analysed document.
type docState struct {
	doc   corpus.Doc
	toks  []token
	units []unit        // in text order
	feats []unitFeature // the unit's shingle hashes, for candidates
	set   []uint64      // distinct shingle hashes of the document, sorted
	cues  []cue         // attribution lines
	sents []shingle.Sentence
}

// unitFeature is one shingle of one unit (unit index within the document).
type unitFeature struct {
	hash uint64
	unit uint32
}

// analyser holds one goroutine's scratch buffers.
type analyser struct {
	k      int
	norm   shingle.Normalizer
	sh     *shingle.Shingler
	toks   []shingle.Token
	shs    []shingle.Shingle
	key    []byte
	hashes []uint64
}

func newAnalyser(k int) *analyser {
	return &analyser{k: k, sh: shingle.NewShingler(shingle.Options{K: k})}
}

// analyse tokenises, splits and shingles one document.
func (a *analyser) analyse(d corpus.Doc) *docState {
	text := d.Text
	a.toks = shingle.AppendTokens(a.toks[:0], text)
	sents := shingle.AppendSentences(nil, text, a.toks)
	st := &docState{doc: d, sents: sents, toks: make([]token, len(a.toks))}
	quoted := quoteMask(text)
	for i, t := range a.toks {
		a.key = a.norm.AppendTokenKey(a.key[:0], text[t.Start:t.End], t.Kind)
		st.toks[i] = token{
			start: int32(t.Start), end: int32(t.End),
			key:     xxhash.Sum64(a.key),
			stem:    xxhash.Sum64(stem(a.key)),
			content: isContent(a.key, t.Kind),
			quoted:  quoted(t.Start),
		}
	}
	// Units: sentences, cut at MaxUnit tokens.
	unitOf := make([]uint32, len(a.toks))
	for _, s := range sents {
		for from := s.TokStart; from < s.TokEnd; from += MaxUnit {
			to := min(from+MaxUnit, s.TokEnd)
			for i := from; i < to; i++ {
				unitOf[i] = uint32(len(st.units))
			}
			st.units = append(st.units, unit{start: int32(from), end: int32(to)})
		}
	}
	a.shs = a.sh.AppendShingles(a.shs[:0], text, a.toks, sents)
	a.hashes = a.hashes[:0]
	for _, s := range a.shs {
		u := unitOf[s.TokStart]
		if unitOf[s.TokEnd-1] != u {
			continue // crosses a cut in a long sentence
		}
		st.feats = append(st.feats, unitFeature{hash: s.Hash, unit: u})
		a.hashes = append(a.hashes, s.Hash)
	}
	st.set = minhash.SortUnique(append([]uint64(nil), a.hashes...))
	st.cues = findCues(text, a.toks, sents)
	return st
}

// stem drops a plural or possessive ending from a key, so that
// "cooperations" matches "cooperation" and "russia's" matches "russia".
func stem(key []byte) []byte {
	n := len(key)
	switch {
	case n > 3 && key[n-2] == '\'' && key[n-1] == 's':
		return key[:n-2]
	case n > 3 && key[n-1] == 's' && key[n-2] != 's':
		return key[:n-1]
	}
	return key
}

// quoteMask returns a function telling whether byte offset p lies inside
// quotation marks. Double quotation marks are tracked: “ opens, ” closes, a
// straight " toggles, « and » too; every line starts outside quotes, since
// news copy reopens a quotation that runs on into the next paragraph.
// Single quotation marks are not tracked: they are also apostrophes.
func quoteMask(text []byte) func(p int) bool {
	type change struct {
		at int
		in bool
	}
	var changes []change
	in := false
	set := func(at int, v bool) {
		if v != in {
			in = v
			changes = append(changes, change{at, v})
		}
	}
	for i := 0; i < len(text); i++ {
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
	return func(p int) bool {
		// The last change at or before p decides.
		lo, hi := 0, len(changes)
		for lo < hi {
			m := (lo + hi) / 2
			if changes[m].at <= p {
				lo = m + 1
			} else {
				hi = m
			}
		}
		return lo > 0 && changes[lo-1].in
	}
}
