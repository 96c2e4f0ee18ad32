package reuse_test

import (
	"fmt"
	"time"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/reuse"
)

// A wire story, a paper that reprints two of its sentences (one span: a
// stretch copied in a row) and puts a third in the passive, and a story
// of its own: Scan finds the copy, who published it first, and the
// rewrite, which it does not count as copied. The wire's side of the
// rewrite is not rewritten: the paper published it later.
func ExampleScan() {
	at := func(h int) time.Time { return time.Date(2026, 3, 3, h, 0, 0, 0, time.UTC) }
	docs := []corpus.Doc{
		{ID: "wire", Outlet: "Wire", Published: at(9), Text: []byte(
			"The ministry said the closure would affect about forty thousand commuters every day and that buses would replace the trains. " +
				"Critics said the project had been delayed for years and that the cost had doubled since it was first announced in parliament. " +
				"The suspects used a metal container as a laboratory for making explosives.")},
		{ID: "paper", Outlet: "Paper", Published: at(11), Text: []byte(
			"The ministry said the closure would affect about forty thousand commuters every day and that buses would replace the trains. " +
				"Critics said the project had been delayed for years and that the cost had doubled since it was first announced in parliament. " +
				"A metal container was used by the suspects as a laboratory for making explosives.")},
		{ID: "own", Outlet: "Own", Published: at(10), Text: []byte(
			"The city council will vote on the new budget next month after a long public consultation with residents.")},
	}
	rep, err := reuse.Scan(corpus.Docs(docs), reuse.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range rep.Documents {
		fmt.Printf("%s: %.0f%% original, %.0f%% rewritten\n", d.ID, 100*d.OriginalFraction, 100*d.RewrittenFraction)
		for _, s := range d.Spans {
			if s.Source != nil {
				fmt.Printf("  copied from %s, %d s earlier: %q\n", s.Source.Doc, s.Source.LeadSeconds, d.Text[s.Start:s.End][:40])
			}
		}
		for _, r := range d.Rewrites {
			fmt.Printf("  rewrites %s: %q\n", r.With.Doc, d.Text[r.Start:r.End][:40])
		}
	}
	// Output:
	// wire: 100% original, 0% rewritten
	//   rewrites paper: "The suspects used a metal container as a"
	// paper: 25% original, 25% rewritten
	//   copied from wire, 7200 s earlier: "The ministry said the closure would affe"
	//   rewrites wire: "A metal container was used by the suspec"
	// own: 100% original, 0% rewritten
}
