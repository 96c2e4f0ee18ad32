package corpus

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestFeedSeeds: the five seeds written as an RSS 2.0, an Atom and a JSON
// Feed by gorilla/feeds v1.2.0 (testdata/seeds.rss, .atom, .json; each seed an
// item: its lines as paragraphs, its first line the title, its guid
// "urn:seed:" and the seed's id, which is the document's) read as the
// seeds' own files do (their lines, and the mojibake of seed 003
// repaired alike), an item a document, with the title, address and
// time that feedparser 6.0.10, Python's reference reader, finds in them
// (testdata/seeds.feedparser.tsv), and the site as outlet.
func TestFeedSeeds(t *testing.T) {
	folder, _ := read(t, Files(nil, "../internal/seeds"))
	want := readFeedparser(t)
	for _, name := range []string{"seeds.rss", "seeds.atom", "seeds.json"} {
		docs, lines := read(t, Files(nil, "testdata/"+name))
		if len(docs) != len(folder) {
			t.Fatalf("%s: read %q", name, lines)
		}
		place := "testdata/" + name + ":"
		fps := want[name]
		if name == "seeds.json" { // feedparser 6.0.10 reads no JSON Feed: the RSS feed's
			place, fps = "testdata/seeds.json#", want["seeds.rss"]
		}
		for i, d := range docs {
			fp := fps[i]
			if d.ID != "urn:seed:"+folder[i].ID || !strings.HasPrefix(d.Path, place) {
				t.Errorf("%s item %d: id %q, path %q", name, i+1, d.ID, d.Path)
			}
			if d.Title != fp.title || d.URL != fp.link || !d.Published.Equal(fp.time) || d.Outlet != "example-news.org" {
				t.Errorf("%s item %d: title %q, url %q, time %v, outlet %q; feedparser: %q, %q, %v", name, i+1, d.Title, d.URL, d.Published, d.Outlet, fp.title, fp.link, fp.time)
			}
			if textLines(d.Text) != textLines(folder[i].Text) || len(d.Repairs) != len(folder[i].Repairs) {
				t.Errorf("%s item %d: text (%d repairs)\n%s\nwant the seed file's (%d repairs)\n%s", name, i+1, len(d.Repairs), d.Text, len(folder[i].Repairs), folder[i].Text)
			}
		}
	}
	// Both: the same items (guids) with the same texts, read once.
	docs, lines := read(t, Files(nil, "testdata/seeds.rss", "testdata/seeds.atom"))
	if len(docs) != 5 || len(lines) != 10 || !strings.Contains(lines[9], "SKIP testdata/seeds.atom:") || !strings.Contains(lines[9], "urn:seed:004_a95e005c11c08a1e (testdata/seeds.rss:") {
		t.Errorf("both feeds:\n%s", strings.Join(lines, "\n"))
	}
}

