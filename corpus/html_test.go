package corpus

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestExtractHTML: ExtractHTML(page) = title, date, text, outlet and URL.
func TestExtractHTML(t *testing.T) {
	for _, tc := range []struct {
		name, page  string
		title, text string
		date        string
		outlet, url string
	}{
		{"article and chrome",
			`<!doctype html><html><head><title>Kremlin Says CIA Helped | RFE/RL</title>
<meta property="og:title" content="Kremlin Says CIA Helped Russia">
<meta property="og:site_name" content=" RFE/RL ">
<link rel="canonical" href="https://www.rferl.org/a/28922836.html">
<meta property="article:published_time" content="2017-12-17T20:01:00Z">
<script>var x = "<p>not text</p>";</script><style>p{}</style></head>
<body><a class="skip-link" href="#main">Accessibility links</a>
<nav><ul><li>Home</li><li>Breaking News</li></ul></nav><header class="masthead">RFE/RL</header>
<article><h1>Kremlin Says CIA Helped</h1>
<p>The Kremlin says the U.S.   Central
Intelligence Agency (CIA) provided <b>information</b> that helped.</p>
<div class="share-tools">Share on Twitter</div>
<p>In a December 17 call, Putin thanked Trump.<br>Second line.</p>
<figure><img src="x.jpg"><figcaption>Photo caption</figcaption></figure>
</article><aside>Related: other story</aside><footer>© 2017</footer></body></html>`,
			"Kremlin Says CIA Helped Russia",
			"Kremlin Says CIA Helped\nThe Kremlin says the U.S. Central Intelligence Agency (CIA) provided information that helped.\nIn a December 17 call, Putin thanked Trump.\nSecond line.",
			"2017-12-17T20:01:00Z", "RFE/RL", "https://www.rferl.org/a/28922836.html"},
		{"densest paragraphs without article",
			`<html><head><title>Title only</title></head><body><div id="menu">Home | World | Sport</div>
<div class="story"><p>` + long("First paragraph of the story") + `</p><p>Second paragraph.</p></div>
<div class="rail"><p>Short teaser.</p></div><time datetime="2017-12-18">Dec 18</time></body></html>`,
			"Title only",
			long("First paragraph of the story") + "\nSecond paragraph.",
			"2017-12-18T00:00:00Z", "", ""},
		// A blog post quotes a readout at length, its own words in
		// paragraphs around the quote: the quote is part of the post,
		// and the post is the main text, not the quote alone.
		{"a post around a long quote, no article",
			`<html><head><title>Putin called</title></head><body><div class="nav-links">Home | Archive</div>
<h1>Putin called</h1><p>The White House put out its readout tonight.</p>
<blockquote><p>` + long("President Vladimir Putin of Russia called President Donald J. Trump today") + `</p><p>Both leaders agreed.</p></blockquote>
<p>My take: this is how it should work.</p><footer>Powered by a blog engine</footer></body></html>`,
			"Putin called",
			"Putin called\nThe White House put out its readout tonight.\n" + long("President Vladimir Putin of Russia called President Donald J. Trump today") +
				"\nBoth leaders agreed.\nMy take: this is how it should work.",
			"", "", ""},
		// A live blog, or documentation in sections: the entries are
		// siblings, each with its own paragraphs, and the text is all of
		// them (the one with the most paragraph text was, alone), with
		// their headings and the lead paragraph beside them; not a list
		// of links beside them, nor a rail elsewhere.
		{"entries side by side, no article",
			`<html><head><title>Live</title></head><body><div class="nav-links">Home | Live</div>
<div class="live"><h1>Live: Putin calls Trump</h1><p>Follow the day's news as it comes.</p><h2>10:02</h2><div class="entry"><p>` + long("Russian President Vladimir Putin called President Trump") + `</p></div>
<h2>10:15</h2><div class="entry"><p>The Kremlin said the call was made to thank the CIA for its tip, which let the FSB arrest a cell in St Petersburg.</p></div>
<div class="entry"><p>No word yet from the White House on the call, which the Kremlin announced first.</p></div>
<div class="more"><p><a href="/a">Earlier: Putin's news conference</a> <a href="/b">Trump's week</a></p></div></div>
<div class="rail"><p>Short teaser.</p></div></body></html>`,
			"Live",
			"Live: Putin calls Trump\nFollow the day's news as it comes.\n10:02\n" + long("Russian President Vladimir Putin called President Trump") +
				"\n10:15\nThe Kremlin said the call was made to thank the CIA for its tip, which let the FSB arrest a cell in St Petersburg.\n" +
				"No word yet from the White House on the call, which the Kremlin announced first.",
			"", "", ""},
		// A live blog whose entries are each an <article> (in a list's
		// items; WordPress's liveblog plugin writes an <article> an entry): the
		// text is every entry, short ones too, not the longest alone; a
		// rail of teasers in an <aside> stays out, and so does the next
		// story, with its own headline, below.
		{"entries side by side, each an article",
			`<html><head><title>Live</title></head><body><nav>Home | Live</nav><h1>Live: Putin thanks Trump</h1>
<ol class="stream"><li><article><h2>Kremlin confirms call</h2><p>` + long("Russian President Vladimir Putin called President Trump") + `</p></article></li>
<li><article><h2>FSB arrests</h2><p>The Kremlin said the CIA's tip let the FSB arrest a cell in St Petersburg.</p></article></li>
<li><article><p>We will be back shortly.</p></article></li></ol>
<div class="next"><article><h1>Next story</h1><p>` + long("An unrelated story the site prints below") + `</p></article></div>
<aside><article><h3>Related</h3><p>` + long("A teaser for another story") + `</p></article></aside></body></html>`,
			"Live",
			"Kremlin confirms call\n" + long("Russian President Vladimir Putin called President Trump") +
				"\nFSB arrests\nThe Kremlin said the CIA's tip let the FSB arrest a cell in St Petersburg.\nWe will be back shortly.",
			"", "", ""},
		// A story's <article> beside the next story's, which a site
		// printed below it: the story alone (each has its headline), as
		// it is beside a rail of teasers that are articles too.
		{"a story beside the next story",
			`<html><head><title>Story</title></head><body><main><article><h1>Putin thanks Trump</h1><p>` + long("Russian President Vladimir Putin called President Trump") + `</p><p>Second paragraph.</p></article>
<article><h1>Next story</h1><p>` + long("An unrelated story the site prints below") + `</p></article>
<section class="teasers"><article><h2>Teaser</h2><p>A teaser for a third story, which the reader may want next.</p></article></section></main></body></html>`,
			"Story",
			"Putin thanks Trump\n" + long("Russian President Vladimir Putin called President Trump") + "\nSecond paragraph.",
			"", "", ""},
		{"a story whose headline is above its article, beside the next story",
			`<html><head><title>Story</title></head><body><h1>Putin thanks Trump</h1><div class="story"><article><p>` + long("Russian President Vladimir Putin called President Trump") + `</p><p>Second paragraph.</p></article></div>
<div class="next"><article><h1>Next story</h1><p>` + long("An unrelated story the site prints below") + `</p></article></div></body></html>`,
			"Story",
			long("Russian President Vladimir Putin called President Trump") + "\nSecond paragraph.",
			"", "", ""},
		// A rail of teasers beside the story, each an <article>, one
		// longer than the story: the rail is chrome, its articles are
		// not the page's.
		{"a short story beside a rail of teasers",
			`<html><head><title>Brief</title></head><body><article><h1>Putin thanks Trump</h1><p>Russian President Vladimir Putin called President Trump to thank him.</p></article>
<aside><article><h2>Teaser</h2><p>` + long("A teaser for another story") + `</p></article></aside>
<div class="sidebar"><article><p>` + long("A second teaser, longer than the story") + `</p></article></div></body></html>`,
			"Brief",
			"Putin thanks Trump\nRussian President Vladimir Putin called President Trump to thank him.",
			"", "", ""},
		{"application name and og:url over the canonical link", `<html><head><meta name="application-name" content="The Herald">
<link rel="Canonical" href="https://herald.example/old"><meta property="og:url" content="https://herald.example/a/1">
</head><body><main><p>Text.</p></main></body></html>`,
			"", "Text.", "", "The Herald", "https://herald.example/a/1"},
		{"not html", "Just text, no tags.", "", "Just text, no tags.", "", "", ""},
		{"entities and hidden", `<body><main><p>Caf&eacute; &amp; “quotes”</p><p hidden>secret</p><p aria-hidden="true">x</p></main></body>`,
			"", "Café & “quotes”", "", "", ""},
	} {
		p := ExtractHTML([]byte(tc.page))
		date := ""
		if !p.Published.IsZero() {
			date = p.Published.UTC().Format(time.RFC3339)
		}
		if p.Title != tc.title || string(p.Text) != tc.text || date != tc.date || p.Outlet != tc.outlet || p.URL != tc.url {
			t.Errorf("%s: ExtractHTML = %q, %q, %q, %q, %q\nwant %q, %q, %q, %q, %q", tc.name, p.Title, date, p.Text, p.Outlet, p.URL,
				tc.title, tc.date, tc.text, tc.outlet, tc.url)
		}
	}
}

