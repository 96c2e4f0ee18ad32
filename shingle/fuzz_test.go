package shingle

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/seeds"
)

func addSeeds(f *testing.F) {
	for _, d := range seeds.All() {
		f.Add(d.Text)
	}
	// Seed 000 quoted three deep by a client that wraps quotes anew
	// (overflow lines: wrap.go).
	q := seeds.Wrap(strings.Join(seeds.Paragraphs(seeds.All()[0].Text), "\n\n"), 70, "> ", "\r\n")
	for range 2 {
		q = seeds.Wrap(strings.TrimRight(strings.ReplaceAll(q, "\r\n", "\n"), "\n"), 72, "> ", "\n")
	}
	f.Add([]byte(q))
	// Seed 001 filled as fmt fills (lines evened out), in capitals too,
	// and a numbered list: the run-on rules (cannotEnd).
	f.Add([]byte(seeds.Fill(strings.Join(seeds.Paragraphs(seeds.All()[1].Text), "\n\n"), 60, "", "\n")))
	f.Add([]byte(seeds.Fill(strings.ToUpper(strings.Join(seeds.Paragraphs(seeds.All()[1].Text)[:3], "\n\n")), 50, "> ", "\n")))
	f.Add([]byte("The agencies named in the\n1) Kazan Cathedral and\n2) the metro of the\n(iv) city, in\nSt Petersburg on December\n17.\n"))
	for _, s := range []string{"", "U.S.-Russia", "\xff\xfe", "a.\n\nb", "https://x.y/(z)).", "@", "#", "中国", "Mr.\nTrump", "a\u00ad", "'’‘", "2,900.5:1/2"} {
		f.Add([]byte(s))
	}
}

// FuzzTokens checks that tokens are in bounds, ordered and disjoint, start
// on a rune boundary, and map back to their source bytes: scanning a token's
// bytes alone gives that one token, of the same kind.
func FuzzTokens(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, text []byte) {
		// scanWord agrees with itself without its ASCII shortcuts wherever a
		// word could start.
		for i := range text {
			if r, _ := decodeRune(text, i); isWordRune(r) {
				e, k := scanWord(text, i)
				if re, rk := scanWordBy(text, i, false); e != re || k != rk {
					t.Fatalf("scanWord(%q, %d) = %d, %v; the reference says %d, %v", text, i, e, k, re, rk)
				}
			}
		}
		toks := AppendTokens(nil, text)
		prev := 0
		var n Normalizer
		for _, tok := range toks {
			if tok.Start < prev || tok.End <= tok.Start || tok.End > len(text) {
				t.Fatalf("token %+v out of order or bounds (prev end %d, len %d)", tok, prev, len(text))
			}
			prev = tok.End
			b := text[tok.Start:tok.End]
			if !utf8.Valid(b) {
				t.Fatalf("token %q is not valid UTF-8", b)
			}
			again := AppendTokens(nil, b)
			if len(again) != 1 || again[0].Start != 0 || again[0].End != len(b) || again[0].Kind != tok.Kind {
				t.Fatalf("token %q (%v) rescans as %+v", b, tok.Kind, again)
			}
			// The key's ASCII fast path agrees with the fold and the
			// compaction run in full.
			key := n.AppendTokenKey([]byte("x"), b, tok.Kind)
			want := n.AppendFold([]byte("x"), b)
			if tok.Kind == Word || tok.Kind == Number {
				want = compactKey(want, 1)
			}
			if string(key) != string(want) {
				t.Fatalf("AppendTokenKey(%q) = %q, the full fold and compaction %q", b, key[1:], want[1:])
			}
		}
	})
}

// FuzzSentences checks that sentences are ordered, disjoint, in bounds, and
// hold every token exactly once.
func FuzzSentences(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, text []byte) {
		toks := AppendTokens(nil, text)
		sents := AppendSentences(nil, text, toks)
		wrap := NewWrapping(text)
		for i := 0; i+1 < len(toks); i++ {
			p, ok := boundary(text, toks, i, &wrap)
			if rp, rok := boundaryByRules(text, toks, i, &wrap); p != rp || ok != rok {
				t.Fatalf("boundary after token %d (%q) = %d, %v; by the rules %d, %v", i, text[toks[i].Start:toks[i].End], p, ok, rp, rok)
			}
		}
		if len(toks) > 0 && len(sents) == 0 {
			t.Fatalf("%d tokens but no sentence", len(toks))
		}
		nextTok, prevEnd := 0, 0
		for _, s := range sents {
			if s.TokStart != nextTok || s.TokEnd <= s.TokStart || s.TokEnd > len(toks) {
				t.Fatalf("sentence %+v: token range does not follow %d", s, nextTok)
			}
			nextTok = s.TokEnd
			if s.Start < prevEnd || s.Start > toks[s.TokStart].Start || s.End < toks[s.TokEnd-1].End || s.End > len(text) {
				t.Fatalf("sentence %+v: byte range wrong (prev end %d, tokens %+v..%+v)", s, prevEnd, toks[s.TokStart], toks[s.TokEnd-1])
			}
			prevEnd = s.End
		}
		if nextTok != len(toks) {
			t.Fatalf("sentences cover %d of %d tokens", nextTok, len(toks))
		}
	})
}

// FuzzShingles checks the shingle count and token ranges, that each
// shingle's hash is the documented one (HashKeys of its tokens' keys,
// AppendTokenKey: wordHashes keys most tokens without it), and that the
// hot path agrees with AppendShingles.
func FuzzShingles(f *testing.F) {
	addSeeds(f)
	f.Add([]byte("a bb ccc dddd eeeee ffffff ggggggg hhhhhhhh iiiiiiiii J.K. 2,900 É é"))
	f.Add([]byte("U.S. Is IT ok? x,y a.b HELLO8chars Naïve café ok"))
	f.Fuzz(func(t *testing.T, text []byte) {
		var s Shingler
		toks := AppendTokens(nil, text)
		sents := AppendSentences(nil, text, toks)
		shingles := s.AppendShingles(nil, text, toks, sents)
		var norm Normalizer
		for _, sh := range shingles {
			var keys [][]byte
			for i := sh.TokStart; i < sh.TokEnd; i++ {
				keys = append(keys, norm.AppendTokenKey(nil, text[toks[i].Start:toks[i].End], toks[i].Kind))
			}
			if h := HashKeys(keys); h != sh.Hash {
				t.Fatalf("shingle %+v: hash %x, of its keys %q %x", sh, sh.Hash, keys, h)
			}
		}
		want := 0
		for _, se := range sents {
			want += max(1, se.TokEnd-se.TokStart-DefaultK+1)
		}
		if len(shingles) != want {
			t.Fatalf("%d shingles, want %d", len(shingles), want)
		}
		hashes := s.AppendHashes(nil, text)
		if len(hashes) != len(shingles) {
			t.Fatalf("AppendHashes gave %d hashes, AppendShingles %d", len(hashes), len(shingles))
		}
		for i, sh := range shingles {
			if sh.Hash != hashes[i] {
				t.Fatalf("shingle %d: hash %x, hot path %x", i, sh.Hash, hashes[i])
			}
			if sh.TokStart < 0 || sh.TokEnd > len(toks) || sh.TokEnd-sh.TokStart > DefaultK || sh.TokEnd <= sh.TokStart {
				t.Fatalf("shingle %+v: bad token range", sh)
			}
		}
	})
}
