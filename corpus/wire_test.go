package corpus

import (
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/seeds"
)

// seedParagraphs is seed i's lines, each a <p>, escaped, and its lines
// as read (textLines).
func seedParagraphs(i int) (string, string) {
	text := seeds.All()[i].Text
	var b strings.Builder
	for _, l := range strings.Split(string(text), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			b.WriteString("<p>" + html.EscapeString(l) + "</p>\n")
		}
	}
	return b.String(), textLines(text)
}

// TestWireStories: seeds as news agencies send stories, in the shapes of
// AP's and EFE's NITF and of Reuters' and ANSA's NewsML-G2 (an XHTML body;
// HTML typed text/plain; a picture with no text), read as the seed files
// do, with each story's headline, time, agency and id.
func TestWireStories(t *testing.T) {
	p0, want0 := seedParagraphs(0)
	p1, want1 := seedParagraphs(1)
	nitf := `<?xml version="1.0" encoding="utf-8" ?>
<!DOCTYPE nitf SYSTEM "nitf-3-4.dtd">
<nitf version="-//IPTC//DTD NITF 3.4//EN">
  <head><title>Kremlin says</title>
    <docdata><doc-id regsrc="AP" id-string="ap-17"/><date.issue norm="20171217T150100-0500"/><doc.copyright holder="AP" year="2017"/></docdata>
  </head>
  <body><body.head><hedline><hl1>Kremlin says Putin thanked Trump for CIA tip on bombings</hl1><hl2>KREMLIN</hl2></hedline>
    <byline>By VLADIMIR ISACHENKOV</byline><distributor>The Associated Press</distributor></body.head>
    <body.content><block id="Main">` + p0 + `</block></body.content><body.end/></body>
</nitf>`
	newsml := `<?xml version="1.0" encoding="UTF-8"?>
<!-- a newsMessage of three items -->
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
  <header><sent>2017-12-17T21:00:00Z</sent><sender>example.org</sender></header>
  <itemSet>
    <newsItem guid="tag:example.org,2017:readout" version="2" standard="NewsML-G2">
      <rightsInfo><copyrightHolder><name>White House Wire</name></copyrightHolder></rightsInfo>
      <itemMeta><itemClass qcode="icls:text"/><provider literal="example.org"/>
        <versionCreated>2017-12-17T20:40:00.000Z</versionCreated><firstCreated>2017-12-17T20:30:00.000Z</firstCreated></itemMeta>
      <contentMeta><headline>White House confirms the call</headline><creditline>WHW</creditline></contentMeta>
      <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body>` + p1 + `</body></html></inlineXML></contentSet>
    </newsItem>
    <newsItem guid="tag:example.org,2017:photo" version="1" standard="NewsML-G2">
      <itemMeta><itemClass qcode="icls:picture"/><versionCreated>2017-12-17T20:41:00Z</versionCreated></itemMeta>
      <contentMeta><headline>Putin at the Kremlin</headline></contentMeta>
      <contentSet><remoteContent contenttype="image/jpeg" href="tag:example.org,2017:photo.jpg"/></contentSet>
    </newsItem>
    <newsItem guid="tag:ansa.it,2017:1" version="1" standard="NewsML-G2">
      <rightsInfo><copyrightHolder literal="ANSA"/></rightsInfo>
      <itemMeta><itemClass qcode="icls:text"/><firstCreated>2017-12-17T22:41:00+0100</firstCreated></itemMeta>
      <contentMeta><headline>Putin ringrazia Trump</headline></contentMeta>
      <contentSet><inlineData contenttype="text/plain"><![CDATA[
<p>(ANSA) - Moscow, December 17 - Russian President Vladimir Putin
thanked Donald Trump for a CIA tip, the Kremlin said.</p>]]></inlineData></contentSet>
    </newsItem>
  </itemSet>
</newsMessage>`
	dir := t.TempDir()
	write(t, dir+"/ap-17.xml", []byte(nitf))
	write(t, dir+"/tag_example.org_2017_readout", []byte(newsml))
	docs, got := readDir(t, dir, Files(nil, dir))
	want := strings.Join([]string{
		"AP/ap-17 ap-17.xml:3",
		"tag:example.org,2017:readout tag_example.org_2017_readout:6",
		"SKIP tag_example.org_2017_readout:24: an item with no text (no content, description or summary)",
		"tag:ansa.it,2017:1 tag_example.org_2017_readout:29",
	}, "\n")
	if got != want {
		t.Fatalf("read:\n%s\nwant:\n%s", got, want)
	}
	for _, c := range []struct {
		d                  Doc
		title, outlet, day string
		text               string
	}{
		{docs[0], "Kremlin says Putin thanked Trump for CIA tip on bombings", "AP", "2017-12-17T20:01:00Z", want0},
		{docs[1], "White House confirms the call", "White House Wire", "2017-12-17T20:40:00Z", want1},
		{docs[2], "Putin ringrazia Trump", "ANSA", "2017-12-17T21:41:00Z",
			"(ANSA) - Moscow, December 17 - Russian President Vladimir Putin thanked Donald Trump for a CIA tip, the Kremlin said."},
	} {
		if c.d.Title != c.title || c.d.Outlet != c.outlet || c.d.Published.UTC().Format(time.RFC3339) != c.day || textLines(c.d.Text) != c.text {
			t.Errorf("%s: title %q, outlet %q, time %v, text\n%s\nwant %q, %q, %s, text\n%s", c.d.ID, c.d.Title, c.d.Outlet, c.d.Published.UTC(), textLines(c.d.Text), c.title, c.outlet, c.day, c.text)
		}
	}
}

