package corpus

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Page is what ExtractHTML finds in a web page.
type Page struct {
	Title     string
	Outlet    string    // the site's name; "" when the page gives none
	URL       string    // the page's own address; "" when it gives none
	Published time.Time // zero when the page gives no date
	DateOnly  bool      // the page gives only a day
	Text      []byte    // the main text, one paragraph per line
	Note      string    // how a page that does not parse as it stands was read; "" if it parses
	links     int       // the links in Text
	linked    int       // the bytes of Text that are their text
	teasers   int       // the headings in Text that are a link to another page, whole
	lead      int       // the bytes of Text before the first of them
	article   bool      // the page says it is an article (og:type, its JSON-LD's @type)
}

// LinkPage reports whether the page is a list of links to other pages,
// not an article: a front page, a section's, a tag's or an author's page,
// an index. Either its text is mostly the text of links (at least
// minLinks of them, and two thirds of its bytes: headlines, a site's
// other pages), or, on a page that does not say it is an article, it is
// teasers: at least minTeasers headings that are each a link to another
// page, whole, with fewer than teaserWords words of text a heading (a
// headline, a summary, a byline), and fewer than that before the first
// (a section's title, its introduction). An article links a few of its
// words, and its related stories' headlines come after its text; a live
// blog's entries, whose headings may link to themselves, are on a page
// that says it is an article (LiveBlogPosting).
func (p Page) LinkPage() bool {
	if p.links >= minLinks && 3*p.linked >= 2*len(p.Text) {
		return true
	}
	return !p.article && p.teasers >= minTeasers && wordCount(p.Text) < teaserWords*p.teasers && wordCount(p.Text[:p.lead]) < teaserWords
}

// The least a page of links has, and the most words a teaser has on
// average.
const (
	minLinks    = 5
	minTeasers  = 3
	teaserWords = 80
)

// wordCount is the number of words of text, split at white space.
func wordCount(text []byte) int { return len(bytes.Fields(text)) }

// linksReason is why a page of links (LinkPage) is not read as a
// document.
func (p Page) linksReason() string {
	if p.links >= minLinks && 3*p.linked >= 2*len(p.Text) {
		return fmt.Sprintf("a page of links, not an article (a front, section, tag or index page): %d links hold %d%% of its text", p.links, 100*p.linked/max(len(p.Text), 1))
	}
	return fmt.Sprintf("a page of teasers, not an article (a front, section, tag or index page): %d headlines that are links, %d words", p.teasers, wordCount(p.Text))
}

// ExtractHTML returns the article in an HTML page: its title, its
// publication date and its main text, without navigation and page chrome.
//
// The main text is the page's <article> (the one with the most paragraph
// text if there are several, outside page chrome; a live blog's entries,
// each an <article> without a headline of its own, counted and read
// together: articleEntries), else its <main>, else the element whose
// direct <p> children hold the most text (the heuristic of Readability and
// its descendants), the paragraphs of its direct <blockquote> children
// counted as its own (a blog post around a long quote is the post, not
// the quote), with the siblings beside it that hold text of the kind
// (withSiblings: a live blog's entries, documentation's sections), else
// the <body>. Inside it, scripts, styles, forms,
// <nav>, <header>, <footer>, <aside>, <figure> and elements whose class or
// id names chrome ("share", "related", "newsletter", "cookie", ...) are
// dropped. Block elements end paragraphs; white space inside a paragraph
// is collapsed (but in a <pre>). The title is og:title, else the JSON-LD
// headline, else <title>, else the first <h1>;
// the outlet is og:site_name, else application-name (the site's name as
// the page states it: a title's "| RFE/RL" is not read); the URL is
// og:url, else the canonical link; the date is article:published_time
// (or datePublished, date, pubdate), else the first <time datetime>, in
// any form a record's time may have (parseDate), or as a date. The
// page's JSON-LD (html_jsonld.go) gives the headline, publisher, address
// and time the tags do not, and its articleBody is the text where it
// holds far more than the page shows (structuredBody).
//
// A page whose text is mostly the text of links (a front page, an
// index) says so (LinkPage); its readers skip it.
//
// A page nested deeper than the parser allows is read as browsers read it
// (html_nesting.go), and its Note says so. It never fails: text that is
// not HTML yields its text content.
func ExtractHTML(src []byte) Page { return extractHTML(src, false) }

