package corpus

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Which element of a page holds its main text (ExtractHTML): its
// <article> (a live blog's entries together: articleEntries), else its
// <main>, else the element whose own paragraphs hold the most text, with
// the siblings beside it that hold text of the kind (withSiblings).

// pickMain chooses the element holding the article, and, if it chose
// it by its paragraphs' text, that text (0 for an <article>, a <main>, the
// body or the root).
func pickMain(articles, mains []*html.Node, body, root *html.Node) (*html.Node, int) {
	// The <article> with the most paragraph text, a live blog's entries
	// (articleEntries) counted together, outside page chrome.
	var best *html.Node
	most := -1
	var entries map[*html.Node]int // the text of the entries under a parent
	for _, a := range articles {
		if inChrome(a) {
			continue
		}
		n := paragraphText(a)
		if w := wrapper(a); !has(a, atom.H1) && w.Parent != nil {
			if entries == nil {
				entries = map[*html.Node]int{}
			}
			t, ok := entries[w.Parent]
			if !ok {
				t = entriesText(w)
				entries[w.Parent] = t
			}
			n = max(n, t)
		}
		if n > most {
			best, most = a, n
		}
	}
	if best != nil {
		return best, 0
	}
	if len(mains) > 0 {
		return mains[0], 0
	}
	if body == nil {
		return root, 0
	}
	// The element whose own <p> children hold the most text, with those
	// of the quotes among its children: a quote belongs to the text that
	// quotes it, and is never the main text on its own.
	most = 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && dropped(n) {
			return
		}
		own := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				switch c.DataAtom {
				case atom.P:
					own += textLen(c)
				case atom.Blockquote:
					own += paragraphText(c)
				}
			}
			walk(c)
		}
		if own > most && n.DataAtom != atom.Blockquote {
			best, most = n, own
		}
	}
	walk(body)
	if best == nil || most < 200 || best == body {
		return body, 0
	}
	return best, most
}

// inChrome reports whether n lies inside page chrome (dropped): an
// <article> in a rail of teasers is not the page's.
func inChrome(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && dropped(p) {
			return true
		}
	}
	return false
}

// articleEntries returns the element that holds the main text when the
// <article> chosen, a holds no headline (<h1>) of its own and is one of
// several side by side: a live blog's entries, each an <article> (alone,
// or in a list item or other element of its own), as WordPress's
// liveblog plugin writes them. Each sibling that is such an entry
// (articleEntry), however short, or holds text of the kind (isContent),
// is the main text's too, as withSiblings finds them; a sibling with a
// headline of its own is another story, not an entry. Otherwise the
// text is a's alone.
func articleEntries(a *html.Node) (*html.Node, map[*html.Node]bool) {
	n := wrapper(a)
	if has(a, atom.H1) || n.Parent == nil {
		return a, nil
	}
	own := paragraphText(a)
	entry := func(c *html.Node) bool {
		return !has(c, atom.H1) && (articleEntry(c) || isContent(c, own))
	}
	for c := n.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c != n && isEntry(c) {
			return withSiblings(n, entry)
		}
	}
	return a, nil
}

// wrapper returns the outermost element that holds a alone (its list
// item, say), below the <body>; a itself if none does.
func wrapper(a *html.Node) *html.Node {
	n := a
	for p := n.Parent; p != nil && p.Type == html.ElementNode && p.DataAtom != atom.Body && onlyElement(p, n); p = p.Parent {
		n = p
	}
	return n
}

// isEntry reports whether n, an element, is a live blog's entry: an
// article entry (articleEntry) without a headline of its own, not chrome.
func isEntry(n *html.Node) bool {
	return n.Type == html.ElementNode && !dropped(n) && !has(n, atom.H1) && articleEntry(n)
}

// entriesText is the paragraph text of the entries (isEntry) among w and
// its siblings.
func entriesText(w *html.Node) int {
	total := 0
	for c := w.Parent.FirstChild; c != nil; c = c.NextSibling {
		if isEntry(c) {
			total += paragraphText(c)
		}
	}
	return total
}

// articleEntry reports whether n is an <article>, alone or in elements
// of its own, with text a live blog's entry may have: a sentence, or 80
// bytes, less than a quarter of it in links.
func articleEntry(n *html.Node) bool {
	for n.DataAtom != atom.Article {
		var only *html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				if only != nil {
					return false
				}
				only = c
			} else if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
				return false
			}
		}
		if only == nil {
			return false
		}
		n = only
	}
	length, last := textEnd(n)
	return (length >= 80 || last == '.') && 4*linkText(n) < length
}

