package reuse

import (
	"math/bits"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"

	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/shingle"
)

var sinkState *docState

// BenchmarkAnalyse measures the per-document work of Scan (tokens, keys,
// sentences, shingles, quotation marks, attribution cues) on generated
// news-sized documents.
func BenchmarkAnalyse(b *testing.B) {
	docs := benchmarks.NewGenerator(3).SyndicationCorpus(500, benchmarks.Strengths[1]).Docs
	size := 0
	for _, d := range docs {
		size += len(d.Text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	a := newAnalyser(nil)
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			sinkState = a.analyse(d)
		}
	}
}

// TestTokenRanges: every token's range comes back from the compact form,
// those with a size or a gap at and past what a step holds too, at a mark
// and between, and those past a mark.
func TestTokenRanges(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sizes := []int32{0, 1, 254, 255, 256, 1000, 3, maxStepSize - 1, maxStepSize, maxStepSize + 1, 31, 32, 70000}
	for range 500 {
		sizes = append(sizes, int32(r.IntN(40)))
	}
	for range 100 {
		sizes = append(sizes, int32(r.IntN(300)))
	}
	var toks []token
	at, wantWide := int32(0), 0
	for i, n := range sizes {
		gap := int32(r.IntN(10))
		if i%37 == 5 {
			gap = int32(250 + r.IntN(10)) // a wide gap now and then
		}
		at += gap
		toks = append(toks, token{at, at + n})
		at += n
		if n > maxStepSize || i%markEvery != 0 && gap > maxStepGap {
			wantWide++
		}
	}
	tr := makeTokenRanges(toks)
	if tr.len() != len(toks) {
		t.Fatalf("len %d, want %d", tr.len(), len(toks))
	}
	for i, want := range toks {
		if got := tr.at(int32(i)); got != want {
			t.Errorf("token %d: %+v, want %+v", i, got, want)
		}
	}
	// Spans, short (walked on from the first token) and long.
	for range 2000 {
		t0 := r.IntN(len(toks))
		t1 := t0 + 1 + r.IntN(min(len(toks)-t0, 1+r.IntN(80)))
		if start, end := tr.span(int32(t0), int32(t1)); start != toks[t0].start || end != toks[t1-1].end {
			t.Fatalf("span(%d, %d) = %d, %d, want %d, %d", t0, t1, start, end, toks[t0].start, toks[t1-1].end)
		}
	}
	// A cursor, asked in increasing order with skips, and now and then
	// backwards.
	c := newTokenCursor(&tr)
	for i := 0; i < len(toks); i += 1 + r.IntN(20) {
		j := i
		if r.IntN(10) == 0 {
			j = r.IntN(i + 1)
		}
		if got := c.at(int32(j)); got != toks[j] {
			t.Fatalf("cursor at token %d: %+v, want %+v", j, got, toks[j])
		}
	}
	if len(tr.wide) != wantWide {
		t.Errorf("%d wide tokens kept apart, want %d", len(tr.wide), wantWide)
	}
}

// TestLongTokenSpan: a copied sentence that ends in a token longer than
// 255 bytes is reported to that token's end in both documents.
func TestLongTokenSpan(t *testing.T) {
	long := strings.Repeat("x", 300)
	shared := "The minister said the long awaited report on coastal flooding would be published next week by " + long
	docs := []corpus.Doc{
		{ID: "a", Text: []byte("Alpha opens with a sentence of its own about the weather. " + shared + ". Alpha closes here.")},
		{ID: "b", Text: []byte("Bravo has another opening line on local sport results. " + shared + ". Bravo ends too.")},
	}
	rep, err := Scan(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rep.Documents {
		if len(d.Spans) != 1 {
			t.Fatalf("%s: %d spans, want 1", d.ID, len(d.Spans))
		}
		s := d.Spans[0]
		if got := d.Text[s.Start:s.End]; got != shared {
			t.Errorf("%s: span %q, want %q", d.ID, got, shared)
		}
	}
}

// TestBitsetCount checks count, and contentSig's walk of a bitset a word
// at a time, against a bit-by-bit count over random bitsets and ranges.
func TestBitsetCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 2000 {
		n := 1 + rng.IntN(300)
		b := newBitset(n)
		for i := range n {
			if rng.IntN(3) == 0 {
				b.set(i)
			}
		}
		lo := int32(rng.IntN(n))
		hi := lo + int32(rng.IntN(n-int(lo)+1))
		want, walked := 0, 0
		for i := lo; i < hi; i++ {
			if b.has(i) {
				want++
			}
		}
		for w, at := lo>>6, lo; at < hi; w, at = w+1, (w+1)<<6 {
			walked += bits.OnesCount64(b.word(w, at, hi))
		}
		if got := b.count(lo, hi); got != want || walked != want {
			t.Fatalf("trial %d: bits [%d, %d) of %d: count %d, walked %d, want %d", trial, lo, hi, n, got, walked, want)
		}
	}
}

// TestKeyHashes holds keyHashes, which hashes a short ASCII word's key
// from a register, to its rule: the xxhash of the token's key
// (AppendTokenKey), and of the key stem leaves, for every token of the
// seeds, of generated news, and of words made to end each way stem
// looks at, at every length around eight bytes and at the text's end.
func TestKeyHashes(t *testing.T) {
	texts := [][]byte{[]byte("Russia's Putin's CIA's tips Bus bus's class glass's US U.S. it's ITS as is was has hers Mass's 2,900 St. " +
		"ab abs abss abc's abcdefgs abcdefg's abcdefgh's ABCDEFGS abcdefghs Naïve café Ørsted’s O'Neill o'neills x-rays co-ops s")}
	for _, d := range seedDocs() {
		texts = append(texts, d.Text)
	}
	for _, d := range benchmarks.NewGenerator(4).NewsCorpus(50) {
		texts = append(texts, d.Text)
	}
	a := newAnalyser(nil)
	var norm shingle.Normalizer
	checked := 0
	for _, text := range texts {
		for _, tok := range shingle.AppendTokens(nil, text) {
			key := norm.AppendTokenKey(nil, text[tok.Start:tok.End], tok.Kind)
			wantKey, wantStem := xxhash.Sum64(key), xxhash.Sum64(stem(key))
			if k, s := a.keyHashes(text, tok); k != wantKey || s != wantStem {
				t.Fatalf("%q: hashes %#x %#x, want %#x %#x (key %q, stem %q)", text[tok.Start:tok.End], k, s, wantKey, wantStem, key, stem(key))
			}
			checked++
		}
	}
	if checked < 10000 {
		t.Fatalf("%d tokens checked", checked)
	}
}

// TestQuoteChanges: which words are inside quotation marks, a word a
// letter: curly, straight and guillemet marks, every line starting
// outside, and lines quoted as e-mail ('>') inside whole, quotation
// marks on them or not.
func TestQuoteChanges(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{`a “b c” d`, "-++-"},
		{`a "b" c "d`, "-+-+"},
		{"a «b\nc» d", "-+--"},
		{"a “b\nc d", "-+--"},
		{"> a b\nc\n> d", "++-+"},
		{"  > a \"b\" c\r\nd", "+++-"},
		{"a > b\n>c", "--+"},
		{"> a\n\n>\n> b", "++"},
	} {
		w := quoteChanges([]byte(c.text))
		var got []byte
		for i, r := range c.text {
			if r >= 'a' && r <= 'z' {
				if w.at(i) {
					got = append(got, '+')
				} else {
					got = append(got, '-')
				}
			}
		}
		if string(got) != c.want {
			t.Errorf("quoteChanges(%q): words %s, want %s", c.text, got, c.want)
		}
	}
}