// extractHTML is ExtractHTML; with breaks, a line break in the text ends
// a line, as WordPress shows a post's stored content (wpautop).
func extractHTML(src []byte, breaks bool) Page {
	root, note := parsePage(src)
	if root == nil {
		return Page{Text: tagText(src), Note: note}
	}
	p := Page{Note: note}
	var metaTitle, docTitle, h1, siteName, appName, metaURL, canonical, ogType string
	var dates, timeDates, ldScripts []string
	var articles, mains []*html.Node
	var body *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				key := strings.ToLower(attr(n, "property") + attr(n, "name") + attr(n, "itemprop"))
				switch key {
				case "og:type":
					ogType = attr(n, "content")
				case "og:title":
					metaTitle = attr(n, "content")
				case "og:site_name":
					siteName = attr(n, "content")
				case "application-name":
					appName = attr(n, "content")
				case "og:url":
					metaURL = attr(n, "content")
				case "article:published_time", "datepublished", "date", "pubdate", "dc.date", "dcterms.created":
					dates = append(dates, attr(n, "content"))
				}
			case atom.Link:
				if canonical == "" && strings.EqualFold(attr(n, "rel"), "canonical") {
					canonical = attr(n, "href")
				}
			case atom.Title:
				if docTitle == "" {
					docTitle = textOf(n)
				}
			case atom.H1:
				if h1 == "" {
					h1 = textOf(n)
				}
			case atom.Time:
				if d := attr(n, "datetime"); d != "" {
					timeDates = append(timeDates, d)
				}
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil {
					ldScripts = append(ldScripts, n.FirstChild.Data)
				}
			case atom.Article:
				articles = append(articles, n)
			case atom.Main:
				mains = append(mains, n)
			case atom.Body:
				body = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	ld := readLD(ldScripts)
	p.Title = firstNonEmpty(metaTitle, ld.headline, docTitle, h1)
	p.Outlet = firstNonEmpty(siteName, appName, ld.publisher)
	p.URL = firstNonEmpty(metaURL, canonical, ld.url)
	if ld.published != "" {
		dates = append(dates, ld.published)
	}
	for _, d := range append(dates, timeDates...) {
		if t, dateOnly, ok := parseDate(d); ok {
			p.Published, p.DateOnly = t, dateOnly
			break
		}
	}
	main, own := pickMain(articles, mains, body, root)
	b := textBuilder{breaks: breaks}
	switch {
	case own > 0:
		main, b.skip = withSiblings(main, func(c *html.Node) bool { return isContent(c, own) })
	case main.DataAtom == atom.Article:
		main, b.skip = articleEntries(main)
	}
	b.block(main)
	p.Text = b.bytes()
	p.links, p.linked, p.teasers, p.lead = b.links, b.linked, b.teasers, min(b.lead, len(p.Text))
	p.article = strings.EqualFold(strings.TrimSpace(ogType), "article") || ld.found
	if text, shown, given, ok := structuredBody(ld.body, p.Text); ok {
		p.Text = text
		p.Note = joinNote(p.Note, fmt.Sprintf("the text is the page's structured data (JSON-LD articleBody, %d words), which holds more of the article than the page shows (%d words)", given, shown))
	}
	return p
}

// structuredBody returns a page's articleBody as its text, one paragraph
// a line, if it holds half as many words again as the text read from the
// page (shown): a paywalled page that shows its lead and gives the rest
// to search engines, or a page whose text a script writes. Otherwise the
// page's own text stands, with its paragraphs.
func structuredBody(body string, shown []byte) (text []byte, nShown, nGiven int, ok bool) {
	if body == "" {
		return nil, 0, 0, false
	}
	nShown, nGiven = len(strings.Fields(string(shown))), len(strings.Fields(body))
	if 2*nGiven < 3*nShown || nGiven < 20 {
		return nil, nShown, nGiven, false
	}
	if strings.Contains(body, "<") {
		return tagText([]byte(body)), nShown, nGiven, true
	}
	var lines []string
	for _, l := range strings.Split(body, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return []byte(strings.Join(lines, "\n")), nShown, nGiven, true
}

// parsePage parses src; a page nested too deep, once flattened
// (flattenDeep), with note saying how. It returns nil if even that does
// not parse, and note says why.
func parsePage(src []byte) (*html.Node, string) {
	root, err := html.Parse(bytes.NewReader(src))
	if err == nil {
		return root, ""
	}
	for i, depth := range flatDepths {
		flat, ok := flattenDeep(src, depth, i == 0)
		if !ok {
			continue
		}
		if root, err := html.Parse(bytes.NewReader(flat)); err == nil {
			what := "elements that only wrap or style"
			if i > 0 {
				what = "all elements"
			}
			return root, fmt.Sprintf("HTML nested deeper than the parser's 512 elements: read without the tags of %s past %d deep", what, depth)
		}
	}
	return nil, "HTML that does not parse (" + err.Error() + "): read as its text, without its structure, so page chrome is not left out"
}

// chromeWords name, in a class or id, page parts that are not the article.
var chromeWords = []string{"nav", "menu", "footer", "header", "share", "social", "related", "comment",
	"cookie", "subscribe", "newsletter", "breadcrumb", "promo", "advert", "sidebar", "skip-link", "masthead", "banner"}

// dropped reports whether an element is page chrome or not text.
func dropped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Nav, atom.Header, atom.Footer, atom.Aside,
		atom.Form, atom.Button, atom.Select, atom.Svg, atom.Iframe, atom.Figure, atom.Head, atom.Object, atom.Canvas:
		return true
	}
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	names := strings.ToLower(attr(n, "class") + " " + attr(n, "id") + " " + attr(n, "role"))
	for _, w := range chromeWords {
		if strings.Contains(names, w) {
			return true
		}
	}
	return false
}