// onlyElement reports whether n is p's only child element, and p holds no
// text beside it.
func onlyElement(p, n *html.Node) bool {
	for c := p.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c == n, c.Type == html.CommentNode:
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		default:
			return false
		}
	}
	return true
}

// has reports whether n is or holds an element a.
func has(n *html.Node, a atom.Atom) bool {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if has(c, a) {
			return true
		}
	}
	return false
}

// withSiblings returns the element that holds the main text when best
// is one of several that hold it side by side (a live blog's entries,
// documentation's sections, a story's chapters), as Readability looks
// among the siblings of its choice: each sibling not chrome that belongs
// with it (for the element chosen for its paragraphs' text, one that
// holds text of the kind: isContent) is the main text's too, and so is a
// heading right before one that is. Where a sibling is, the text is their parent's, less the
// siblings that are not (skip), and the parent's own siblings are looked
// at in turn.
func withSiblings(best *html.Node, belongs func(*html.Node) bool) (*html.Node, map[*html.Node]bool) {
	var skip map[*html.Node]bool
	for n := best; ; {
		parent := n.Parent
		if parent == nil || parent.Type != html.ElementNode || parent.DataAtom == atom.Html {
			return n, skip
		}
		var kids []*html.Node
		var in []bool
		many := false
		for c := parent.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			ok := c == n || !dropped(c) && belongs(c)
			many = many || ok && c != n
			kids, in = append(kids, c), append(in, ok)
		}
		if !many {
			return n, skip
		}
		for i := len(kids) - 2; i >= 0; i-- {
			if isHeading(kids[i]) && in[i+1] {
				in[i] = true
			}
		}
		for i, c := range kids {
			if !in[i] {
				if skip == nil {
					skip = map[*html.Node]bool{}
				}
				skip[c] = true
			}
		}
		n = parent
	}
}

// isContent reports whether an element holds text enough of its own to
// be part of a main text whose chosen element's paragraphs hold own:
// paragraphs of at least a fifth of own or of siblingText bytes, less
// than a quarter of their text in links; or a paragraph of a sentence or
// of 80 bytes, as Readability takes one, links less than a quarter.
func isContent(n *html.Node, own int) bool {
	if n.DataAtom == atom.P {
		// A paragraph beside the chosen element: a section's lead, a
		// short update between a live blog's entries.
		t := textOf(n)
		return (len(t) >= 80 || strings.HasSuffix(t, ".")) && 4*linkText(n) < len(t)
	}
	text := paragraphText(n)
	if text == 0 || 5*text < own && text < siblingText {
		return false
	}
	return 4*linkText(n) < len(textOf(n))
}

// siblingText is the paragraph text a sibling holds enough of to be part
// of the main text, however much the chosen element holds: a short
// section of a documentation page is part of it, as it is of the page
// that prints every page of that documentation, whose chosen section
// may be a hundred times as long.
const siblingText = 200

// linkText is the length of the text inside n's links.
func linkText(n *html.Node) int {
	var buf []byte
	return linkTextIn(&buf, n)
}

func linkTextIn(buf *[]byte, n *html.Node) int {
	if n.Type == html.ElementNode && n.DataAtom == atom.A {
		*buf = appendText((*buf)[:0], n)
		return len(*buf)
	}
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		total += linkTextIn(buf, c)
	}
	return total
}

// linkedHeading reports whether the heading n is, whole, the text of
// links to other pages (not to a place on this one, "#..."): a teaser's
// headline.
func linkedHeading(n *html.Node) bool {
	total := textLen(n)
	if total == 0 {
		return false
	}
	linked := 0
	var walk func(c *html.Node)
	walk = func(c *html.Node) {
		if c.Type == html.ElementNode && c.DataAtom == atom.A {
			if href := strings.TrimSpace(attr(c, "href")); href != "" && !strings.HasPrefix(href, "#") {
				linked += textLen(c)
			}
			return
		}
		for d := c.FirstChild; d != nil; d = d.NextSibling {
			walk(d)
		}
	}
	walk(n)
	return linked >= total
}

func isHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// paragraphText is the length of the text in n's <p> elements.
func paragraphText(n *html.Node) int {
	total := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.P {
			total += textLen(n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return total
}
