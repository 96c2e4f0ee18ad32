package benchmarks

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/copydesk/copydesk/corpus"
)

// WireParagraph is the paragraph ReachCorpus spreads.
const WireParagraph = "Officials in the capital confirmed on Tuesday that the northern rail corridor will close for " +
	"eleven days next month while engineers replace the ageing signal system, a project the transport " +
	"ministry says will cost about 240 million euros."

// ReachCorpus is WireParagraph carried by n documents, each between
// sentences of its own (OwnText): document "wire" (outlet "Wire") first,
// at 09:00 UTC on 3 March 2026, then the copies "r000001" and on, a
// minute apart, from 50 outlets. Same n, same documents.
func ReachCorpus(n int) []corpus.Doc {
	r := rand.New(rand.NewPCG(11, uint64(n)))
	base := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	docs := make([]corpus.Doc, n)
	for i := range docs {
		id, outlet := fmt.Sprintf("r%06d", i), fmt.Sprintf("Outlet %d", i%50)
		if i == 0 {
			id, outlet = "wire", "Wire"
		}
		docs[i] = corpus.Doc{ID: id, Outlet: outlet, Published: base.Add(time.Duration(i) * time.Minute),
			Text: []byte(OwnText(r, 1+r.IntN(3)) + "\n\n" + WireParagraph + "\n\n" + OwnText(r, 1+r.IntN(3)))}
	}
	return docs
}

// OwnText returns n sentences of made-up words ("w" and eight hex
// digits), which no other call shares.
func OwnText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		for w := range 12 + r.IntN(9) {
			if w > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "w%x", r.Uint32())
		}
		b.WriteString(". ")
	}
	return b.String()
}

// EditedCopiesCorpus is one article of 30 sentences carried by n
// documents, each copy but the first with 30 words replaced at random
// (about one a sentence, none in a third of them) by words of a
// vocabulary of 6,000: a wire story reprinted everywhere with light
// edits throughout. Document "story" (outlet "Wire") comes first, at
// 09:00 UTC on 3 March 2026, then the copies "e000001" and on, a minute
// apart, from 50 outlets. Each sentence begins with a capital and ends
// with a full stop, so that the scan splits a copy into its 30 sentences.
// Two copies may make the same edit by chance, as reprints sometimes do,
// and more often the more copies there are. Same n, same documents.
func EditedCopiesCorpus(n int) []corpus.Doc {
	r := rand.New(rand.NewPCG(13, 0))
	vocab := make([]string, 6000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("v%x", r.Uint32()>>8)
	}
	story := make([][]string, 30)
	for s := range story {
		for range 12 + r.IntN(9) {
			story[s] = append(story[s], vocab[r.IntN(len(vocab))])
		}
	}
	r = rand.New(rand.NewPCG(13, uint64(n)))
	base := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	docs := make([]corpus.Doc, n)
	copyOf := make([][]string, len(story))
	for i := range docs {
		id, outlet := fmt.Sprintf("e%06d", i), fmt.Sprintf("Outlet %d", i%50)
		if i == 0 {
			id, outlet = "story", "Wire"
		}
		for s := range story {
			copyOf[s] = append(copyOf[s][:0], story[s]...)
		}
		if i > 0 { // the original is not edited
			for range 30 {
				s := r.IntN(len(story))
				copyOf[s][r.IntN(len(copyOf[s]))] = vocab[r.IntN(len(vocab))]
			}
		}
		var b strings.Builder
		for _, words := range copyOf {
			b.WriteString(strings.ToUpper(words[0][:1]) + words[0][1:] + " ")
			b.WriteString(strings.Join(words[1:], " "))
			b.WriteString(". ")
		}
		docs[i] = corpus.Doc{ID: id, Outlet: outlet, Published: base.Add(time.Duration(i) * time.Minute), Text: []byte(b.String())}
	}
	return docs
}

// TwinEditsCorpus is a story of eight sentences carried by 24 documents,
// an hour apart: "story" (outlet "Wire") first; 20 copies "c01" to "c20",
// each with one word of its own changed; "twin-a" and "twin-b", which
// changed the same word of the fourth sentence alike, and each a word of
// its own in the third and in the fifth; and "reprint", last, a copy of
// twin-a with its edits. The twins share a sentence beyond the story by
// chance; the reprint copied twin-a.
func TwinEditsCorpus() []corpus.Doc {
	r := rand.New(rand.NewPCG(17, 0))
	word := func() string { return fmt.Sprintf("w%x", r.Uint32()>>12) }
	story := make([][]string, 8)
	for s := range story {
		for range 14 + r.IntN(6) {
			story[s] = append(story[s], word())
		}
	}
	text := func(edits map[[2]int]string) []byte {
		var b strings.Builder
		for s, words := range story {
			for i, w := range words {
				if e, ok := edits[[2]int{s, i}]; ok {
					w = e
				}
				if i == 0 {
					w = strings.ToUpper(w[:1]) + w[1:]
				}
				if i > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(w)
			}
			b.WriteString(". ")
		}
		return []byte(b.String())
	}
	base := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	var docs []corpus.Doc
	add := func(id, outlet string, edits map[[2]int]string) {
		docs = append(docs, corpus.Doc{ID: id, Outlet: outlet, Published: base.Add(time.Duration(len(docs)) * time.Hour), Text: text(edits)})
	}
	add("story", "Wire", nil)
	for i := 1; i <= 20; i++ {
		add(fmt.Sprintf("c%02d", i), fmt.Sprintf("Outlet %d", i), map[[2]int]string{{i % 8, 5 + i%7}: word()})
	}
	shared := word()
	a := map[[2]int]string{{3, 6}: shared, {2, 4}: word(), {4, 9}: word()}
	add("twin-a", "Twin A", a)
	add("twin-b", "Twin B", map[[2]int]string{{3, 6}: shared, {2, 8}: word(), {4, 3}: word()})
	add("reprint", "Reprint", a)
	return docs
}