func long(s string) string {
	for len(s) < 250 {
		s += " and more of the story"
	}
	return s + "."
}

// TestDeepPage: a page whose template leaves an element open in a loop
// nests deeper than html.Parse allows (512). It is read as the same page
// would be without the loop's depth: the same title, date, outlet and
// article text, with a note; its chrome still left out. Before, its
// markup was its text.
func TestDeepPage(t *testing.T) {
	src, err := os.ReadFile("testdata/ap-saved.html") // seed 000 in a news page's markup
	if err != nil {
		t.Fatal(err)
	}
	page := string(src)
	want := ExtractHTML(src)
	if want.Note != "" || !strings.Contains(string(want.Text), "Kazan Cathedral") {
		t.Fatalf("the page as it stands: note %q, text %.80q", want.Note, want.Text)
	}
	loop := func(open, item string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, open+item, i)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, page, note string
	}{
		{"comments after the article, each a <div> left open",
			strings.Replace(page, "</main>", "</main>"+loop(`<div class="comment">`, "<p>Reader %d: so it goes.</p>", 600), 1),
			"wrap or style past 256"},
		{"the article below a listing's teasers, each a <div> left open",
			strings.Replace(page, "<main>", "<main>"+loop(`<div class="teaser">`, `<a href="/t/%d">More news</a>`, 600), 1),
			"wrap or style past 256"},
		{"the article inside <font> tags left open",
			strings.Replace(page, "<main>", "<main>"+strings.Repeat(`<font face="Arial">`, 700), 1),
			"wrap or style past 256"},
		{"the article inside 600 open quotes",
			strings.Replace(page, "<main>", "<main>"+strings.Repeat("<blockquote>", 600), 1),
			"all elements past 64"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ExtractHTML([]byte(tc.page))
			if !strings.Contains(got.Note, tc.note) {
				t.Errorf("note %q, want it to say %q", got.Note, tc.note)
			}
			if got.Title != want.Title || got.Outlet != want.Outlet || got.URL != want.URL || !got.Published.Equal(want.Published) {
				t.Errorf("got %q %q %q %v, want %q %q %q %v", got.Title, got.Outlet, got.URL, got.Published, want.Title, want.Outlet, want.URL, want.Published)
			}
			text := string(got.Text)
			if !strings.Contains(text, string(want.Text)) {
				t.Errorf("the article's text is not read whole:\n%.300q", text)
			}
			if strings.Contains(text, "<") {
				t.Errorf("markup read as text: %.300q", text)
			}
		})
	}
}

