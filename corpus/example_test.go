package corpus_test

import (
	"fmt"
	"strings"
	"time"

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

// An mbox on standard input: each message is a document, its header not
// text: its Subject the title, its From address the outlet, its Date the
// time; the nth is "stdin#n" at the line of its "From " line.
func ExampleFiles_mail() {
	in := strings.NewReader(`From press@whitehouse.gov Sun Dec 17 20:01:00 2017
From: White House Press <press@whitehouse.gov>
Date: Sun, 17 Dec 2017 20:01:00 -0500
Subject: Readout of the President's call
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

President Trump spoke with President Vladimir Putin of Russia, who thanked =
him for the CIA's information.

From news@ap.org Mon Dec 18 09:00:00 2017
From: AP <news@ap.org>
Subject: Putin thanks Trump for CIA tip

Russian President Vladimir Putin called Trump on Sunday.
`)
	err := corpus.Files(in, "-")(func(d corpus.Doc) error {
		fmt.Printf("%s at %s, %s, %q: %s", d.ID, d.Path, d.Outlet, d.Title, d.Text)
		return nil
	}, func(s corpus.Skip) error {
		fmt.Printf("skipped %s: %s\n", s.ID, s.Reason)
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// stdin#1 at -:1, press@whitehouse.gov, "Readout of the President's call": President Trump spoke with President Vladimir Putin of Russia, who thanked him for the CIA's information.
	// stdin#2 at -:11, news@ap.org, "Putin thanks Trump for CIA tip": Russian President Vladimir Putin called Trump on Sunday.
}

// A feed: each item is a document, its id its guid (else its link), in
// the site's name, its time read at the offset its zone's name has.
func ExampleFiles_feed() {
	in := strings.NewReader(`<?xml version="1.0"?><rss version="2.0"><channel><title>AP Top News</title><link>https://apnews.com/</link>
<item><title>Putin thanks Trump for CIA tip</title><guid>https://apnews.com/article/1</guid>
<pubDate>Sun, 17 Dec 2017 15:01:00 EST</pubDate>
<description>&lt;p&gt;Russian President Vladimir Putin called Trump on Sunday.&lt;/p&gt;</description></item>
<item><title>Kremlin: CIA tip foiled attack</title><link>https://apnews.com/article/2</link>
<description>The Kremlin said the tip helped stop a bombing.</description></item>
</channel></rss>
`)
	err := corpus.Files(in, "-")(func(d corpus.Doc) error {
		fmt.Printf("%s at %s, %s, %s, %s, %q: %s\n", d.ID, d.Path, d.Outlet, d.URL, d.Published.UTC().Format(time.RFC3339), d.Title, d.Text)
		return nil
	}, func(s corpus.Skip) error {
		fmt.Printf("skipped %s: %s\n", s.Path, s.Reason)
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// https://apnews.com/article/1 at -:2, apnews.com, https://apnews.com/article/1, 2017-12-17T20:01:00Z, "Putin thanks Trump for CIA tip": Russian President Vladimir Putin called Trump on Sunday.
	// https://apnews.com/article/2 at -:5, apnews.com, https://apnews.com/article/2, 0001-01-01T00:00:00Z, "Kremlin: CIA tip foiled attack": The Kremlin said the tip helped stop a bombing.
}
