package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
)

// JSON Feed (jsonfeed.org, versions 1 and 1.1), which blogs' and sites'
// generators write beside RSS: a .json file holding one object whose
// version names it, its items read as an RSS feed's are (its id, url,
// title, content_html, else content_text, else summary, which is plain
// text, date_published, date_modified; the feed's home_page_url and
// title for the outlet), each at path#n.

// jsonFeedVersion starts a JSON Feed's version.
const jsonFeedVersion = "https://jsonfeed.org/version/"

// jsonFeed is what readJSONFeed reads of a JSON Feed.
type jsonFeed struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	Items       []struct {
		ID            any    `json:"id"` // a string; version 1 let it be a number
		URL           string `json:"url"`
		Title         string `json:"title"`
		ContentHTML   string `json:"content_html"`
		ContentText   string `json:"content_text"`
		Summary       string `json:"summary"`
		DatePublished string `json:"date_published"`
		DateModified  string `json:"date_modified"`
	} `json:"items"`
}

// mayBeJSONFeed reports whether a JSON object names JSON Feed's version
// near its start: whether it may be a JSON Feed.
func mayBeJSONFeed(raw []byte) bool {
	return bytes.Contains(raw[:min(len(raw), 4096)], []byte(`jsonfeed.org/version`))
}

// jsonFeedItems delivers the items of raw, a record of a .json file at
// path, and reports whether raw is a JSON Feed (false: a record, which
// the caller reads as one).
func (r *reader) jsonFeedItems(path string, raw []byte) (bool, error) {
	if !mayBeJSONFeed(raw) {
		return false, nil
	}
	var f jsonFeed
	if json.Unmarshal(raw, &f) != nil || !strings.HasPrefix(f.Version, jsonFeedVersion) {
		return false, nil
	}
	info := &feedInfo{title: f.Title, link: f.HomePageURL}
	dec := decoded{encoding: "utf-8"}
	for i, x := range f.Items {
		it := feedItem{title: x.Title, link: x.URL, date: x.DatePublished, updated: x.DateModified,
			content: x.ContentHTML, summary: x.Summary, summaryText: true}
		if it.content == "" {
			it.content, it.contentPlain = x.ContentText, true
		}
		if x.ID != nil {
			it.guid = fmt.Sprint(x.ID)
		}
		byPlace := fmt.Sprintf("%s#%d", strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), i+1)
		if err := r.feedItem(byPlace, fmt.Sprintf("%s#%d", path, i+1), &it, info, dec); err != nil {
			return true, err
		}
	}
	if len(f.Items) == 0 {
		return true, r.skip(Skip{Path: path, Reason: "a feed with no items"})
	}
	return true, nil
}