// TestDeepPageChrome: past the depth, where a loop left wrappers open,
// the article's paragraphs stay apart and its page chrome (<nav>,
// <aside>, <footer>) is still left out.
func TestDeepPageChrome(t *testing.T) {
	page := "<html><body>" + strings.Repeat("<div>", 600) +
		"<nav><a href=/>Home</a> <a href=/world>World</a></nav><article><h1>Headline</h1>" +
		"<p>First paragraph of the story.</p><span><p>Second paragraph of it.</p></span></article>" +
		"<aside>Read more stories</aside><footer>Copyright</footer></body></html>"
	got := ExtractHTML([]byte(page))
	if want := "Headline\nFirst paragraph of the story.\nSecond paragraph of it."; string(got.Text) != want {
		t.Errorf("text %q, want %q", got.Text, want)
	}
	if got.Note == "" {
		t.Error("no note")
	}
}

// TestFlattenDeep: the tags left out are those past the depth, a block's
// made a line break; a script's keep its content out of the text; an end
// tag that HTML implies is taken as given.
func TestFlattenDeep(t *testing.T) {
	for _, tc := range []struct {
		src      string
		depth    int
		wrappers bool
		want     string
		flat     bool
	}{
		{"<div><div><b>x</b></div></div>", 2, false, "<div><div>x</div></div>", true},
		{"<div><div><div>x</div></div></div>", 2, false, "<div><div><br>x<br></div></div>", true},
		{"<div><div><p>x</p></div></div>", 2, true, "<div><div><p>x</p></div></div>", false},
		{"<div><div><script>a<b</script></div></div>", 1, false, "<div><br><script>a<b</script><br></div>", true},
		{"<ul><li>a<li>b<li><b>c</b></ul>", 2, false, "<ul><li>a<li>b<li>c</ul>", true},
		{"<p>a<p>b<p><i>c</i>", 1, false, "<p>a<p>b<p>c", true},
		{"<i>a</b></i><i>b</i>", 1, false, "<i>a</b></i><i>b</i>", false},
	} {
		got, flat := flattenDeep([]byte(tc.src), tc.depth, tc.wrappers)
		if string(got) != tc.want || flat != tc.flat {
			t.Errorf("flattenDeep(%q, %d, %v) = %q %v, want %q %v", tc.src, tc.depth, tc.wrappers, got, flat, tc.want, tc.flat)
		}
	}
}