// textLines is text's lines that are not blank, trimmed: a page's paragraphs
// are a text file's lines.
func textLines(text []byte) string {
	var out []string
	for _, l := range strings.Split(string(text), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

type feedparserItem struct {
	title, link string
	time        time.Time
}

// readFeedparser reads testdata/seeds.feedparser.tsv: what feedparser
// found in each feed's items.
func readFeedparser(t *testing.T) map[string][]feedparserItem {
	f, err := os.Open("testdata/seeds.feedparser.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]feedparserItem{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		sec, err := strconv.ParseInt(c[5], 10, 64)
		if len(c) != 7 || err != nil {
			t.Fatalf("feedparser's line %q", sc.Text())
		}
		out[c[0]] = append(out[c[0]], feedparserItem{c[2], c[3], time.Unix(sec, 0)})
	}
	return out
}

// readFeedText reads a feed given as text through the reader, named
// name, in a folder of its own, and returns its documents, the lines of
// read (the folder left out) and the folder.
func readFeedText(t *testing.T, name, feed string) ([]Doc, []string, string) {
	t.Helper()
	dir := t.TempDir()
	write(t, dir+"/"+name, []byte(feed))
	docs, lines := read(t, Files(nil, dir))
	for i := range lines {
		lines[i] = strings.ReplaceAll(lines[i], dir+"/", "")
	}
	return docs, lines, dir
}

const rssHead = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example News - World</title><link>https://www.example.org/world</link>
`

const body1 = "Russian President Vladimir Putin called Donald Trump on Sunday to thank him for a CIA tip."

// TestFeedItems: what each kind of feed says of an item, read.
func TestFeedItems(t *testing.T) {
	for _, tc := range []struct {
		name, file, feed string
		want             []string // per document: id, title, url, outlet, time, text, note
		lines            []string // the reader's lines, documents and skips
	}{
		{"RSS 2.0: content:encoded, not a media caption before it; source names the site; the id is the guid in the feed's site",
			"w.rss", rssHead + `<item><title>Putin thanks Trump</title><link>https://www.example.org/world/1</link>
<guid isPermaLink="false">x-1</guid><pubDate>Sun, 17 Dec 2017 15:01:00 EST</pubDate>
<source url="https://apnews.com/rss">AP</source>
<media:content url="https://img.example.org/1.jpg"><media:description>A photo caption, not the story.</media:description></media:content>
<description>&lt;p&gt;A teaser.&lt;/p&gt;</description>
<content:encoded><![CDATA[<p>` + body1 + `</p><p>The second paragraph.</p>]]></content:encoded></item></channel></rss>`,
			[]string{"example.org/x-1|Putin thanks Trump|https://www.example.org/world/1|AP|2017-12-17T20:01:00Z|" + body1 + "\nThe second paragraph.|"}, nil},
		{"RSS 2.0: the description when there is no content; the guid a link, and the id; a title escaped twice",
			"w.rss", rssHead + `<item><title>Trump &amp;amp; Putin</title><guid>https://www.example.org/world/2</guid>
<pubDate>17 Dec 2017 20:01 GMT</pubDate><description>` + body1 + ` It said &amp;nbsp;so.</description></item></channel></rss>`,
			[]string{"https://www.example.org/world/2|Trump & Putin|https://www.example.org/world/2|example.org|2017-12-17T20:01:00Z|" + body1 + " It said so.|"}, nil},
		{"RSS 1.0 (RDF): items beside the channel, dc:date; no guid: the id is the link",
			"w.rdf.xml", `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://example.org/rss"><title>Example</title><link>https://example.org/</link></channel>
<item rdf:about="https://example.org/3"><title>Third</title><link>https://example.org/3</link><dc:date>2017-12-17T20:01:00+00:00</dc:date><description>` + body1 + `</description></item></rdf:RDF>`,
			[]string{"https://example.org/3|Third|https://example.org/3|example.org|2017-12-17T20:01:00Z|" + body1 + "|"}, nil},
		{"Atom: xhtml content, the alternate link, published before updated, the source's title; the id is the entry's",
			"w.atom", `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Ex</title><link rel="self" href="https://feeds.example.org/atom"/><link href="https://www.example.org/"/>
<entry><title type="html">Putin &lt;em&gt;thanks&lt;/em&gt; Trump</title><id>tag:example.org,2017:4</id>
<link rel="enclosure" href="https://img.example.org/4.jpg"/><link rel="alternate" href="https://www.example.org/4"/>
<published>2017-12-17T20:01:00Z</published><updated>2017-12-18T09:00:00Z</updated>
<source><id>tag:rferl.org</id><title>RFE/RL</title></source>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>` + body1 + `</p><p>Then <b>more</b>.</p></div></content></entry></feed>`,
			[]string{"tag:example.org,2017:4|Putin thanks Trump|https://www.example.org/4|RFE/RL|2017-12-17T20:01:00Z|" + body1 + "\nThen more.|"}, nil},
		{"Atom: a plain-text summary is not HTML",
			"w.atom", `<feed xmlns="http://www.w3.org/2005/Atom"><title>Ex</title><entry><title>Five</title><id>urn:5</id><updated>2017-12-17</updated>
<summary>AT&amp;T said 3 &lt; 4 &lt;b&gt; is a tag, in ` + body1 + `</summary></entry></feed>`,
			[]string{"urn:5|Five||Ex|2017-12-17T00:00:00Z|AT&T said 3 < 4 <b> is a tag, in " + body1 + "|"}, nil},
		{"a feed in windows-1251, as its declaration says",
			"w.rss", "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel><title>T</title><item><title>\xcf\xf3\xf2\xe8\xed</title><guid>g</guid><description>\xcf\xf3\xf2\xe8\xed \xef\xee\xe1\xeb\xe0\xe3\xee\xe4\xe0\xf0\xe8\xeb \xd2\xf0\xe0\xec\xef\xe0 \xe7\xe0 \xef\xee\xec\xee\xf9\xfc \xd6\xd0\xd3 \xe2 \xef\xf0\xe5\xe4\xee\xf2\xe2\xf0\xe0\xf9\xe5\xed\xe8\xe8 \xf2\xe5\xf0\xe0\xea\xf2\xe0.</description></item></channel></rss>",
			[]string{"T/g|Путин||T||Путин поблагодарил Трампа за помощь ЦРУ в предотвращении теракта.|read as windows-1251, the encoding the feed declares"}, nil},
		{"an unreadable date, an item with no text, a repeat of the same item, a new version of one",
			"w.rss", rssHead + `<item><title>A</title><guid>a</guid><pubDate>Sunday evening</pubDate><description>` + body1 + `</description></item>
<item><title>B</title><guid>b</guid><description>  </description></item>
<item><title>A</title><guid>a</guid><pubDate>Sunday evening</pubDate><description>` + body1 + `</description></item>
<item><title>A</title><guid>a</guid><description>` + body1 + ` Updated.</description></item></channel></rss>`,
			[]string{"example.org/a|A||example.org||" + body1 + `|its date "Sunday evening" cannot be read: the time is unknown`,
				"example.org/a~2|A||example.org||" + body1 + ` Updated.|duplicate id "example.org/a" (first read from w.rss:4): renamed example.org/a~2; a new version of the item example.org/a (w.rss:4)`},
			[]string{"example.org/a w.rss:4", "SKIP w.rss:5: an item with no text (no content, description or summary)",
				"SKIP w.rss:6: the item example.org/a (w.rss:4) read again, the same text", "example.org/a~2 w.rss:7"}},
		{"a feed cut short: the items before are read, and the skip names the line",
			"w.rss", rssHead + `<item><title>A</title><description>` + body1 + `</description></item>
<item><title>B</title><description>Cut sh`,
			[]string{"w#1|A||example.org||" + body1 + "|"},
			[]string{"w#1 w.rss:4", "SKIP w.rss: feed cut short: line 5: unexpected EOF, in the item at line 5; the items before are read"}},
		{"JSON Feed 1: a number for an id, plain text, a summary alone",
			"w.json", `{"version": "https://jsonfeed.org/version/1", "title": "Ex", "home_page_url": "https://www.example.org/",
"items": [{"id": 4711, "title": "Text", "content_text": "AT&T said 3 < 4, in ` + body1 + `", "date_published": "2017-12-17T15:01:00-05:00"},
{"id": "https://www.example.org/6", "summary": "A <b> summary is plain text: ` + body1 + `"}]}`,
			[]string{"example.org/4711|Text||example.org|2017-12-17T20:01:00Z|AT&T said 3 < 4, in " + body1 + "|",
				"https://www.example.org/6||https://www.example.org/6|example.org||A <b> summary is plain text: " + body1 + "|"},
			[]string{"example.org/4711 w.json#1", "https://www.example.org/6 w.json#2"}},
		{"JSON Feed with no items, then a record", "w.json", `{"version": "https://jsonfeed.org/version/1.1", "title": "Ex", "items": []}
{"id": "r1", "text": "` + body1 + `"}`, []string{"r1|||||" + body1 + "|"}, []string{"SKIP w.json: a feed with no items", "r1 w.json#2"}},
		{"a feed with no items", "w.rss", rssHead + `</channel></rss>`, nil, []string{"SKIP w.rss: a feed with no items"}},
		{"a page saved under a feed's name", "w.rss", `<html><body><p>Not found</p></html>`, nil,
			[]string{"SKIP w.rss: not a feed: its first element is <html>, not <rss>, <feed> or <rdf:RDF>"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs, lines, dir := readFeedText(t, tc.file, tc.feed)
			var got []string
			for _, d := range docs {
				when := ""
				if !d.Published.IsZero() {
					when = d.Published.UTC().Format(time.RFC3339)
				}
				got = append(got, strings.ReplaceAll(strings.Join([]string{d.ID, d.Title, d.URL, d.Outlet, when, string(d.Text), d.Note}, "|"), dir+"/", ""))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if tc.lines != nil && strings.Join(lines, "\n") != strings.Join(tc.lines, "\n") {
				t.Errorf("lines\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(tc.lines, "\n"))
			}
		})
	}
}

// TestFeedByContent: a feed is one by its content, whatever its name: an
// .xml, a file with no extension (a crawler's "rss"), standard input;
// an XML document of another kind is not.
func TestFeedByContent(t *testing.T) {
	feed, err := os.ReadFile("testdata/seeds.rss")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, dir+"/a/feed.xml", feed)
	write(t, dir+"/a/rss", feed)
	write(t, dir+"/a/sitemap.xml", []byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/</loc></url></urlset>`))
	_, lines := read(t, Files(nil, dir+"/a"))
	text := strings.ReplaceAll(strings.Join(lines, "\n"), dir+"/a/", "")
	if strings.Count(text, "\nurn:seed:") != 4 || !strings.HasPrefix(text, "urn:seed:000_b024a780c0f38d2c feed.xml:7") || !strings.Contains(text, "SKIP sitemap.xml: not a document") {
		t.Errorf("read:\n%s", text) // rss's items repeat feed.xml's: skipped as read again
	}
	if strings.Count(text, "SKIP rss:") != 5 {
		t.Errorf("the repeated feed's items are not skipped as read again:\n%s", text)
	}
	var docs []Doc
	src := Open([]string{"-"}, Options{Stdin: bytes.NewReader(feed)})
	if err := src(func(d Doc) error { docs = append(docs, d); return nil }, func(s Skip) error { t.Errorf("skip %v", s); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(docs) != 5 || docs[0].ID != "urn:seed:000_b024a780c0f38d2c" || docs[0].Title == "" {
		t.Errorf("standard input: %d documents, first %q %q", len(docs), docs[0].ID, docs[0].Title)
	}
}

// FuzzFeed: any bytes read as a feed give valid UTF-8 documents, and
// never panic.
func FuzzFeed(f *testing.F) {
	for _, name := range []string{"testdata/seeds.rss", "testdata/seeds.atom"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 1200)]) // short: the fuzzer minimizes what it finds from them
	}
	f.Add([]byte(`<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item><guid>1</guid><content:encoded>By A
B.</content:encoded><wp:post_type>post</wp:post_type><wp:status>draft</wp:status></item></channel></rss>`))
	f.Add([]byte(rssHead + `<item><title>A &amp;amp; B</title><description>x &nbsp; <p>y</description></item>`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		r := reader{doc: func(d Doc) error {
			if !utf8.Valid(d.Text) || !utf8.ValidString(d.Title) || !utf8.ValidString(d.Outlet) || !utf8.ValidString(d.URL) {
				t.Fatalf("invalid UTF-8 from %q", raw)
			}
			return nil
		}, skip: func(Skip) error { return nil }}
		if err := r.feed("f", "f.rss", raw); err != nil {
			t.Fatal(err)
		}
	})
}

// TestWordPressExport: a WordPress site's export (WXR: RSS 2.0 with the
// wp: namespace, as Tools > Export writes it) gives its published posts
// and pages, and each post's text as WordPress shows it: its content is
// stored with line breaks for paragraphs and lines (wpautop adds the
// tags when the page is shown), so a byline, a dateline and a lead on
// lines of their own stay apart, in a <p> or not; the block editor's
// comments are not text. Attachments, menu items and revisions are not
// posts, and drafts, private and scheduled posts not published: each is
// skipped with its reason. Before, a post's lines ran into one.
func TestWordPressExport(t *testing.T) {
	item := func(id, typ, status, content string) string {
		return `<item><title>Post ` + id + `</title><link>https://herald.example/?p=` + id + `</link>
<pubDate>Sun, 17 Dec 2017 20:01:00 +0000</pubDate><guid isPermaLink="false">https://herald.example/?p=` + id + `</guid>
<description></description><content:encoded><![CDATA[` + content + `]]></content:encoded>
<wp:post_id>` + id + `</wp:post_id><wp:status><![CDATA[` + status + `]]></wp:status><wp:post_type><![CDATA[` + typ + `]]></wp:post_type></item>
`
	}
	wxr := `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>The Herald</title><link>https://herald.example</link><wp:wxr_version>1.2</wp:wxr_version>
` + item("1", "post", "publish", "<p>By Anna Smith\nMOSCOW, Dec 17 (Herald) - Russian President Vladimir Putin called President Trump.\nThe Kremlin said so.</p>") +
		item("2", "post", "publish", "First paragraph, <em>classic\neditor</em>.\n\nSecond paragraph, line one\nline two.\n<pre>code\n  kept</pre>") +
		item("3", "page", "publish", "<!-- wp:paragraph -->\n<p>One block.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>Another\nblock.</p>\n<!-- /wp:paragraph -->") +
		item("4", "attachment", "inherit", "A photo's description.") +
		item("5", "post", "draft", "Not yet.") +
		item("6", "post", "future", "Tomorrow.") +
		item("7", "nav_menu_item", "publish", "") +
		`</channel></rss>`
	dir := t.TempDir()
	write(t, dir+"/herald.wordpress.2017-12-18.xml", []byte(wxr))
	docs, got := readDir(t, dir, Files(nil, dir))
	at := func(n int) string { // the file's place of item n
		i := 0
		for range n {
			i += strings.Index(wxr[i:], "<item>") + 1
		}
		return fmt.Sprintf("herald.wordpress.2017-12-18.xml:%d", strings.Count(wxr[:i], "\n")+1)
	}
	want := strings.Join([]string{
		"https://herald.example/?p=1 " + at(1),
		"https://herald.example/?p=2 " + at(2),
		"https://herald.example/?p=3 " + at(3),
		"SKIP " + at(4) + ": a WordPress attachment (wp:post_type), not a post or a page",
		"SKIP " + at(5) + `: a WordPress post not published (wp:status "draft")`,
		"SKIP " + at(6) + `: a WordPress post not published (wp:status "future")`,
		"SKIP " + at(7) + ": a WordPress nav_menu_item (wp:post_type), not a post or a page",
	}, "\n")
	if got != want {
		t.Fatalf("read:\n%s\nwant:\n%s", got, want)
	}
	for i, want := range []string{
		"By Anna Smith\nMOSCOW, Dec 17 (Herald) - Russian President Vladimir Putin called President Trump.\nThe Kremlin said so.",
		"First paragraph, classic\neditor.\nSecond paragraph, line one\nline two.\ncode\n  kept",
		"One block.\nAnother\nblock.",
	} {
		if string(docs[i].Text) != want {
			t.Errorf("%s: text %q, want %q", docs[i].ID, docs[i].Text, want)
		}
	}
}
