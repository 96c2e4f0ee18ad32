package corpus

import (
	"encoding/json"
	"html"
	"strings"
)

// A page's structured data: the schema.org description of its article
// in JSON-LD (<script type="application/ld+json">), which news sites
// write for search engines, often where no Open Graph tag is: some
// give their publisher and time there alone. readLD reads the
// first article it describes: a node whose @type is an article's
// (NewsArticle, ReportageNewsArticle, BlogPosting, LiveBlogPosting, ...:
// isArticleType), at the top of a script, in a list, or in an @graph
// (Yoast's, whose publisher is a reference, by @id, to another node of
// the graph); an article described inside another node (a list of
// related stories) is not the page's. From it: its headline, its
// datePublished, its publisher's name, its URL (url, else
// mainEntityOfPage), and its articleBody, the text a paywalled page
// shows in part (Google asks such pages to give it whole there). A
// script that is not JSON is passed over.

// ldArticle is what a page's structured data says of its article.
type ldArticle struct {
	headline, published, publisher, url, body string
	found                                     bool // the page describes an article
}

// readLD returns what the first article the scripts describe says of it.
func readLD(scripts []string) ldArticle {
	for _, s := range scripts {
		var v any
		if json.Unmarshal([]byte(strings.TrimSpace(s)), &v) != nil {
			continue
		}
		nodes := ldNodes(v, nil)
		byID := map[string]map[string]any{}
		for _, n := range nodes {
			if id, ok := n["@id"].(string); ok {
				byID[id] = n
			}
		}
		for _, n := range nodes {
			if !isArticleType(n["@type"]) {
				continue
			}
			return ldArticle{
				found:     true,
				headline:  ldString(n["headline"]),
				published: ldString(n["datePublished"]),
				publisher: ldName(n["publisher"], byID),
				url:       firstNonEmpty(ldString(n["url"]), ldRef(n["mainEntityOfPage"])),
				body:      ldString(n["articleBody"]),
			}
		}
	}
	return ldArticle{}
}

// ldNodes appends to dst the nodes of a script's value: itself if an
// object, each of a list, each of an @graph.
func ldNodes(v any, dst []map[string]any) []map[string]any {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			dst = ldNodes(e, dst)
		}
	case map[string]any:
		dst = append(dst, x)
		if g, ok := x["@graph"]; ok {
			dst = ldNodes(g, dst)
		}
	}
	return dst
}

// isArticleType reports whether a node's @type (a name or a list of
// names) is an article's: a schema.org type whose name ends in Article
// (NewsArticle and its kinds, Article, ScholarlyArticle), or a posting
// (BlogPosting, LiveBlogPosting), or a Report.
func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		x = strings.TrimPrefix(strings.TrimPrefix(x, "http://schema.org/"), "https://schema.org/")
		return strings.HasSuffix(x, "Article") || strings.HasSuffix(x, "Posting") || x == "Report"
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

// ldString is a value's text: a string's, the first of a list's, its
// entities undone (some sites escape them twice), trimmed; "" for any
// other value.
func ldString(v any) string {
	switch x := v.(type) {
	case string:
		if strings.Contains(x, "&") {
			x = html.UnescapeString(x)
		}
		return strings.TrimSpace(x)
	case []any:
		if len(x) > 0 {
			return ldString(x[0])
		}
	}
	return ""
}

// ldRef is a reference's address: a string, or an object's @id or url.
func ldRef(v any) string {
	if m, ok := v.(map[string]any); ok {
		return firstNonEmpty(ldString(m["@id"]), ldString(m["url"]))
	}
	return ldString(v)
}

// ldName is the name of an organization or a person: a string, an
// object's name, the first of a list's, or the name of the node of the
// graph an object refers to by its @id.
func ldName(v any, byID map[string]map[string]any) string {
	switch x := v.(type) {
	case string:
		return ldString(x)
	case []any:
		for _, e := range x {
			if n := ldName(e, byID); n != "" {
				return n
			}
		}
	case map[string]any:
		if n := ldString(x["name"]); n != "" {
			return n
		}
		if id, ok := x["@id"].(string); ok {
			if node, ok := byID[id]; ok {
				return ldString(node["name"])
			}
		}
	}
	return ""
}