// blocks end a paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Li: true,
	atom.Ul: true, atom.Ol: true, atom.Blockquote: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Tr: true, atom.Table: true, atom.Pre: true,
	atom.Dd: true, atom.Dt: true, atom.Dl: true, atom.Figcaption: true, atom.Address: true, atom.Hr: true,
	atom.Br: true, atom.Body: true,
}

// textBuilder collects text, one paragraph per line; inside a <pre>,
// the text's own lines, blank lines and spaces, as browsers show them
// (a mail archive's message, wire copy as the agency sent it).
type textBuilder struct {
	buf     bytes.Buffer
	space   bool                // a space is pending inside the paragraph
	pre     int                 // the <pre> elements the text is in
	breaks  bool                // a line break in the text ends a line (extractHTML)
	skip    map[*html.Node]bool // elements left out (withSiblings)
	links   int                 // links whose text was written
	linked  int                 // the bytes of their text
	teasers int                 // headings that are a link to another page, whole (linkedHeading)
	lead    int                 // the bytes written before the first of them
}

func (b *textBuilder) block(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.text(n.Data)
		return
	case html.ElementNode:
		if dropped(n) || b.skip[n] {
			return
		}
	case html.CommentNode, html.DoctypeNode:
		return
	}
	isBlock := n.Type == html.ElementNode && blocks[n.DataAtom]
	if isBlock {
		b.end()
	}
	pre := n.Type == html.ElementNode && n.DataAtom == atom.Pre
	if pre {
		b.pre++
	}
	if isHeading(n) && linkedHeading(n) {
		if b.teasers == 0 {
			b.lead = b.buf.Len()
		}
		b.teasers++
	}
	before := b.buf.Len()
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.block(c)
	}
	if n.Type == html.ElementNode && n.DataAtom == atom.A && b.buf.Len() > before {
		b.links++
		b.linked += b.buf.Len() - before
	}
	if pre {
		b.pre--
	}
	if isBlock {
		b.end()
	}
}

func (b *textBuilder) text(s string) {
	if b.pre > 0 {
		b.preText(s)
		return
	}
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] > ' ' && s[j] < utf8.RuneSelf { // a run of printable ASCII, most of a page's text
			j++
		}
		if j > i {
			if b.space {
				b.buf.WriteByte(' ')
				b.space = false
			}
			b.buf.WriteString(s[i:j])
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == '\n' && b.breaks {
			b.end()
			continue
		}
		if isHTMLSpace(r) {
			b.space = !b.atLineStart()
			continue
		}
		if b.space {
			b.buf.WriteByte(' ')
			b.space = false
		}
		b.buf.WriteRune(r)
	}
}

// preText writes s as it stands, but for carriage returns: a <pre>'s
// text. (The parser drops the newline right after <pre>.)
func (b *textBuilder) preText(s string) {
	if b.space {
		b.buf.WriteByte(' ')
		b.space = false
	}
	for _, r := range s {
		if r != '\r' {
			b.buf.WriteRune(r)
		}
	}
}

func (b *textBuilder) atLineStart() bool {
	data := b.buf.Bytes()
	return len(data) == 0 || data[len(data)-1] == '\n'
}

