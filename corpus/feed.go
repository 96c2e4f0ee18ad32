package corpus

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// News feeds: RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 (RFC 4287), the way
// aggregators, monitoring tools and newsroom archives collect stories.
// Each item (an Atom entry) is one document:
//
//   - its text is the item's full content (RSS's content:encoded, Atom's
//     <content>), else its description or summary, read as HTML
//     (ExtractHTML) unless Atom says it is plain text;
//   - its title the item's; its URL the item's link, else its guid (Atom:
//     id) if that is a web address; its time the item's pubDate (RFC 822,
//     as e-mail writes dates), dc:date or published (RFC 3339), else when
//     it was updated;
//   - its outlet the site the item came from (RSS's <source>, Atom's
//     <source> title), else the host of the feed's own link without
//     "www." ("apnews.com"), so that a site's several feeds (top news,
//     world, politics) are one outlet; else the feed's title;
//   - its id what the feed says of it (stableID: its guid, else its
//     link), else the file's with "#n", the nth item; its place
//     path:line.
//
// A WordPress site's export (WXR: RSS 2.0 with the wp: namespace) is such
// a feed of every post: its published posts and pages are read, each
// one's content with its line breaks ending lines, as WordPress shows it
// (wpautop); other items are skipped with their reason (notPublished).
//
// A feed fetched again and again repeats its items: an item whose guid
// (else link) and text an earlier item of the run had is skipped as read
// before, naming it; one whose text changed is read, with a note naming
// the earlier version. Only the files one reader sees are compared: a
// distributed run, which reads each file apart (ReadFile), compares items
// within a file.
//
// The XML is read leniently, as feeds are often written by hand or by
// templates: HTML's entities (&nbsp;, &eacute;) are known, and a tag left
// open is closed. A file that is not well-formed enough to read on is
// read to where it breaks: the items before are delivered, and a skip
// names the line. The file is decoded first (a BOM, the XML declaration's
// encoding, else the encoding its bytes show).

// feedRoot reports whether b, a file's first bytes, begin a feed: after a
// byte order mark, white space, an XML declaration, processing
// instructions (a style sheet) and comments, an <rss>, <feed> or
// <rdf:RDF> element.
func feedRoot(b []byte) bool {
	b = pastProlog(b, "<?")
	for _, tag := range []string{"<rss", "<feed", "<rdf:RDF"} {
		if bytes.HasPrefix(b, []byte(tag)) && len(b) > len(tag) && tagEnds(b[len(tag)]) {
			return true
		}
	}
	return false
}

// feedItem is what a feed says of one item, as read.
type feedItem struct {
	line                      int // where it starts
	title, link, guid, source string
	date, updated             string
	content, summary          string // the full text, and the description or summary
	contentPlain, summaryText bool   // Atom's type="text": not HTML
	// wpType and wpStatus are a WordPress export's (WXR) post type
	// ("post", "page", "attachment", ...) and status ("publish",
	// "draft", ...); "" in other feeds.
	wpType, wpStatus string
}

// feedInfo is what a feed says of itself.
type feedInfo struct {
	title, link string
}

// stableID is what identifies an item across a feed's fetches, made
// from what the feed says of it, not from its place, or "" if the feed
// says nothing: its guid (Atom: id) if a web address or another URI
// ("tag:", "urn:"), else the guid within the feed's outlet
// ("example.org/4711": RSS guids need only be unique in their feed),
// else its link. A newer fetch that lists the item elsewhere gives it the
// same id, so that an archive replaces it, or passes it over if its text
// is the same, rather than taking it for another story.
func (it *feedItem) stableID(info *feedInfo) string {
	g, l := strings.TrimSpace(it.guid), strings.TrimSpace(it.link)
	switch {
	case g != "" && uriScheme(g):
		return g
	case g != "":
		return feedOutlet(info) + "/" + g
	}
	return l
}

