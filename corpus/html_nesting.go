package corpus

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Pages nested too deep. golang.org/x/net/html refuses a page whose
// elements nest more than 512 deep (the fix for CVE-2025-47911, Go issue
// 76279): html.Parse returns an error, where browsers read on (Chromium
// and WebKit stop nesting at 512 and attach deeper elements to the
// ancestor there). Such pages are real: a template that leaves a <div>,
// a <span> or a <font> open in a loop nests once a teaser, a comment or a
// row. ExtractHTML reads them a step before the parser (flattenDeep):
// past flatDepth, the tags of the elements that only wrap or style
// (<div>, <span>, <font>, <b>, ...) are left out and their content kept,
// a block's tags turned into line breaks, so that a page's <article>,
// paragraphs, headings, lists and chrome (<nav>, <aside>, ...) keep their
// shape however deep a loop left them. The depth is the tokenizer's, the
// end tags that HTML implies (an open <p> before a block, an <li> before
// the next) taken as given: near enough the parser's that the page then
// parses. If it still does not (its article and paragraphs themselves
// nest that deep), every element's tags past a shallower depth go, and
// last the page is read as its text with no structure (tagText). The
// document's note says which; past the depth, a <div> whose class names
// chrome ("comments", "related") is no longer told apart.

// flatDepths are the depths flattenDeep is tried at, in turn: past the
// first, only wrappers' tags go; past the second, every element's.
var flatDepths = [...]int{256, 64}

// shapeTags are the elements whose tags flattenDeep keeps at any depth
// on its first try: what ExtractHTML picks the main text by and leaves
// out as chrome, and what ends a paragraph in it.
var shapeTags = map[atom.Atom]bool{
	atom.Article: true, atom.Main: true, atom.Section: true, atom.P: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Blockquote: true, atom.Ul: true,
	atom.Ol: true, atom.Li: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Pre: true,
	atom.Table: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Tr: true, atom.Td: true,
	atom.Th: true, atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true,
	atom.Figure: true, atom.Figcaption: true, atom.Address: true, atom.Body: true, atom.Html: true,
	atom.Head: true, atom.Svg: true, atom.Math: true, atom.Select: true, atom.Button: true, atom.Object: true,
	atom.Canvas: true,
}

// rawTextTags are the elements whose content the tokenizer reads as text
// to their end tag (a script, a style sheet): flattenDeep keeps their
// tags at any depth, lest a script become the page's text.
var rawTextTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Textarea: true, atom.Title: true, atom.Xmp: true,
	atom.Iframe: true, atom.Noembed: true, atom.Noframes: true, atom.Noscript: true, atom.Plaintext: true,
	atom.Template: true,
}

// voidTags have no end tag and hold nothing.
var voidTags = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Param: true, atom.Source: true,
	atom.Track: true, atom.Wbr: true, atom.Keygen: true,
}

// impliedEnd are, for an element whose start tag ends an open one, the
// elements it ends when it is the innermost: an <li> the <li> before
// it, a <td> the cell before it.
var impliedEnd = map[atom.Atom][]atom.Atom{
	atom.Li: {atom.Li}, atom.Dt: {atom.Dt, atom.Dd}, atom.Dd: {atom.Dt, atom.Dd},
	atom.Option: {atom.Option}, atom.Optgroup: {atom.Option, atom.Optgroup},
	atom.Td: {atom.Td, atom.Th}, atom.Th: {atom.Td, atom.Th}, atom.Tr: {atom.Td, atom.Th, atom.Tr},
	atom.Rb: {atom.Rb, atom.Rt, atom.Rp}, atom.Rt: {atom.Rt, atom.Rp}, atom.Rp: {atom.Rt, atom.Rp},
}

// endSearch is how far down the open elements an end tag looks for its
// element; one that is not there (a stray end tag) is passed on, and the
// parser ignores it as well.
const endSearch = 64

// openTag is an element flattenDeep has read the start tag of.
type openTag struct {
	name string
	kept bool // its tags are in the output
}

// flattenDeep returns src with the tags of elements nested deeper than
// depth left out, their content kept, a block's tags replaced by <br>,
// and whether it left any out; with wrappers, only the tags of elements
// that only wrap or style (not shapeTags).
func flattenDeep(src []byte, depth int, wrappers bool) ([]byte, bool) {
	z := html.NewTokenizer(bytes.NewReader(src))
	out := make([]byte, 0, len(src))
	var open []openTag
	flat := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out, flat // io.EOF: src is read whole
		}
		raw := z.Raw()
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			open = closeImplied(open, a)
			if voidTags[a] {
				break
			}
			kept := len(open) < depth || rawTextTags[a] || wrappers && shapeTags[a]
			open = append(open, openTag{name: string(name), kept: kept})
			if !kept {
				flat = true
				raw = flatTag(a)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			for i := len(open) - 1; i >= max(0, len(open)-endSearch); i-- {
				if open[i].name == string(name) {
					if !open[i].kept {
						raw = flatTag(atom.Lookup(name))
					}
					open = open[:i]
					break
				}
			}
		}
		out = append(out, raw...)
	}
}

// closeImplied takes off open the elements whose end the start tag of an
// a implies: the innermost, if a ends it (impliedEnd), and an open <p>
// before a block.
func closeImplied(open []openTag, a atom.Atom) []openTag {
	for _, e := range impliedEnd[a] {
		if n := len(open); n > 0 && atom.Lookup([]byte(open[n-1].name)) == e {
			return open[:n-1]
		}
	}
	if n := len(open); n > 0 && blocks[a] && open[n-1].name == "p" {
		return open[:n-1]
	}
	return open
}

// flatTag is what a left-out tag of an a becomes: a line break if it is a
// block's, else nothing.
func flatTag(a atom.Atom) []byte {
	if blocks[a] {
		return []byte("<br>")
	}
	return nil
}

// tagText is the text of src with its tags left out, a block's tags
// ending a line, and the content of scripts, style sheets and the like
// left out: the last reading of a page that does not parse.
func tagText(src []byte) []byte {
	z := html.NewTokenizer(bytes.NewReader(src))
	var b textBuilder
	skip := 0 // inside a raw-text element
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.bytes()
		case html.TextToken:
			if skip == 0 {
				b.text(string(z.Text()))
			}
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			switch a := atom.Lookup(name); {
			case rawTextTags[a] && tt == html.StartTagToken:
				skip++
			case rawTextTags[a]:
				skip = max(skip-1, 0)
			case blocks[a]:
				b.end()
				if a == atom.Pre && tt == html.StartTagToken {
					b.pre++
				} else if a == atom.Pre {
					b.pre = max(b.pre-1, 0)
				}
			}
		}
	}
}