// TestTagText: a page that does not parse is read as its text, scripts
// and style sheets left out, blocks on lines of their own.
func TestTagText(t *testing.T) {
	got := tagText([]byte("<style>p{}</style><p>One <b>two</b></p><script>var x='<p>no</p>'</script><div>Three</div>"))
	if want := "One two\nThree"; string(got) != want {
		t.Errorf("tagText = %q, want %q", got, want)
	}
}

// TestPreformatted: text in a <pre> keeps its lines, blank lines and
// indentation, as browsers show it: a mailing list archive's message
// (pipermail and MHonArc put each in one), its quoted lines each on its
// own, so that the quote reads as quoted; wire copy an old newspaper
// site prints as the agency sent it, wrapped at 64 columns, its
// paragraphs indented, for the reading of wrapped text to join. Before,
// each <pre> was one line. Outside it, white space still collapses;
// a page that does not parse (tagText) keeps a <pre>'s lines too.
func TestPreformatted(t *testing.T) {
	message := "On Sun, Dec 17, 2017, Anna wrote:\n" +
		"> The Kremlin says the CIA helped\n" +
		"> foil a plot in St Petersburg.\n" +
		"\n" +
		"    Indented reply,\n" +
		"wrapped.  Two spaces kept."
	page := "<html><head><title>[news-l] Re: CIA tip</title></head><body><h1>[news-l] Re: CIA tip</h1>\n" +
		"<b>Bo</b> <i>Sun Dec 17 2017</i>\n<pre>\n" + strings.ReplaceAll(strings.ReplaceAll(message, ">", "&gt;"), "Anna", "<a href=\"mailto:anna@example.org\">Anna</a>") +
		"\n</pre>\n<p><a href=\"1.html\">Previous message</a></p></body></html>"
	got := string(ExtractHTML([]byte(page)).Text)
	if want := "[news-l] Re: CIA tip\nBo Sun Dec 17 2017\n" + message + "\nPrevious message"; got != want {
		t.Errorf("ExtractHTML = %q\nwant %q", got, want)
	}
	if got, want := string(tagText([]byte("<p>One\n  two</p><pre>Three\n  four\r\n\nfive</pre><p>six</p>"))), "One two\nThree\n  four\n\nfive\nsix"; got != want {
		t.Errorf("tagText = %q, want %q", got, want)
	}
}

