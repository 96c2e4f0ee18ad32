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

// A scan spread over workers (as the nested module beam runs it): each
// document analysed where it is read, its postings sent to the shard of
// their hashes' top bit, each shard's candidates found apart, and the
// shards joined by ScanCandidates, whose report is Scan's.
func ExampleScanCandidates() {
	docs := []corpus.Doc{
		{ID: "wire", Text: []byte("The ministry said the closure would affect about forty thousand commuters every day and that buses would replace the trains.")},
		{ID: "paper", Text: []byte("Officials met on Monday. The ministry said the closure would affect about forty thousand commuters every day and that buses would replace the trains.")},
	}
	// On each document's worker: its analysis, and its postings, its
	// units numbered after those of the documents before it.
	analyses := make([]*reuse.Analysis, len(docs))
	var shards [2][]reuse.Posting
	first := uint32(0)
	for d, doc := range docs {
		analyses[d] = reuse.Analyse(doc)
		for _, p := range analyses[d].AppendPostings(nil, uint32(d), first, 0) {
			shards[p.Hash>>63] = append(shards[p.Hash>>63], p)
		}
		first += uint32(analyses[d].Units())
	}
	// On each shard's worker.
	var found []reuse.Shard
	for _, ps := range shards {
		sh, err := reuse.ShardCandidates(ps, reuse.Ranks(docs))
		if err != nil {
			fmt.Println(err)
			return
		}
		found = append(found, sh)
	}
	// On the worker that joins them.
	src := func(doc func(corpus.Doc, *reuse.Analysis) error, _ func(corpus.Skip) error) error {
		for d := range docs {
			if err := doc(docs[d], analyses[d]); err != nil {
				return err
			}
		}
		return nil
	}
	rep, err := reuse.ScanCandidates(src, found, reuse.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range rep.Passages {
		fmt.Printf("passage %d in %d documents: %q\n", p.ID, p.Reach.Documents, p.Text[:40])
	}
	for _, d := range rep.Documents {
		fmt.Printf("%s: %.0f%% original\n", d.ID, 100*d.OriginalFraction)
	}
	// Output:
	// passage 1 in 2 documents: "The ministry said the closure would affe"
	// wire: 0% original
	// paper: 17% original
}
