package corpus

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Wire formats: how news agencies deliver their stories to newsrooms,
// the IPTC's XML standards.
//
//   - NITF (News Industry Text Format, 3.x): one story, <nitf>. Its
//     title the headline (hl1), its time docdata's date.issue (else
//     date.release), in ISO 8601's basic form ("20171217T200100Z"), its
//     outlet the copyright's holder (else the distributor), its id
//     doc-id's id-string, its text body.content's paragraphs.
//   - NewsML-G2 (2.x): a <newsMessage> of <newsItem>s, or one
//     <newsItem>. Its id the item's guid, its title contentMeta's
//     headline, its time itemMeta's versionCreated (when this text was
//     published; else firstCreated), its outlet rightsInfo's copyright
//     holder (else the creditline, else the provider), its text the
//     inlineXML's XHTML body or NITF body.content, else inlineData's
//     plain text. An item with no text of its own (a picture's, a
//     package's) is skipped as one with none. A body that is one
//     paragraph of wire copy laid out a line to a line is read as
//     plain text (wireCopy).
//   - NewsML 1 (1.x, as AFP delivers its stories): a <NewsML> of
//     <NewsItem>s. Its id the item's PublicIdentifier without its
//     revision (every revision one story, a later one a new version),
//     its title the NewsLines' HeadLine, its time ThisRevisionCreated
//     (else FirstCreated), its outlet the provider's Party (else the
//     CopyrightLine's holder, else the CreditLine), its text the first
//     DataContent of a ContentItem of MediaType Text: markup (XHTML, or
//     a NITF document's body.content), or plain text.
//
// Each story is delivered as a feed's item is (feedItem): an id made
// from what the item says, a version read again with the same text
// skipped, a new one read with a note. Files are found by their content
// (wireRoot), whatever their names: agencies' files are .xml or have no
// extension.

// wireRoot reports whether b, a file's first bytes, begin a NITF or
// NewsML document: past the prolog and a document type, a <nitf>,
// <newsMessage>, <newsItem> or <NewsML>.
func wireRoot(b []byte) bool {
	b = pastProlog(b, "<?")
	if hasFold(b, "<!DOCTYPE") {
		end := bytes.IndexByte(b, '>')
		if end < 0 {
			return false
		}
		b = pastProlog(b[end+1:], "<?")
	}
	for _, tag := range []string{"<nitf", "<newsMessage", "<newsItem", "<NewsML"} {
		if bytes.HasPrefix(b, []byte(tag)) && len(b) > len(tag) && tagEnds(b[len(tag)]) {
			return true
		}
	}
	return false
}

// wire delivers the stories of raw, a NITF or NewsML file at path.
func (r *reader) wire(id, path string, raw []byte) error {
	n, done, err := r.xmlItems(id, path, "NITF or NewsML file", raw, readWire)
	switch {
	case done:
		return err
	case n == 0:
		return r.skip(Skip{ID: id, Path: path, Reason: "no story: the file holds no <nitf>, <newsItem> or <NewsItem>"})
	}
	return nil
}

// wireStory is a story being read: the feed item it is delivered as, and
// the candidates for its outlet, best first.
type wireStory struct {
	item                        feedItem
	holder, credit, provider    string
	created                     string // NewsML's firstCreated, if there is no versionCreated
	dataType                    string // inlineData's contenttype
	nitf                        bool   // a NITF story, not a NewsML item
	xhtml, nitfBody, inlineData bool   // which text it has (the first found is kept)
	newsML1                     bool   // a NewsML 1 <NewsItem>
	media                       string // NewsML 1: the MediaType of the ContentItem being read
}

// readWire reads a NITF or NewsML (G2 or 1) document, text in UTF-8, and calls
// emit with each story as it ends, its outlet the feed's title. It
// returns emit's first error, or a feedError saying where the XML broke.
func readWire(text []byte, emit func(*feedInfo, *feedItem) error) error {
	xd := lenientXML(text)
	var st *wireStory
	var x xmlFields
	for {
		tok, err := xd.Token()
		if err != nil {
			var cur *feedItem
			if st != nil {
				cur = &st.item
			}
			return tokenError(err, cur)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if x.start(t) {
				continue
			}
			local := t.Name.Local
			if local == "newsItem" || local == "NewsItem" || local == "nitf" && st == nil {
				line, _ := xd.InputPos()
				st = &wireStory{item: feedItem{line: line, guid: attrOf(t, "guid")}, nitf: local == "nitf", newsML1: local == "NewsItem"}
				continue
			}
			if st == nil {
				continue
			}
			if field, markup := st.field(t, x.path); field != nil {
				x.read(field, markup, markup) // a body's text is markup's
			}
		case xml.EndElement:
			x.end()
			if st != nil && !x.reading() && (t.Name.Local == "newsItem" || t.Name.Local == "NewsItem" || t.Name.Local == "nitf" && st.nitf) {
				if err := emit(&feedInfo{title: st.outlet()}, st.done()); err != nil {
					return err
				}
				st = nil
			}
		case xml.CharData:
			x.text(t)
		}
	}
}