// TestPageDates: a page's date in the forms content systems write: RFC
// 3339, an offset without a colon, RFC 1123; a time with no zone gives its
// day only.
func TestPageDates(t *testing.T) {
	for _, tc := range []struct {
		meta, want string
		dateOnly   bool
	}{
		{"2017-12-17T20:01:00Z", "2017-12-17T20:01:00Z", false},
		{"2017-12-17T15:01:00-0500", "2017-12-17T20:01:00Z", false},
		{"2017-12-17T15:01:00.000-05:00", "2017-12-17T20:01:00Z", false},
		{"Sun, 17 Dec 2017 20:01:00 GMT", "2017-12-17T20:01:00Z", false},
		{"2017-12-17T20:01:00", "2017-12-17T00:00:00Z", true},
		{"2017-12-17", "2017-12-17T00:00:00Z", true},
	} {
		p := ExtractHTML([]byte(`<html><head><meta property="article:published_time" content="` + tc.meta + `"></head><body><p>Text.</p></body></html>`))
		if got := p.Published.UTC().Format(time.RFC3339); got != tc.want || p.DateOnly != tc.dateOnly {
			t.Errorf("%q: %s, date only %v; want %s, %v", tc.meta, got, p.DateOnly, tc.want, tc.dateOnly)
		}
	}
}