// uriScheme reports whether s starts with a URI's scheme ("https:",
// "tag:", "urn:").
func uriScheme(s string) bool {
	i := strings.IndexByte(s, ':')
	if i < 2 {
		return false
	}
	for j, c := range s[:i] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// feed delivers the items of the feed raw, the file at path, as
// documents.
func (r *reader) feed(id, path string, raw []byte) error {
	var root string
	n, done, err := r.xmlItems(id, path, "feed", raw, func(text []byte, emit func(*feedInfo, *feedItem) error) error {
		return readFeed(text, &root, emit)
	})
	switch {
	case done:
		return err
	case n == 0 && root != "rss" && root != "feed" && root != "RDF":
		return r.skip(Skip{ID: id, Path: path, Reason: fmt.Sprintf("not a feed: its first element is <%s>, not <rss>, <feed> or <rdf:RDF>", root)})
	case n == 0:
		return r.skip(Skip{ID: id, Path: path, Reason: "a feed with no items"})
	}
	return nil
}

// xmlItems delivers the items that read finds in raw, an XML file (a
// feed, an agency's stories: what) at path, each through feedItem, once
// raw is decoded. It returns how many it found, and done if it is done
// with the file: skipped (binary, or the XML broken: the items before
// are delivered), or stopped by the caller's error, which it returns.
func (r *reader) xmlItems(id, path, what string, raw []byte, read func([]byte, func(*feedInfo, *feedItem) error) error) (n int, done bool, err error) {
	if reason := binary(raw); reason != "" {
		return 0, true, r.skip(Skip{ID: id, Path: path, Reason: reason})
	}
	dec := decode(raw, r.forced, xmlEncoding)
	dec.note = strings.Replace(dec.note, "the charset the page declares", "the encoding the "+what+" declares", 1)
	err = read(dec.text, func(info *feedInfo, it *feedItem) error {
		n++
		return r.feedItem(fmt.Sprintf("%s#%d", id, n), fmt.Sprintf("%s:%d", path, it.line), it, info, dec)
	})
	var cut feedError
	switch {
	case errors.As(err, &cut) && n == 0:
		return n, true, r.skip(Skip{ID: id, Path: path, Reason: fmt.Sprintf("not a readable %s: %v", what, err)})
	case errors.As(err, &cut):
		return n, true, r.skip(Skip{ID: id, Path: path, Reason: fmt.Sprintf("%s cut short: %v; the items before are read", what, err)})
	}
	return n, err != nil, err
}

// lenientXML returns a decoder of text, XML in UTF-8 (any encoding its
// declaration names undone by decode), that reads it as feeds and agency
// files need: HTML's entities known, HTML's empty elements closed.
func lenientXML(text []byte) *xml.Decoder {
	xd := xml.NewDecoder(bytes.NewReader(text))
	xd.Strict = false
	xd.AutoClose = feedAutoClose
	xd.Entity = xml.HTMLEntity
	xd.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	return xd
}

// xmlError is a feedError that says where err, the XML's, broke; in an
// item that starts at line (0: none), which is not delivered.
func xmlError(err error, line int) error {
	msg := err.Error()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg = fmt.Sprintf("line %d: %s", se.Line, se.Msg)
	}
	if line > 0 {
		msg += fmt.Sprintf(", in the item at line %d", line)
	}
	return feedError{msg}
}

