package dupes_test

import (
	"fmt"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/dupes"
)

// Two copies of a story, one with its last sentence cut, and a story of
// its own: Find reports the copies as a pair, with their exact Jaccard
// similarity and the MinHash estimate that found them, and as a cluster.
func ExampleFind() {
	story := "Russian President Vladimir Putin called U.S. President Donald Trump on Sunday to thank him for a CIA tip that helped thwart a series of bombings in St. Petersburg, the Kremlin said. " +
		"The Federal Security Service announced on Friday that seven suspected followers of the Islamic State group had been arrested for planning terror attacks in the city this weekend. "
	docs := []corpus.Doc{
		{ID: "ap", Text: []byte(story + "The suspects had planned to bomb Kazan Cathedral and other crowded sites, the FSB said.")},
		{ID: "reprint", Text: []byte(story)},
		{ID: "other", Text: []byte("The city council will vote on the new budget next month after a long public consultation with residents and businesses.")},
	}
	rep, err := dupes.Find(corpus.Docs(docs), dupes.Options{Threshold: 0.6})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range rep.Pairs {
		fmt.Printf("%s ~ %s: Jaccard %.2f, estimated %.2f\n", p.A, p.B, p.Jaccard, p.Estimate)
	}
	for _, c := range rep.Clusters {
		fmt.Println("cluster:", c.Members)
	}
	// Output:
	// ap ~ reprint: Jaccard 0.83, estimated 0.85
	// cluster: [ap reprint]
}