// TestPageStructuredData: a page's JSON-LD (schema.org) gives what its
// tags do not: a page that names its publisher and time there alone (a
// ReportageNewsArticle); Yoast's graph names the publisher by reference;
// Le Figaro's is a list whose first node is the page's breadcrumbs, its
// slashes escaped.
// A paywalled page shows its lead and gives search engines the whole
// text as articleBody: the text is that, with a note. Open Graph's tags
// come first where a page has both; an article described inside another
// node (related stories), a page's own text as long as its articleBody,
// and a script that is not JSON change nothing.
func TestPageStructuredData(t *testing.T) {
	story := "<article><h1>Putin thanks Trump</h1><p>" + long("Russian President Vladimir Putin called President Trump") + "</p></article>"
	full := "Russian President Vladimir Putin called U.S. President Donald Trump on Sunday to thank him for a CIA tip.\n\n" +
		"The tip helped thwart a series of bombings in St. Petersburg, the Kremlin said.\n" +
		"Putin expressed gratitude during the call for information provided by the CIA that helped arrest a group of suspects who were preparing to set off bombs."
	ld := func(s string) string { return `<script type="application/ld+json">` + s + `</script>` }
	for _, tc := range []struct {
		name, head, body               string
		title, outlet, url, date, text string
		note                           bool
	}{
		{"publisher and time in JSON-LD alone",
			`<title>Putin thanks Trump - World Desk</title>` + ld(`{"@context":"http://schema.org","@type":"ReportageNewsArticle","headline":"Putin thanks Trump for CIA tip","datePublished":"2017-12-17T20:01:00+00:00","publisher":{"@type":"NewsMediaOrganization","name":"World Desk"},"mainEntityOfPage":"https://news.example/world-42386987"}`),
			story, "Putin thanks Trump for CIA tip", "World Desk", "https://news.example/world-42386987", "2017-12-17T20:01:00Z", "", false},
		{"Yoast's graph: the publisher by reference",
			ld(`{"@context":"https://schema.org","@graph":[{"@type":"Organization","@id":"https://herald.example/#organization","name":"The Herald"},{"@type":["Article","NewsArticle"],"@id":"https://herald.example/a/#article","headline":"Putin thanks Trump","datePublished":"2017-12-17T15:01:00-05:00","publisher":{"@id":"https://herald.example/#organization"},"url":"https://herald.example/a/"}]}`),
			story, "Putin thanks Trump", "The Herald", "https://herald.example/a/", "2017-12-17T20:01:00Z", "", false},
		{"Le Figaro's: a list, breadcrumbs first, slashes escaped",
			ld(`[{"@context":"http:\/\/schema.org","@type":"WebPage","breadcrumb":{"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"item":{"@id":"http:\/\/www.lefigaro.fr\/","name":"Home"}}]}},{"@context":"http:\/\/schema.org","@type":"NewsArticle","headline":"Poutine remercie Trump","datePublished":"2017-12-17T21:01:00+01:00","publisher":[{"@type":"Organization","name":"Le Figaro"}]}]`),
			story, "Poutine remercie Trump", "Le Figaro", "", "2017-12-17T20:01:00Z", "", false},
		{"a paywall: the lead shown, the whole text given",
			`<meta property="og:site_name" content="The Times">` + ld(`{"@type":"NewsArticle","headline":"Putin thanks Trump","articleBody":`+jsonString(full)+`,"isAccessibleForFree":false}`),
			`<article><h1>Putin thanks Trump</h1><p>Russian President Vladimir Putin called U.S. President Donald Trump on Sunday.</p><div class="paywall"><p>Subscribe to read on.</p></div></article>`,
			"Putin thanks Trump", "The Times", "", "", strings.ReplaceAll(full, "\n\n", "\n"), true},
		{"Open Graph first; a related story's article not the page's; its own text kept",
			`<meta property="og:title" content="OG title">` +
				ld(`{"@type":"ItemList","itemListElement":[{"@type":"ListItem","item":{"@type":"NewsArticle","headline":"A related story","publisher":{"name":"Elsewhere"}}}]}`) +
				ld(`{"@type":"NewsArticle","headline":"LD headline","publisher":{"name":"LD site"},"articleBody":"Russian President Vladimir Putin called President Trump, and more words than the page shows but not half as many again."}`),
			story, "OG title", "LD site", "", "", "", false},
		{"not JSON",
			ld(`{"@type":"NewsArticle","headline":"Broken",}`), story, "Putin thanks Trump", "", "", "", "", false},
	} {
		p := ExtractHTML([]byte("<html><head>" + tc.head + "</head><body>" + tc.body + "</body></html>"))
		date := ""
		if !p.Published.IsZero() {
			date = p.Published.UTC().Format(time.RFC3339)
		}
		text := tc.text
		if text == "" {
			text = "Putin thanks Trump\n" + long("Russian President Vladimir Putin called President Trump")
		}
		if p.Title != tc.title || p.Outlet != tc.outlet || p.URL != tc.url || date != tc.date || string(p.Text) != text || (p.Note != "") != tc.note {
			t.Errorf("%s: %q, %q, %q, %q, note %q, text\n%s\nwant %q, %q, %q, %q, note %v, text\n%s", tc.name, p.Title, p.Outlet, p.URL, date, p.Note, p.Text,
				tc.title, tc.outlet, tc.url, tc.date, tc.note, text)
		}
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestLinkPages: a page whose text is mostly the text of links (a
// portal's front page, a manual's menu, an index of an API's symbols, as
// this machine's documentation and chardet's test pages of Baidu and
// Rakuten have them) is a page of links; an article that links many of
// its words, a page of one or two links, a page of teasers that says it
// is an article or a live blog, related headlines below an article, and
// headings that link to their own sections are not; a front page of
// teasers, each a linked headline over a summary, is. A folder's page of links is
// skipped with the reason, not a reason for Strict to stop.
func TestLinkPages(t *testing.T) {
	links := func(n int, f string) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, f, i, i)
		}
		return b.String()
	}
	teasers := links(6, `<div><h2><a href="/s/%d">Headline %d</a></h2><p>Russian President Vladimir Putin called U.S. President Donald Trump on Sunday to thank him for a CIA tip.</p></div>`)
	prose := "<p>Russian President Vladimir Putin called U.S. President Donald Trump on Sunday to thank him for a CIA tip that helped thwart a series of bombings in St. Petersburg, the Kremlin said.</p>"
	tests := []struct {
		name, page string
		want       bool
	}{
		{"a portal's front page", `<html><body><h1>News</h1><ul>` + links(12, `<li><a href="/s/%d">Section %d of the site</a></li>`) + `</ul><p>© 2017</p></body></html>`, true},
		{"a manual's menu", `<html><body><div class="section" id="Types"><div class="header"><p>Next: <a href="n.html">Multiple ABIs</a>, Up: <a href="u.html">Using libffi</a></p></div><h3 class="section">2.3 Types</h3><ul class="section-toc">` + links(7, `<li><a href="t%d.html">Type %d</a></li>`) + `</ul></div></body></html>`, true},
		{"an article linking many of its words", `<html><body><article><h1>Putin thanks Trump</h1>` + strings.Repeat(`<p>Russian President <a href="/p">Vladimir Putin</a> called U.S. President <a href="/t">Donald Trump</a> on Sunday to thank him for a <a href="/c">CIA</a> tip that helped thwart bombings, the Kremlin said.</p>`, 4) + `</article></body></html>`, false},
		{"an article with a few links after it", `<html><body><main>` + prose + `<p><a href="/a">More</a> · <a href="/b">Share</a></p></main></body></html>`, false},
		{"teasers with summaries", `<html><body><main>` + teasers + `</main></body></html>`, true},
		{"teasers as articles", `<html><body><main>` + links(6, `<article><h2><a href="/s/%d">Headline %d</a></h2><p>Russian President Vladimir Putin called U.S. President Donald Trump on Sunday to thank him for a CIA tip.</p></article>`) + `</main></body></html>`, true},
		{"teasers on a page that says it is an article", `<html><head><meta property="og:type" content="article"></head><body><main>` + teasers + `</main></body></html>`, false},
		{"a live blog whose entries' headings link to themselves", `<html><head><script type="application/ld+json">{"@type": "LiveBlogPosting", "headline": "Live"}</script></head><body><main>` + links(6, `<div><h2><a href="/live#e%d">Update %d</a></h2><p>Russian President Vladimir Putin called U.S. President Donald Trump on Sunday.</p></div>`) + `</main></body></html>`, false},
		{"an article with related headlines in its column", `<html><body><main>` + strings.Repeat(prose, 8) + links(4, `<h3><a href="/s/%d">Related story %d</a></h3>`) + `</main></body></html>`, false},
		{"headings linked to their own anchors", `<html><body><main>` + links(6, `<h2><a href="#s%d">Section %d</a></h2><p>Short.</p>`) + `</main></body></html>`, false},
	}
	for _, tt := range tests {
		p := ExtractHTML([]byte(tt.page))
		if got := p.LinkPage(); got != tt.want {
			t.Errorf("%s: LinkPage() = %v, want %v (%d links, %d of %d bytes)\n%s", tt.name, got, tt.want, p.links, p.linked, len(p.Text), p.Text)
		}
	}
	dir := t.TempDir()
	write(t, dir+"/front.html", []byte(tests[0].page))
	write(t, dir+"/story.html", []byte(tests[2].page))
	_, lines := readDir(t, dir, Strict(Files(nil, dir)))
	if want := "SKIP front.html: a page of links, not an article (a front, section, tag or index page): 12 links hold 91% of its text\nstory story.html"; lines != want {
		t.Errorf("read\n%s\nwant\n%s", lines, want)
	}
}

