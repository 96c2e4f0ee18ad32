// Package benchmarks holds corpus-scale speed and accuracy benchmarks for
// copydesk, and the deterministic generator of their corpora.
package benchmarks

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/seeds"
	"github.com/copydesk/copydesk/shingle"
)

// Generator makes news-like documents from the seeds' vocabulary with a
// Zipf-like word distribution. Same seed, same documents.
type Generator struct {
	state uint64
	vocab []string
}

// NewGenerator returns a generator seeded with seed.
func NewGenerator(seed uint64) *Generator {
	seen := map[string]bool{}
	var vocab []string
	for _, d := range seeds.All() {
		for _, t := range shingle.AppendTokens(nil, d.Text) {
			w := string(d.Text[t.Start:t.End])
			if t.Kind == shingle.Word && !seen[w] && !strings.ContainsRune(w, '鈥') {
				seen[w] = true
				vocab = append(vocab, w)
			}
		}
	}
	return &Generator{state: seed | 1, vocab: vocab}
}

func (g *Generator) next(n int) int {
	g.state ^= g.state << 13
	g.state ^= g.state >> 7
	g.state ^= g.state << 17
	return int(g.state % uint64(n))
}

// word draws a word: low ranks far more often (rank ≈ n·u³).
func (g *Generator) word() string {
	u := float64(g.next(1<<20)) / (1 << 20)
	return g.vocab[int(u*u*u*float64(len(g.vocab)))]
}

// Article returns an article of about size bytes.
func (g *Generator) Article(size int) []byte {
	var b strings.Builder
	for b.Len() < size {
		n := 12 + g.next(20)
		for i := 0; i < n; i++ {
			w := g.word()
			if i == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
		b.WriteString(".\n")
	}
	return []byte(b.String())
}

// Edit returns text with about one word in every `every` replaced.
func (g *Generator) Edit(text []byte, every int) []byte {
	toks := shingle.AppendTokens(nil, text)
	var b strings.Builder
	prev := 0
	for i, t := range toks {
		if g.next(every) == 0 && i > 0 {
			b.Write(text[prev:t.Start])
			b.WriteString(g.word())
			prev = t.End
		}
	}
	b.Write(text[prev:])
	return []byte(b.String())
}

// DupesCorpus returns n articles of about 3 KB: four in five original, one
// in five a reprint of an earlier article with one word in 50 replaced.
func (g *Generator) DupesCorpus(n int) []corpus.Doc {
	docs := make([]corpus.Doc, 0, n)
	for i := 0; i < n; i++ {
		var text []byte
		if i > 0 && g.next(5) == 0 {
			text = g.Edit(docs[g.next(len(docs))].Text, 50)
		} else {
			text = g.Article(3000)
		}
		docs = append(docs, corpus.Doc{ID: fmt.Sprintf("doc%06d", i), Text: text})
	}
	return docs
}

// PeersCorpus returns n articles of about 3 KB: four in five original, one
// in five a reprint of an earlier article with one word in e replaced, e
// drawn from 5 to 60, so that reprints' Jaccard on word 5-shingles spreads
// from about 0.2 to 0.85, across the thresholds near-duplicate tools are
// run at.
func (g *Generator) PeersCorpus(n int) []corpus.Doc {
	docs := make([]corpus.Doc, 0, n)
	for i := 0; i < n; i++ {
		var text []byte
		if i > 0 && g.next(5) == 0 {
			text = g.Edit(docs[g.next(len(docs))].Text, 5+g.next(56))
		} else {
			text = g.Article(3000)
		}
		docs = append(docs, corpus.Doc{ID: fmt.Sprintf("doc%06d", i), Text: text})
	}
	return docs
}

// Taglines of TaglineCorpus.
const (
	// Tagline closes every story of the Bugle, and no other outlet's.
	Tagline = "Sign up for the Bugle's free morning newsletter to get the day's top stories delivered to your inbox."
	// TailWire closes five stories of the Post, two of the Gazette and
	// one of no outlet: a wire paragraph, syndicated.
	TailWire = "Russian officials have denied meddling in the election, which American intelligence agencies say was ordered to help the campaign."
)

// TaglineCorpus is stories of three outlets, each of four paragraphs of
// drawn words, one a line: five of the Bugle, each closed with Tagline
// (its furniture: corpus.SiteLines's tail lines), and five of the Post,
// two of the Gazette and one of no outlet, each closed with TailWire,
// which is syndicated: no outlet's furniture.
func (g *Generator) TaglineCorpus() []corpus.Doc {
	story := func(last string) []byte {
		var ps []string
		for range 4 {
			ps = append(ps, g.sentence(true)+" "+g.sentence(true))
		}
		return []byte(strings.Join(append(ps, last), "\n\n") + "\n")
	}
	var docs []corpus.Doc
	add := func(outlet string, n int, last string) {
		for i := range n {
			docs = append(docs, corpus.Doc{ID: fmt.Sprintf("%s-%d", strings.ToLower(cmp.Or(outlet, "none")), i), Outlet: outlet, Text: story(last)})
		}
	}
	add("Bugle", 5, Tagline)
	add("Post", 5, TailWire)
	add("Gazette", 2, TailWire)
	add("", 1, TailWire)
	return docs
}

// FurnitureCorpus is four documents of one outlet, the Herald, each
// carrying the outlet's two furniture lines (corpus.SiteLines finds them:
// short lines in three documents or more); the third is those lines and
// nothing else, so that once its outlet's furniture is known it has no
// words to compare.
func FurnitureCorpus() []corpus.Doc {
	furniture := "Herald Sports Desk\nSubscribe to the Herald today\n"
	var docs []corpus.Doc
	for i := range 4 {
		text := furniture + fmt.Sprintf("Story %d of the Herald says the club signed a striker from Lyon for a fee of %d million euros on Sunday.\n", i, 10+i)
		if i == 2 {
			text = furniture
		}
		docs = append(docs, corpus.Doc{ID: fmt.Sprintf("herald-%d", i), Outlet: "Herald", Text: []byte(text)})
	}
	return docs
}