// TestWireRoot: a NITF or NewsML file (G2 or 1) is one by its first
// element, past the prolog, comments and a document type; other XML is
// not.
func TestWireRoot(t *testing.T) {
	for _, tc := range []struct {
		head string
		want bool
	}{
		{`<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "nitf.dtd"><nitf version="3.4">`, true},
		{"\xEF\xBB\xBF<!-- AUTHOR -->\n<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\">", true},
		{`<newsItem guid="x">`, true},
		{`<NewsML Version="1.2">`, true},
		{`<NewsMLx>`, false},
		{`<nitfx>`, false},
		{`<rss version="2.0">`, false},
	} {
		if got := wireRoot([]byte(tc.head)); got != tc.want {
			t.Errorf("wireRoot(%q) = %v", tc.head, got)
		}
	}
}

// FuzzWire: any bytes read as NITF or NewsML-G2 give valid UTF-8
// documents, and never panic.
func FuzzWire(f *testing.F) {
	f.Add([]byte("<NewsML><NewsItem><Identification><NewsIdentifier><PublicIdentifier>urn:newsml:afp.com:1:x:2</PublicIdentifier></NewsIdentifier></Identification><NewsComponent><NewsLines><HeadLine>H</HeadLine></NewsLines><ContentItem><MediaType FormalName=\"Text\"/><DataContent>\n<p>x &amp; y</p></DataContent></ContentItem></NewsComponent></NewsItem></NewsML>"))
	f.Add([]byte(`<nitf><head><docdata><doc-id id-string="1"/><date.issue norm="20171217T200100Z"/></docdata></head><body><body.head><hedline><hl1>H</hl1></hedline></body.head><body.content><p>x &amp; y</p></body.content></body></nitf>`))
	f.Add([]byte(`<newsMessage><itemSet><newsItem guid="g"><itemMeta><versionCreated>2017-12-17T20:01:00Z</versionCreated></itemMeta><contentSet><inlineXML><html><body><p>x</p></body></html></inlineXML></contentSet></newsItem><newsItem guid="h"><contentSet><inlineData contenttype="text/plain">y</inlineData></contentSet></newsItem></itemSet></newsMessage>`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		r := reader{doc: func(d Doc) error {
			if !utf8.Valid(d.Text) || !utf8.ValidString(d.Title) || !utf8.ValidString(d.Outlet) || d.ID == "" {
				t.Fatalf("invalid document from %q", raw)
			}
			return nil
		}, skip: func(Skip) error { return nil }}
		if err := r.wire("w", "w.xml", raw); err != nil {
			t.Fatal(err)
		}
	})
}