// end ends the current paragraph, if any.
func (b *textBuilder) end() {
	b.space = false
	if !b.atLineStart() {
		b.buf.WriteByte('\n')
	}
}

func (b *textBuilder) bytes() []byte { return bytes.TrimRight(b.buf.Bytes(), "\n") }

func isHTMLSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\u00A0'
}

// textOf is the text content of n, white space collapsed.
func textOf(n *html.Node) string { return string(appendText(nil, n)) }

// textLen is the length of strings.TrimSpace(textOf(n)), counted
// without making the text: the measure of a paragraph, taken for every
// element of a page, some more than once, as its main text is chosen.
func textLen(n *html.Node) int {
	length, _ := textEnd(n)
	return length
}

// textEnd returns the length of strings.TrimSpace(textOf(n)) and its last
// byte (0 if it is empty).
func textEnd(n *html.Node) (length int, last byte) {
	m := textMeasure{prefix: true}
	m.walk(n)
	if m.prefix {
		return 0, 0
	}
	return m.count - m.lead - m.trail, m.last
}

// textMeasure follows the bytes appendText would append, counting them,
// and those at either end that bytes.TrimSpace would take off: runs of
// Unicode white space that is not HTML's ("\v", U+3000), with the
// spaces that join them.
type textMeasure struct {
	count       int  // bytes appended
	lead, trail int  // of those, the white space at the start (while prefix) and at the end
	prefix      bool // all appended so far is white space
	pending     bool // a space is due before the next character
	last        byte // the last byte of the last character that is not white space
}

func (m *textMeasure) walk(n *html.Node) {
	if n.Type == html.TextNode {
		m.text(n.Data)
	}
	if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		m.walk(c)
	}
}

// text follows a text node's bytes as appendText appends them.
func (m *textMeasure) text(s string) {
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] > ' ' && s[j] < utf8.RuneSelf { // a run of printable ASCII, most of a page's text
			j++
		}
		if j > i {
			m.word(j-i, s[j-1], false)
			i = j
			continue
		}
		c, size := rune(s[i]), 1
		if c >= utf8.RuneSelf {
			c, size = utf8.DecodeRuneInString(s[i:])
		}
		if isHTMLSpace(c) {
			m.pending = m.count > 0
		} else {
			m.word(size, s[i+size-1], unicode.IsSpace(c))
		}
		i += size
	}
	m.pending = m.count > 0
}

// word follows the appending of n bytes, ending in last, that are white
// space to TrimSpace or not, and of the space due before them.
func (m *textMeasure) word(n int, last byte, space bool) {
	if m.pending {
		m.count++
		m.trail++
		if m.prefix {
			m.lead++
		}
		m.pending = false
	}
	m.count += n
	if space {
		m.trail += n
		if m.prefix {
			m.lead += n
		}
		return
	}
	m.prefix, m.trail, m.last = false, 0, last
}

// appendText appends the text content of n to dst, its runs of HTML
// white space (and the breaks between text nodes) one space, none at
// either end, and returns it.
func appendText(dst []byte, n *html.Node) []byte {
	start, pending := len(dst), false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			s := n.Data
			for i := 0; i < len(s); {
				if c := s[i]; c < utf8.RuneSelf { // ASCII, most of a page's text
					if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' {
						pending = len(dst) > start
					} else {
						if pending {
							dst = append(dst, ' ')
							pending = false
						}
						dst = append(dst, c)
					}
					i++
					continue
				}
				r, size := utf8.DecodeRuneInString(s[i:])
				if isHTMLSpace(r) {
					pending = len(dst) > start
				} else {
					if pending {
						dst = append(dst, ' ')
						pending = false
					}
					dst = append(dst, s[i:i+size]...)
				}
				i += size
			}
			pending = len(dst) > start
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return dst
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return true
		}
	}
	return false
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x = strings.TrimSpace(x); x != "" {
			return x
		}
	}
	return ""
}

// parseDate reads a page's date: a time with its zone, in any form a
// record's may have (parseTime: "2017-12-17T20:01:00+0000" too), else the
// date its first ten characters give ("2017-12-17", and a time with no
// zone, whose day is all that is sure of it).
func parseDate(s string) (t time.Time, dateOnly, ok bool) {
	s = strings.TrimSpace(s)
	if t, dateOnly, note, err := parseTime(s); err == nil && note == "" {
		return t, dateOnly, true
	}
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t, true, true
		}
	}
	return time.Time{}, false, false
}