// feedItem delivers one item of a feed, or skips it: its id its
// stableID, else byPlace.
func (r *reader) feedItem(byPlace, path string, it *feedItem, info *feedInfo, dec decoded) error {
	key := it.stableID(info)
	id := cmp.Or(key, byPlace)
	if reason := it.notPublished(); reason != "" {
		return r.skip(Skip{ID: id, Path: path, Reason: reason})
	}
	d := Doc{ID: id, Path: path, Title: oneLine(it.title), Encoding: dec.encoding, Note: dec.note}
	d.URL = strings.TrimSpace(it.link)
	if g := strings.TrimSpace(it.guid); d.URL == "" && (strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://")) {
		d.URL = g
	}
	d.Outlet = oneLine(it.source)
	if d.Outlet == "" {
		d.Outlet = feedOutlet(info)
	}
	for _, s := range []string{it.date, it.updated} {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if t, dateOnly, note, err := parseTime(s); err == nil {
			d.Published, d.DateOnly, d.Note = t, dateOnly, joinNote(d.Note, note)
		} else {
			d.Note = joinNote(d.Note, fmt.Sprintf("its date %q cannot be read: the time is unknown", s))
		}
		break
	}
	text, plain := it.content, it.contentPlain
	if strings.TrimSpace(text) == "" {
		text, plain = it.summary, it.summaryText
	}
	if key != "" {
		d.seen = &seen{key: key, what: "item"}
	}
	wp := it.wpType != ""
	return r.run(len(text), func(r *reader) error { return r.itemText(d, text, plain, wp) })
}

// itemText delivers d, a feed's item, with its text: text, HTML unless
// plain, read as WordPress stores a post's if wp.
func (r *reader) itemText(d Doc, text string, plain, wp bool) error {
	body := []byte(text)
	if !plain {
		// A WordPress post's content keeps its paragraphs and lines as
		// line breaks, made tags only when it is shown (wpautop).
		page := extractHTML(body, wp)
		body = page.Text
		d.Note = joinNote(d.Note, page.Note)
	}
	if strings.TrimSpace(string(body)) == "" {
		return r.skip(Skip{ID: d.ID, Path: d.Path, Reason: "an item with no text (no content, description or summary)"})
	}
	if reason := unusable(body); reason != "" {
		return r.skip(Skip{ID: d.ID, Path: d.Path, Reason: reason})
	}
	return r.text(d, body)
}

// notPublished is why a WordPress export's item is not a published post
// or page, "" if it is one or is not from such an export: attachments,
// menu items, revisions and the site's templates and styles are not
// posts (a custom type, a site's "article" or "liveblog", is); drafts,
// posts pending review, private, scheduled ("future") or in the trash
// are not published.
func (it *feedItem) notPublished() string {
	typ, status := strings.TrimSpace(it.wpType), strings.TrimSpace(it.wpStatus)
	switch typ {
	case "attachment", "nav_menu_item", "revision", "custom_css", "customize_changeset", "oembed_cache",
		"user_request", "wp_block", "wp_template", "wp_template_part", "wp_global_styles", "wp_navigation",
		"wp_font_family", "wp_font_face":
		return fmt.Sprintf("a WordPress %s (wp:post_type), not a post or a page", typ)
	}
	switch status {
	case "draft", "auto-draft", "pending", "private", "future", "trash":
		kind := "post"
		if typ != "" && typ != "post" {
			kind = typ
		}
		return fmt.Sprintf("a WordPress %s not published (wp:status %q)", kind, status)
	}
	return ""
}

// feedOutlet is a feed's outlet: its link's host without "www.", else
// its title.
func feedOutlet(info *feedInfo) string {
	if u, err := url.Parse(strings.TrimSpace(info.link)); err == nil && u.Host != "" {
		return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	return oneLine(info.title)
}

// oneLine is s with its white space collapsed, and its tags left out and
// its entities undone if it has any (a title in HTML, escaped once more).
func oneLine(s string) string {
	if strings.ContainsAny(s, "<&") {
		s = string(tagText([]byte(s)))
	}
	return strings.Join(strings.Fields(s), " ")
}

// xmlEncoding returns the encoding an XML declaration names, canonical,
// or "" if none or one unknown.
func xmlEncoding(raw []byte) string {
	head := raw[:min(len(raw), 1024)]
	if !bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n"), []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return ""
	}
	decl := string(head[:end])
	i := strings.Index(decl, "encoding")
	if i < 0 {
		return ""
	}
	v := strings.TrimLeft(decl[i+len("encoding"):], " \t\r\n=")
	if len(v) < 2 || (v[0] != '"' && v[0] != '\'') {
		return ""
	}
	v = v[1:]
	if j := strings.IndexAny(v, `"'`); j >= 0 {
		v = v[:j]
	}
	name, _ := EncodingName(v)
	return name
}

