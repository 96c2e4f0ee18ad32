package benchmarks

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/corpus"
)

// Strength is how heavily an outlet edits the text it reprints: on average
// one edit (a substituted, inserted or deleted word) every Every words; 0
// means verbatim.
type Strength struct {
	Name  string
	Every int
}

// Strengths are the edit strengths the accuracy benchmark reports.
var Strengths = []Strength{{"verbatim", 0}, {"light", 10}, {"medium", 5}, {"heavy", 3}}

// Labelled is a generated corpus with its ground truth: for every document,
// the byte ranges that hold reused text and the passage each comes from.
type Labelled struct {
	Docs  []corpus.Doc
	Truth [][]TrueSpan // per document, in text order
	// Stock counts the stock phrases planted in original sentences: text
	// many documents share that is not reuse.
	Stock int
}

// TrueSpan is one reused sentence in a document: Text[Start:End] is a copy
// (perhaps edited) of passage Passage, which other documents also carry.
type TrueSpan struct {
	Start, End int
	Passage    int
}

// stockPhrases are the generic phrases of news copy that many stories share
// without copying one another. The evidence rule must not flag them.
var stockPhrases = []string{
	"President Vladimir Putin called U.S. President Donald Trump",
	"the White House said in a statement on Sunday",
	"according to a statement released by the Kremlin",
	"it was not immediately clear whether the",
	"declined to comment when contacted by",
	"the Federal Security Service said on Friday",
	"in a telephone call on Thursday",
	"said in a statement posted on its website",
	"the two leaders spoke by phone",
	"officials said on condition of anonymity",
}

// SyndicationCorpus generates n documents of about 3 KB, of four kinds:
//
//   - wire stories (one in eight), wholly original when they appear;
//   - reprints (half): an outlet's own sentences around a run of sentences
//     from an earlier wire story, each copied sentence edited at strength s,
//     neighbouring copied sentences sometimes swapped, straight and curly
//     quotation marks sometimes exchanged;
//   - quoters (one in eight): own text quoting a common source (a statement
//     several outlets quote, inside quotation marks);
//   - unrelated documents (the rest).
//
// Original sentences carry stock phrases now and then. Labels record every
// copied sentence and quotation in every document that carries it, the
// source included, once a second document has carried it.
func (g *Generator) SyndicationCorpus(n int, s Strength) *Labelled {
	type sentence struct {
		text    string
		passage int
		shared  int // bytes of text that are the passage; 0 means all
	}
	var wires [][]sentence
	var statements []sentence
	passage := 0
	newSentence := func() string { return g.sentence(true) }
	for i := 0; i < 12; i++ {
		statements = append(statements, sentence{text: g.sentence(false), passage: passage})
		passage++
	}
	out := &Labelled{}
	seen := map[int][]int{} // passage -> documents carrying it
	var bodies [][]sentence
	for i := 0; i < n; i++ {
		var body []sentence
		own := func(k int) {
			for j := 0; j < k; j++ {
				t := newSentence()
				if g.next(4) == 0 {
					t = g.withStock(t)
					out.Stock++
				}
				body = append(body, sentence{text: t, passage: -1})
			}
		}
		switch r := g.next(8); {
		case r == 0 || len(wires) == 0:
			var w []sentence
			for j := 0; j < 20; j++ {
				w = append(w, sentence{text: newSentence(), passage: passage})
				passage++
			}
			wires = append(wires, w)
			body = w
		case r <= 4:
			w := wires[g.next(len(wires))]
			from := g.next(len(w) / 2)
			to := from + 4 + g.next(len(w)-from-3)
			own(2 + g.next(4))
			for j := from; j < to; j++ {
				body = append(body, sentence{text: g.editSentence(w[j].text, s.Every), passage: w[j].passage})
			}
			for j := len(body) - (to - from); j+1 < len(body); j++ {
				if g.next(8) == 0 {
					body[j], body[j+1] = body[j+1], body[j]
				}
			}
			own(2 + g.next(6))
		case r == 5:
			own(6 + g.next(4))
			st := statements[g.next(len(statements))]
			q := "“" + st.text + ",”"
			if g.next(2) == 0 {
				q = "\"" + st.text + ",\""
			}
			line := q + " " + g.words(2+g.next(4)) + "."
			at := g.next(len(body))
			body = append(body[:at], append([]sentence{{line, st.passage, len(q)}}, body[at:]...)...)
			own(4 + g.next(6))
		default:
			own(16 + g.next(8))
		}
		bodies = append(bodies, body)
		for _, x := range body {
			if x.passage >= 0 {
				seen[x.passage] = append(seen[x.passage], i)
			}
		}
	}
	for i, body := range bodies {
		var b strings.Builder
		var truth []TrueSpan
		for j, x := range body {
			if j > 0 {
				b.WriteString("\n")
			}
			start := b.Len()
			b.WriteString(x.text)
			end := b.Len()
			if x.shared > 0 {
				end = start + x.shared
			}
			if x.passage >= 0 && len(distinct(seen[x.passage])) >= 2 {
				truth = append(truth, TrueSpan{start, end, x.passage})
			}
		}
		out.Docs = append(out.Docs, corpus.Doc{ID: fmt.Sprintf("doc%06d", i), Text: []byte(b.String())})
		out.Truth = append(out.Truth, truth)
	}
	return out
}