// TestNinjs: a JSON Lines file of ninjs stories, as Superdesk (1.x) and
// ninjs 2.0 write them, beside a record of our own and one of neither.
func TestNinjs(t *testing.T) {
	p2, want2 := seedParagraphs(2)
	one, _ := json.Marshal(map[string]any{"guid": "urn:newsml:localhost:2017-12-17:c044", "type": "text", "headline": "Putin thanks Trump",
		"body_html": p2, "versioncreated": "2017-12-17T20:14:00+0000", "firstcreated": "2017-12-17T20:00:00+0000",
		"copyrightholder": "Content Farm", "source": "CF", "byline": "Staff"})
	two, _ := json.Marshal(map[string]any{"uri": "http://example.org/2", "headlines": []map[string]string{{"value": "Second"}},
		"bodies":       []map[string]string{{"role": "main", "contenttype": "text/plain", "value": "Russian President Vladimir Putin called Donald Trump on Sunday."}},
		"firstcreated": "2017-12-17T21:00:00Z", "source": "EX"})
	in := string(one) + "\n" + string(two) + "\n" + `{"id": "own", "text": "A record of our own."}` + "\n" + `{"headline": "no uri", "body_text": "x"}` + "\n"
	dir := t.TempDir()
	write(t, dir+"/stories.jsonl", []byte(in))
	docs, got := readDir(t, dir, Files(nil, dir))
	want := strings.Join([]string{
		"urn:newsml:localhost:2017-12-17:c044 stories.jsonl:1",
		"http://example.org/2 stories.jsonl:2",
		"own stories.jsonl:3",
		`SKIP stories.jsonl:4: the record has no "id" (a string or a number)`,
	}, "\n")
	if got != want {
		t.Fatalf("read:\n%s\nwant:\n%s", got, want)
	}
	if d := docs[0]; d.Title != "Putin thanks Trump" || d.Outlet != "Content Farm" || d.Published.UTC().Format(time.RFC3339) != "2017-12-17T20:14:00Z" || textLines(d.Text) != want2 {
		t.Errorf("ninjs 1: %q %q %v\n%s", d.Title, d.Outlet, d.Published, d.Text)
	}
	if d := docs[1]; d.Title != "Second" || d.Outlet != "EX" || d.URL != "http://example.org/2" || !strings.HasPrefix(string(d.Text), "Russian President") {
		t.Errorf("ninjs 2: %q %q %q %q", d.Title, d.Outlet, d.URL, d.Text)
	}
}

// TestWireCopy: an agency that puts its story in one XHTML paragraph as
// its wire copy was laid out (Reuters' NewsML-G2: lines wrapped at 64
// columns, each paragraph's first line indented, summary bullets, a
// byline, and the credit line apart), is read a line to a line, as
// plain text, for the reading of wrapped text to join its lines and keep
// its paragraphs; before, its byline, bullets, dateline and lead ran
// into one sentence. A story of paragraphs, or of one paragraph on one
// line, reads as before.
func TestWireCopy(t *testing.T) {
	copyText := "(Adds Kremlin comment)\n" +
		"    * Putin thanks Trump for CIA tip\n" +
		"    * FSB says cell planned bombings in St Petersburg\n" +
		"\n" +
		"    By Vladimir Isachenkov\n" +
		"    MOSCOW, Dec 17 (AP) - Russian President Vladimir Putin\n" +
		"called U.S. President Donald Trump on Sunday to thank him for\n" +
		"a CIA tip that helped thwart a series of bombings, the Kremlin's\n" +
		"press service said.\n" +
		"    The tip led to the arrest of seven people, the FSB said.\n" +
		"\n" +
		" (Reporting by Vladimir Isachenkov; Editing by Jim Heintz & Co)"
	item := func(guid, body string) string {
		return `<newsItem guid="tag:example.org,2017:` + guid + `" version="1" standard="NewsML-G2">
      <itemMeta><itemClass qcode="icls:text"/><versionCreated>2017-12-17T20:40:00.000Z</versionCreated></itemMeta>
      <contentMeta><headline>Putin thanks Trump</headline></contentMeta>
      <contentSet><inlineXML contenttype="application/xhtml+html" wordcount="80">
          <html xmlns="http://www.w3.org/1999/xhtml">
            <head><title /></head>
            <body>
              ` + body + `
            </body>
          </html>
        </inlineXML></contentSet></newsItem>`
	}
	escaped := strings.NewReplacer("&", "&amp;", "'", "&apos;").Replace(copyText)
	msg := `<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>` +
		item("copy", "<p>"+escaped+"</p>") +
		item("paragraphs", "<p>Russian President Vladimir Putin called\n U.S. President Donald Trump.</p>\n<p>The Kremlin\n said so.</p><p>A third.</p>") +
		item("one", "<p>Russian President Vladimir Putin called U.S. President Donald Trump.</p>") +
		`</itemSet></newsMessage>`
	dir := t.TempDir()
	write(t, dir+"/msg.xml", []byte(msg))
	docs, _ := read(t, Files(nil, dir))
	if len(docs) != 3 {
		t.Fatalf("%d documents, want 3", len(docs))
	}
	for i, want := range []string{
		copyText,
		"Russian President Vladimir Putin called U.S. President Donald Trump.\nThe Kremlin said so.\nA third.",
		"Russian President Vladimir Putin called U.S. President Donald Trump.",
	} {
		if got := string(docs[i].Text); got != want {
			t.Errorf("%s: text\n%q\nwant\n%q", docs[i].ID, got, want)
		}
	}
}