// feedAutoClose are the HTML elements with no end tag that a template may
// leave unescaped in an item: xml.HTMLAutoClose but <link>, which in a
// feed holds the address.
var feedAutoClose = []string{"basefont", "br", "area", "img", "param", "hr", "input", "col", "frame", "isindex", "base", "meta"}

// feedError is where a feed's XML broke.
type feedError struct{ msg string }

func (e feedError) Error() string { return e.msg }

// readFeed reads a feed, text in UTF-8, and calls emit with each item as
// it ends, in order, with what the feed said of itself before it, and
// sets root to the first element's local name. It
// returns emit's first error, or a feedError saying where the XML broke
// (an item it cuts short is not emitted).
func readFeed(text []byte, root *string, emit func(*feedInfo, *feedItem) error) error {
	xd := lenientXML(text)
	var info feedInfo
	var item feedItem
	var cur *feedItem // &item while one is read
	var x xmlFields
	for {
		tok, err := xd.Token()
		if err != nil {
			return tokenError(err, cur)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if *root == "" {
				*root = t.Name.Local
			}
			if x.start(t) {
				continue // markup inside a field: Atom's xhtml content, or HTML a template did not escape
			}
			if cur == nil && (t.Name.Local == "item" || t.Name.Local == "entry") {
				line, _ := xd.InputPos()
				item = feedItem{line: line}
				cur = &item
				continue
			}
			if field := itemField(cur, &info, x.path, t); field != nil {
				x.read(field, true, false) // its own text is HTML, escaped once
				if cur != nil && t.Name.Local == "content" && attrOf(t, "type") == "text" {
					cur.contentPlain = true
				}
				if cur != nil && t.Name.Local == "summary" && (attrOf(t, "type") == "" || attrOf(t, "type") == "text") {
					cur.summaryText = true
				}
			}
		case xml.EndElement:
			x.end()
			if cur != nil && !x.reading() && (t.Name.Local == "item" || t.Name.Local == "entry") {
				if err := emit(&info, cur); err != nil {
					return err
				}
				cur = nil
			}
		case xml.CharData:
			x.text(t)
		}
	}
}

// tokenError is what a reader of items returns for err, the decoder's:
// nil at the end, else a feedError saying where the XML broke, in the
// item cur (nil: none), which is not delivered.
func tokenError(err error, cur *feedItem) error {
	if err == io.EOF {
		return nil
	}
	line := 0
	if cur != nil {
		line = cur.line
	}
	return xmlError(err, line)
}

// xmlFields follows an XML document's open elements (path) and reads
// the field an item's reader asks for: its own text as it is, or escaped
// (escape: the field holds markup); the elements inside it kept as HTML
// tags, their text escaped (markup), or left out with their text kept.
// A field's text is kept only if it has none yet (the first of several).
type xmlFields struct {
	path           []string // the elements open, by local name
	field          *string  // the field being read, or nil
	markup, escape bool
	depth          int // of the field's element
	buf            strings.Builder
}

// start notes the start of t, and reports whether it is inside the field
// being read.
func (x *xmlFields) start(t xml.StartElement) bool {
	x.path = append(x.path, t.Name.Local)
	if x.field == nil {
		return false
	}
	if x.markup {
		x.buf.WriteString("<" + t.Name.Local + ">")
	}
	return true
}

// read reads into dst the field whose start start noted last.
func (x *xmlFields) read(dst *string, markup, escape bool) {
	x.field, x.markup, x.escape, x.depth = dst, markup, escape, len(x.path)
	x.buf.Reset()
}

// reading reports whether a field is being read.
func (x *xmlFields) reading() bool { return x.field != nil }

// end notes the end of the innermost open element: inside the field,
// markup; the field's own, the field read.
func (x *xmlFields) end() {
	switch {
	case x.field != nil && len(x.path) > x.depth:
		if x.markup {
			x.buf.WriteString("</" + x.path[len(x.path)-1] + ">")
		}
	case x.field != nil:
		if *x.field == "" {
			*x.field = x.buf.String()
		}
		x.field = nil
	}
	if len(x.path) > 0 {
		x.path = x.path[:len(x.path)-1]
	}
}