func distinct(xs []int) []int {
	var out []int
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// sentence draws a sentence of 12 to 31 words; capital first word and a
// full stop when full.
func (g *Generator) sentence(full bool) string {
	n := 12 + g.next(20)
	words := make([]string, n)
	for i := range words {
		words[i] = g.word()
	}
	if full {
		words[0] = strings.ToUpper(words[0][:1]) + words[0][1:]
		return strings.Join(words, " ") + "."
	}
	return strings.Join(words, " ")
}

// words draws n words.
func (g *Generator) words(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = g.word()
	}
	return strings.Join(w, " ")
}

// withStock puts a stock phrase into a sentence, after its first word.
func (g *Generator) withStock(t string) string {
	words := strings.Fields(t)
	at := 1 + g.next(len(words)-1)
	phrase := stockPhrases[g.next(len(stockPhrases))]
	return strings.Join(words[:at], " ") + " " + phrase + " " + strings.Join(words[at:], " ")
}

// editSentence edits about one word in every `every` (0: none): a third
// substitutions, a third insertions, a third deletions. Straight and curly
// quotation marks are exchanged in one sentence in four.
func (g *Generator) editSentence(t string, every int) string {
	if every == 0 {
		return t
	}
	words := strings.Fields(t)
	var out []string
	for _, w := range words {
		if g.next(every) != 0 {
			out = append(out, w)
			continue
		}
		switch g.next(3) {
		case 0:
			out = append(out, g.word())
		case 1:
			out = append(out, w, g.word())
		}
	}
	if len(out) == 0 {
		out = words[:1]
	}
	s := capitalise(strings.Join(out, " "))
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	if g.next(4) == 0 {
		s = strings.NewReplacer("“", "\"", "”", "\"", "\"", "“").Replace(s)
	}
	return s
}

// capitalise returns s with its first letter, after any opening quotation
// mark, in upper case: an edit that replaces a sentence's first word
// starts it as a writer would (and a sentence that starts in lower case
// does not end the one before it when lines are joined).
func capitalise(s string) string {
	i := strings.IndexFunc(s, unicode.IsLetter)
	if i < 0 {
		return s
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return s[:i] + string(unicode.ToUpper(r)) + s[i+n:]
}

// Wrapped returns the corpus laid out as wire archives and e-mail carry
// text: three sentences to a paragraph, one line break between paragraphs,
// and each paragraph hard-wrapped at width runes (greedily, as fmt does).
// Only separators change, each one byte for one byte (a line break for a
// space, a space for a line break), so the labels hold as they are.
func (l *Labelled) Wrapped(width int) *Labelled {
	out := &Labelled{Truth: l.Truth, Stock: l.Stock}
	for _, d := range l.Docs {
		text := []byte(string(d.Text))
		// Three sentences to a paragraph; a line that ends in no full
		// stop (a headline, a dateline) stays a paragraph of its own, as
		// it would in a wire archive.
		inPara := 0
		for i, c := range text {
			if c != '\n' {
				continue
			}
			if r, _ := utf8.DecodeLastRune(text[:i]); !strings.ContainsRune(".!?\"”", r) {
				inPara = 0
				continue
			}
			if inPara++; inPara%3 != 0 {
				text[i] = ' '
			}
		}
		lineStart, lastSpace, n := 0, -1, 0 // n: runes since lineStart
		for i := 0; i < len(text); i++ {
			switch c := text[i]; {
			case c == '\n':
				lineStart, lastSpace, n = i+1, -1, 0
				continue
			case c == ' ':
				lastSpace = i
			}
			if text[i]&0xC0 != 0x80 {
				n++
			}
			if n > width && lastSpace > lineStart {
				text[lastSpace] = '\n'
				lineStart = lastSpace + 1
				n = utf8.RuneCount(text[lineStart : i+1])
				lastSpace = -1
			}
		}
		out.Docs = append(out.Docs, corpus.Doc{ID: d.ID, Text: text})
	}
	return out
}