// TestNewsML1: AFP delivers its stories in NewsML 1.2 (<NewsML>, its
// <NewsItem>s, each a NewsComponent of NewsLines and a ContentItem whose
// DataContent is the text), in ISO 8859-1 as it declares: each story is
// a document, its headline the title, its provider's party the outlet
// (else its copyright line's holder), its time ThisRevisionCreated, its
// id the item's public identifier without its revision, so that a
// revision is read as a new version of the story; a photo's item has no
// text and is skipped so. Before, the file was not read at all.
func TestNewsML1(t *testing.T) {
	p0, want0 := seedParagraphs(0)
	item := func(rev, created, photo, body string) string {
		content := "<ContentItem><MediaType FormalName=\"Text\"/><Format FormalName=\"bcNITF2.5\"/><DataContent>\n            " + body + "\n          </DataContent></ContentItem>"
		if photo != "" {
			content = `<ContentItem Href="` + photo + `"><MediaType FormalName="Photo"/></ContentItem>`
		}
		return `<NewsItem><Identification><NewsIdentifier><ProviderId>afp.com</ProviderId><DateId>20171217</DateId>
<NewsItemId>171217200100.x1</NewsItemId><RevisionId PreviousRevision="0" Update="N">` + rev + `</RevisionId>
<PublicIdentifier>urn:newsml:afp.com:20171217:171217200100.x1:` + rev + `</PublicIdentifier></NewsIdentifier></Identification>
<NewsManagement><NewsItemType FormalName="News"/><FirstCreated>20171217T200100Z</FirstCreated><ThisRevisionCreated>` + created + `</ThisRevisionCreated></NewsManagement>
<NewsComponent><NewsLines><HeadLine>Poutine remercie Trump, d\xe9j\xe0</HeadLine><DateLine>Moscou, 17 d\xe9c 2017 (AFP)</DateLine>
<CopyrightLine>\xa9 2017 AFP</CopyrightLine></NewsLines>
<AdministrativeMetadata><Provider><Party FormalName="AFP"/></Provider></AdministrativeMetadata>
<NewsComponent>` + content + `</NewsComponent></NewsComponent></NewsItem>`
	}
	feed := "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<NewsML Version=\"1.2\">\n<NewsEnvelope><DateAndTime>20171217T200200Z</DateAndTime></NewsEnvelope>\n" +
		item("1", "20171217T200100Z", "", p0) +
		strings.Replace(item("1", "20171217T200100Z", "urn:newsml:afp.com:20171217:photo.jpg", ""), "171217200100.x1", "171217200100.p1", 2) +
		item("2", "20171217T210000Z", "", p0+"<p>The Kremlin gave no more detail.</p>") +
		strings.Replace(item("1", "20171217T220000Z", "", "Plain text, its &amp; as it is.\n\nIts second paragraph, its &lt;p&gt; too."), "171217200100.x1", "171217200100.t1", 2) +
		"</NewsML>\n"
	feed = strings.NewReplacer(`\xe9`, "\xe9", `\xe0`, "\xe0", `\xa9`, "\xa9").Replace(feed) // ISO 8859-1
	dir := t.TempDir()
	write(t, dir+"/afp.xml", []byte(feed))
	docs, got := readDir(t, dir, Files(nil, dir))
	var at []int // the line each NewsItem starts on
	for i := 0; ; {
		k := strings.Index(feed[i:], "<NewsItem>")
		if k < 0 {
			break
		}
		i += k + 1
		at = append(at, strings.Count(feed[:i], "\n")+1)
	}
	want := strings.Join([]string{
		fmt.Sprintf("urn:newsml:afp.com:20171217:171217200100.x1 afp.xml:%d", at[0]),
		fmt.Sprintf("SKIP afp.xml:%d: an item with no text (no content, description or summary)", at[1]),
		fmt.Sprintf("urn:newsml:afp.com:20171217:171217200100.x1~2 afp.xml:%d", at[2]),
		fmt.Sprintf("urn:newsml:afp.com:20171217:171217200100.t1 afp.xml:%d", at[3]),
	}, "\n")
	if got != want {
		t.Fatalf("read:\n%s\nwant:\n%s", got, want)
	}
	for i, c := range []struct {
		at, text string
	}{{"2017-12-17T20:01:00Z", want0}, {"2017-12-17T21:00:00Z", want0 + "\nThe Kremlin gave no more detail."},
		{"2017-12-17T22:00:00Z", "Plain text, its & as it is.\nIts second paragraph, its <p> too."}} {
		d := docs[i]
		if d.Title != "Poutine remercie Trump, déjà" || d.Outlet != "AFP" || d.Published.UTC().Format(time.RFC3339) != c.at || textLines(d.Text) != c.text {
			t.Errorf("%s: title %q, outlet %q, time %v, text\n%s\nwant %s, text\n%s", d.ID, d.Title, d.Outlet, d.Published.UTC(), textLines(d.Text), c.at, c.text)
		}
	}
	if !strings.Contains(docs[1].Note, "new version") {
		t.Errorf("the revision's note %q does not say it is a new version", docs[1].Note)
	}
}