// field returns where the story keeps what element t, at path, holds,
// and whether that is the element's inner markup (a body); the metadata
// an element holds in its attributes is kept here, and nil returned.
func (st *wireStory) field(t xml.StartElement, path []string) (*string, bool) {
	it := &st.item
	set := func(dst *string, v string) {
		if *dst == "" {
			*dst = strings.TrimSpace(v)
		}
	}
	if st.newsML1 {
		return st.newsML1Field(t, path)
	}
	switch parent := path[max(0, len(path)-2)]; t.Name.Local {
	case "doc-id":
		set(&it.guid, attrOf(t, "id-string"))
	case "date.issue", "date.release":
		set(&it.date, attrOf(t, "norm"))
	case "doc.copyright":
		set(&st.holder, attrOf(t, "holder"))
	case "rights.owner":
		return &st.holder, false
	case "distributor":
		return &st.credit, false
	case "copyrightHolder":
		set(&st.holder, attrOf(t, "literal"))
	case "name":
		if parent == "copyrightHolder" {
			return &st.holder, false
		}
	case "provider":
		set(&st.provider, attrOf(t, "literal"))
	case "versionCreated":
		return &it.date, false
	case "firstCreated":
		return &st.created, false
	case "headline", "hl1":
		return &it.title, false
	case "creditline":
		return &st.credit, false
	case "body.content":
		if !st.xhtml && !st.inlineData {
			st.nitfBody = true
			return &it.content, true
		}
	case "body":
		if parent == "html" && !st.nitfBody && !st.inlineData {
			st.xhtml = true
			return &it.content, true
		}
	case "inlineData":
		if !st.xhtml && !st.nitfBody {
			st.inlineData, st.dataType = true, attrOf(t, "contenttype")
			return &it.content, false
		}
	}
	return nil, false
}

// newsML1Field is field for a NewsML 1 <NewsItem>: its public
// identifier, its times, its headline, its provider's party, its
// copyright and credit lines, and the first DataContent of a ContentItem
// whose MediaType is Text (or not given).
func (st *wireStory) newsML1Field(t xml.StartElement, path []string) (*string, bool) {
	it := &st.item
	switch parent := path[max(0, len(path)-2)]; t.Name.Local {
	case "PublicIdentifier":
		return &it.guid, false
	case "ThisRevisionCreated":
		return &it.date, false
	case "FirstCreated":
		return &st.created, false
	case "HeadLine":
		if it.title == "" {
			return &it.title, false
		}
	case "CopyrightLine":
		return &st.holder, false
	case "CreditLine":
		return &st.credit, false
	case "Party":
		if parent == "Provider" && st.provider == "" {
			st.provider = strings.TrimSpace(attrOf(t, "FormalName"))
		}
	case "ContentItem":
		st.media = ""
	case "MediaType":
		st.media = attrOf(t, "FormalName")
	case "DataContent":
		if it.content == "" && (st.media == "" || strings.EqualFold(st.media, "Text")) {
			st.xhtml = true
			return &it.content, true
		}
	}
	return nil, false
}

// newsML1ID is a NewsML 1 public identifier without its revision
// ("urn:newsml:afp.com:20171217:171217200100.x1:2"): one id for every
// revision of a story.
func newsML1ID(urn string) string {
	urn = strings.TrimSpace(urn)
	if i := strings.LastIndexByte(urn, ':'); i > 0 && strings.HasPrefix(strings.ToLower(urn), "urn:newsml:") && strings.Trim(urn[i+1:], "0123456789") == "" {
		return urn[:i]
	}
	return urn
}

// copyrightHolder is who a copyright line names ("© 2017 AFP": "AFP"),
// or "" if it names no one: the sign, "Copyright", years and "All rights
// reserved" left out.
func copyrightHolder(line string) string {
	var kept []string
	for _, f := range strings.Fields(line) {
		lf := strings.ToLower(strings.Trim(f, ".,"))
		switch {
		case lf == "©" || lf == "(c)" || lf == "copyright" || lf == "":
		case len(lf) == 4 && strings.Trim(lf, "0123456789") == "":
		default:
			kept = append(kept, f)
		}
	}
	holder := strings.Join(kept, " ")
	if i := strings.Index(strings.ToLower(holder), "all rights reserved"); i >= 0 {
		holder = holder[:i]
	}
	return strings.Trim(holder, " .,;-")
}