// text notes text, kept if it is the field's.
func (x *xmlFields) text(t xml.CharData) {
	switch {
	case x.field == nil:
	case x.escape || x.markup && len(x.path) > x.depth:
		xml.EscapeText(&x.buf, t)
	default:
		x.buf.Write(t)
	}
}

// The namespaces of the elements readFeed reads: RSS 2.0's are in none.
const (
	atomNS    = "http://www.w3.org/2005/Atom"
	rss1NS    = "http://purl.org/rss/1.0/"
	contentNS = "http://purl.org/rss/1.0/modules/content/"
	dcNS      = "http://purl.org/dc/elements/1.1/"
	dctermsNS = "http://purl.org/dc/terms/"
	// wordpressNS starts the namespace of a WordPress export's elements
	// (WXR 1.0 to 1.2: "http://wordpress.org/export/1.2/").
	wordpressNS = "http://wordpress.org/export/"
)

// itemField returns the field of the item (or of the feed, if not in an
// item) that element t, at path, holds, or nil. An Atom link holds its
// address in an attribute: it is set here, and nil returned. Elements of
// other namespaces (Media RSS's captions, iTunes' summaries) hold none.
func itemField(cur *feedItem, info *feedInfo, path []string, t xml.StartElement) *string {
	local, space := t.Name.Local, t.Name.Space
	core := space == "" || space == atomNS || space == rss1NS
	if cur == nil {
		// The feed's own title and link: a child of <channel> or <feed>.
		if !core || len(path) < 2 || path[len(path)-2] != "channel" && path[len(path)-2] != "feed" {
			return nil
		}
		switch local {
		case "title":
			return &info.title
		case "link":
			return linkField(t, &info.link)
		}
		return nil
	}
	parent := path[len(path)-2]
	if core && parent == "source" && local == "title" {
		return &cur.source // Atom: the feed an entry came from
	}
	if parent != "item" && parent != "entry" {
		return nil
	}
	switch {
	case space == contentNS && local == "encoded":
		return &cur.content
	case strings.HasPrefix(space, wordpressNS) && local == "post_type":
		return &cur.wpType
	case strings.HasPrefix(space, wordpressNS) && local == "status":
		return &cur.wpStatus
	case space == dcNS && local == "date":
		return &cur.date
	case space == dctermsNS && local == "modified":
		return &cur.updated
	case !core:
		return nil
	}
	switch local {
	case "title":
		return &cur.title
	case "link":
		return linkField(t, &cur.link)
	case "guid", "id":
		return &cur.guid
	case "source":
		if attrOf(t, "url") == "" {
			return nil // Atom's <source>: its title is read above
		}
		return &cur.source // RSS's: the site's name
	case "pubDate", "published":
		return &cur.date
	case "updated":
		return &cur.updated
	case "content":
		return &cur.content
	case "description", "summary":
		return &cur.summary
	}
	return nil
}

// linkField is where a link element t puts its address: an Atom link
// holds it in its href, set in dst here if dst has none and the link is
// the alternate (nil returned); an RSS link in its text, read into dst.
func linkField(t xml.StartElement, dst *string) *string {
	if href := attrOf(t, "href"); href != "" {
		if *dst == "" && isAlternate(t) {
			*dst = href
		}
		return nil
	}
	return dst
}

// isAlternate reports whether an Atom link is the entry's own page: rel
// "alternate", or none.
func isAlternate(t xml.StartElement) bool {
	rel := attrOf(t, "rel")
	return rel == "" || rel == "alternate"
}

// attrOf is the value of t's attribute of local name key, or "".
func attrOf(t xml.StartElement, key string) string {
	for _, a := range t.Attr {
		if a.Name.Local == key {
			return a.Value
		}
	}
	return ""
}
