package corpus_test

import (
	"fmt"
	"strings"

	"github.com/copydesk/copydesk/corpus"
)

// JSON Lines on standard input ("-"): each record is a document with its
// outlet and time; a record with no text is skipped, with its reason.
func ExampleFiles() {
	in := strings.NewReader(`{"id": "ap-1", "outlet": "AP", "published": "2017-12-17T15:00:00Z", "text": "Putin thanked Trump for a CIA tip."}
{"id": "blog-7", "outlet": "Blog", "published": "2017-12-17", "text": "The White House confirmed the call."}
{"id": "empty", "text": "   "}
`)
	err := corpus.Files(in, "-")(func(d corpus.Doc) error {
		fmt.Printf("%s (%s, %s, date only %v): %s\n", d.ID, d.Outlet, d.Published.Format("2006-01-02 15:04"), d.DateOnly, d.Text)
		return nil
	}, func(s corpus.Skip) error {
		fmt.Printf("skipped %s: %s\n", s.ID, s.Reason)
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// ap-1 (AP, 2017-12-17 15:00, date only false): Putin thanked Trump for a CIA tip.
	// blog-7 (Blog, 2017-12-17 00:00, date only true): The White House confirmed the call.
	// skipped empty: no text (empty or white space only)
}
