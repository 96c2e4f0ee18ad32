package reuse

import (
	"fmt"
	"testing"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/seeds"
	"github.com/copydesk/copydesk/repair"
)

func seedDocs() []corpus.Doc {
	var docs []corpus.Doc
	for _, s := range seeds.All() {
		text, fixes := repair.Text(nil, s.Text)
		docs = append(docs, corpus.Doc{ID: s.ID[:3], Text: text, Repairs: fixes})
	}
	return docs
}

func TestDebug(t *testing.T) {
	rep, err := Scan(corpus.Docs(seedDocs()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rep.Documents {
		fmt.Printf("== %s orig %.3f\n", d.ID, d.OriginalFraction)
		for _, s := range d.Spans {
			fmt.Printf("  [%d,%d) q=%v %q att=%q\n", s.Start, s.End, s.Quoted, d.Text[s.Start:s.End], s.Attribution)
			for _, m := range s.Matches {
				fmt.Printf("      %s %.3f\n", m.Doc, m.Similarity)
			}
		}
	}
}

func TestDebugPassages(t *testing.T) {
	rep, _ := Scan(corpus.Docs(seedDocs()), Options{})
	text := map[string]string{}
	for _, d := range rep.Documents {
		text[d.ID] = d.Text
	}
	for _, p := range rep.Passages {
		fmt.Printf("P%d reach %d words %d quoted %v\n", p.ID, p.Reach, p.Words, p.Quoted)
		for _, m := range p.Members {
			fmt.Printf("   %s q=%v %q\n", m.Doc, m.Quoted, text[m.Doc][m.Start:m.End])
		}
	}
	for _, p := range rep.Pairs {
		fmt.Printf("%+v\n", p)
	}
}