// done returns the story's feed item, its time settled, and its
// inlineData's text plain unless it is HTML: by its type, or by its
// first character, as agencies send HTML typed text/plain too.
func (st *wireStory) done() *feedItem {
	it := &st.item
	if it.date == "" {
		it.date = st.created
	}
	if st.inlineData {
		it.contentPlain = !strings.Contains(st.dataType, "html") && !strings.HasPrefix(strings.TrimSpace(it.content), "<")
	}
	if st.newsML1 {
		it.guid = newsML1ID(it.guid)
		if body := nitfBodyContent(it.content); body != "" {
			it.content = body // a NITF document as the DataContent
		}
		if !strings.Contains(it.content, "<") { // text, not markup: its characters as they are
			it.content, it.contentPlain = html.UnescapeString(it.content), true
		}
	}
	if st.xhtml || st.nitfBody {
		if text, ok := wireCopy(it.content); ok {
			it.content, it.contentPlain = text, true
		}
	}
	return it
}

// wireCopy returns the text of a body that is one paragraph holding the
// story as its wire copy was laid out, a line to a line (Reuters'
// NewsML-G2 does so: lines wrapped at 64 columns, each paragraph's first
// line indented, the credit line apart), and whether it is one: a <p>
// with three lines or more and no other element that makes a block (a
// <br> is a line's end). Its lines are kept, for the reading of wrapped
// text to join them and keep its paragraphs, as a <pre>'s are.
func wireCopy(markup string) (string, bool) {
	z := html.NewTokenizer(strings.NewReader(markup))
	var b strings.Builder
	paragraphs, in := 0, false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			text := strings.TrimRight(strings.TrimLeft(b.String(), "\r\n"), " \t\r\n")
			text = strings.ReplaceAll(text, "\r", "")
			return text, paragraphs == 1 && strings.Count(text, "\n") >= 2
		case html.TextToken:
			t := string(z.Text())
			if !in && strings.TrimSpace(t) != "" {
				return "", false // text outside the paragraph
			}
			if in {
				b.WriteString(t)
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch a := atom.Lookup(name); {
			case a == atom.Br:
				b.WriteByte('\n')
			case a == atom.P && tt == html.StartTagToken:
				if paragraphs++; paragraphs > 1 {
					return "", false
				}
				in = true
			case a == atom.P:
				in = false
			case blocks[a]:
				return "", false
			}
		}
	}
}

// outlet is the story's outlet: its copyright's holder, else its credit
// or distributor, else its provider; a NewsML 1 story's provider's party
// first, which names the agency as its copyright line does not always.
func (st *wireStory) outlet() string {
	if st.newsML1 {
		return firstNonEmpty(st.provider, copyrightHolder(st.holder), st.credit)
	}
	return firstNonEmpty(st.holder, st.credit, st.provider)
}

// nitfBodyContent is the inner markup of the body.content of a NITF
// document in markup, "" if it has none.
func nitfBodyContent(markup string) string {
	start := strings.Index(markup, "<body.content")
	if start < 0 {
		return ""
	}
	open := strings.IndexByte(markup[start:], '>')
	end := strings.LastIndex(markup, "</body.content>")
	if open < 0 || end < start+open {
		return ""
	}
	return markup[start+open+1 : end]
}

// ninjs, the IPTC's news in JSON (1.x, and 2.x's bodies and headlines):
// a record of a .json or JSON Lines file with no "id" and "text" but a
// uri (else guid) and a body is a story, read as NewsML's are: its
// headline, its body_html (HTML) or body_text, its versioncreated (else
// firstcreated), its copyrightholder (else source) as outlet.

// ninjsStory is what ninjsRecord reads of a ninjs object.
type ninjsStory struct {
	URI, GUID                    string
	Headline                     string
	Headlines                    []struct{ Value string }
	BodyHTML                     string `json:"body_html"`
	BodyText                     string `json:"body_text"`
	Bodies                       []struct{ ContentType, Value string }
	VersionCreated, FirstCreated string
	CopyrightHolder, Source      string
}

// ninjsRecord delivers b, a record at where, if it is a ninjs story, and
// reports whether it was.
func (r *reader) ninjsRecord(where string, b []byte) (bool, error) {
	if !bytes.Contains(b, []byte(`"body_`)) && !bytes.Contains(b, []byte(`"bodies"`)) {
		return false, nil
	}
	var s ninjsStory
	if json.Unmarshal(b, &s) != nil || firstNonEmpty(s.URI, s.GUID) == "" {
		return false, nil
	}
	it := feedItem{guid: firstNonEmpty(s.URI, s.GUID), title: s.Headline, date: firstNonEmpty(s.VersionCreated, s.FirstCreated),
		source: firstNonEmpty(s.CopyrightHolder, s.Source), content: s.BodyHTML}
	if it.title == "" && len(s.Headlines) > 0 {
		it.title = s.Headlines[0].Value
	}
	switch {
	case it.content != "":
	case s.BodyText != "":
		it.content, it.contentPlain = s.BodyText, true
	case len(s.Bodies) > 0:
		it.content, it.contentPlain = s.Bodies[0].Value, !strings.Contains(s.Bodies[0].ContentType, "html")
	}
	return true, r.feedItem(where, where, &it, &feedInfo{title: it.source}, decoded{encoding: "utf-8"})
}
