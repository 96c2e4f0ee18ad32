package shingle

import (
	"slices"
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
	// Seed 002 wrapped at 64 columns with spaces left at the lines' ends:
	// a stop before a wrap (sureStop) that the rules place before the
	// spaces, and a stop before a line break that is not a wrap.
	f.Add([]byte(strings.ReplaceAll(seeds.Wrap(strings.Join(seeds.Paragraphs(seeds.All()[2].Text), "\n\n"), 64, "", "\n"), "\n", " \t\n")))
	// A paragraph wrapped at 60 columns with a stop before a wrap and a
	// link (no sureStop: the link stays with its sentence), and one
	// before a year (a boundary either way).
	f.Add([]byte("the readout of the call was posted on the website of the\nKremlin on Sunday and read out by the spokesman, who said\nthat the two leaders had agreed to stay in touch on the.\nHTTPS://KREMLIN.ru/events/president/news/56379 the full text\n" +
		"and in the archive of the agency, which keeps every one of\nthem for the year and the call lasted for about twenty\nminutes and was the second of the week, after one on the.\n2017 was the year and it was Thursday about the economy and\nthe year ahead of them all.\n"))
	// Stops with closing marks before wraps, one with spaces after it,
	// and one before a dash (not a sureStop).
	f.Add([]byte("the readout of the call was posted on the website of the\nKremlin on Sunday and read out by the spokesman, who said.”\nThat the two leaders had agreed to stay in touch on it.) \t\n" +
		"They said the full text is in the archive of the agency,\nwhich keeps every one of them for the year and the call.’”\nIt lasted for about twenty minutes and was the second of\nthe week, after one on Thursday about the year ahead.” —\nThe economy and the year ahead of them all were the rest.\n"))
	// The same breaks first in their wrapped texts, before any other
	// asks for the wrapping: a stop before a link, and a stop with
	// closing marks before a dash.
	rest := "and in the archive of the agency, which keeps every one of\nthem for the year and the call lasted for about twenty\nminutes and was the second of the week, after one on the\nday before about the economy and the year ahead of them.\n"
	f.Add([]byte("the readout of the call was posted on the website of it.\nHTTPS://KREMLIN.ru/events/president/news/56379 the full text\n" + rest))
	f.Add([]byte("the readout of the call was posted on the website of it.” —\nThe full text of the readout is on the site of the Kremlin\n" + rest))
	f.Add([]byte("He said no.  \r\nThe talks went on. \nMr.\nSmith left!\n  They did not?\nwhy"))
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
// hold every token exactly once, and that they are the sentences of the
// rules alone (sentencesByRules): boundary's shortcuts (plainGap, and
// sureStop while the wrapping is not measured) and the wrapping measured
// only when asked change nothing.
func FuzzSentences(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, text []byte) {
		toks := AppendTokens(nil, text)
		sents := AppendSentences(nil, text, toks)
		if want := sentencesByRules(text, toks); !slices.Equal(sents, want) {
			t.Fatalf("sentences %+v; by the rules alone, the wrapping measured first, %+v", sents, want)
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

// sentencesByRules is AppendSentences without its shortcuts: the text's
// wrapping measured first, every gap decided by boundaryByRules.
func sentencesByRules(text []byte, toks []Token) []Sentence {
	var dst []Sentence
	if len(toks) == 0 {
		return dst
	}
	start, first := lineStart(text, 0, toks[0].Start), 0
	wrap := NewWrapping(text)
	for i := 0; i+1 < len(toks); i++ {
		p, ok := boundaryByRules(text, toks, i, &wrap)
		if !ok {
			continue
		}
		dst = append(dst, Sentence{Start: start, End: trimSpaceEnd(text, toks[i].End, p), TokStart: first, TokEnd: i + 1})
		start, first = lineStart(text, p, toks[i+1].Start), i+1
	}
	last := toks[len(toks)-1].End
	end := last
	for end < len(text) && text[end] != '\n' && text[end] != '\r' {
		end++
	}
	return append(dst, Sentence{Start: start, End: trimSpaceEnd(text, last, end), TokStart: first, TokEnd: len(toks)})
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