// textOfFields is textOf as it was written first: every text node's
// text, a space after each, split at HTML white space and joined by one
// space. appendText must give the same bytes.
func textOfFields(n *html.Node) string {
	var sb strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
			sb.WriteByte(' ')
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.FieldsFunc(sb.String(), isHTMLSpace), " ")
}

// FuzzTextOf: textOf and textLen, counted without splitting and joining,
// give what splitting and joining gives, for every element of any page.
func FuzzTextOf(f *testing.F) {
	f.Add("<p> Putin <b>thanks</b>\u00a0Trump.<script>x</script> </p><p>\xff\u3000a\u3000</p>")
	f.Add("<div>\t<a href=x>CIA</a>  tip<style>p{}</style>\n</div>")
	f.Add("<p>\u3000 a \v</p><p>\v\u3000</p><div>x.\u3000 <b>\u0085</b></div><p>\x01b</p>")
	f.Fuzz(func(t *testing.T, src string) {
		root, _ := parsePage([]byte(src))
		if root == nil {
			return
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			want := textOfFields(n)
			if got := textOf(n); got != want {
				t.Fatalf("textOf = %q, want %q", got, want)
			}
			trimmed := strings.TrimSpace(want)
			if got := textLen(n); got != len(trimmed) {
				t.Fatalf("textLen = %d, want %d (%q)", got, len(trimmed), want)
			}
			if _, last := textEnd(n); trimmed != "" && last != trimmed[len(trimmed)-1] || trimmed == "" && last != 0 {
				t.Fatalf("textEnd's last byte %q, want the last of %q", last, trimmed)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(root)
	})
}
