package corpus

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecode: any bytes decode to valid UTF-8 without CR.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"plain", "\xEF\xBB\xBFbom", "\xFF\xFEa\x00", "\xFE\xFF\x00a\x00", "caf\xE9\r\n", "\xFF\xFE\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		text, enc := Decode(raw)
		if !utf8.Valid(text) {
			t.Fatalf("Decode(%q) = %q (%s): invalid UTF-8", raw, text, enc)
		}
		if bytes.IndexByte(text, '\r') >= 0 {
			t.Fatalf("Decode(%q) kept a CR", raw)
		}
	})
}

// FuzzJSONLines: any input yields, for every non-blank line, a document or
// a skip naming that line, and never panics.
func FuzzJSONLines(f *testing.F) {
	f.Add([]byte("{\"id\": \"a\", \"text\": \"x\"}\n{bad\n\n{\"id\": 1, \"text\": \"y\", \"published\": \"2017-12-17\"}"))
	f.Add([]byte("{\"id\": \"\", \"text\": null}\n[]\n\"s\"\n{\"id\": \"a\", \"text\": \"\\u0000\"}"))
	f.Fuzz(func(t *testing.T, in []byte) {
		lines := 0
		for _, l := range strings.Split(string(in), "\n") {
			if len(bytes.TrimSpace(bytes.TrimPrefix([]byte(l), []byte{0xEF, 0xBB, 0xBF}))) > 0 {
				lines++
			}
		}
		utf16 := bytes.HasPrefix(in, []byte{0xFF, 0xFE}) || bytes.HasPrefix(in, []byte{0xFE, 0xFF}) // its lines are not these
		got := 0
		r := reader{
			doc: func(d Doc) error {
				got++
				if !utf8.Valid(d.Text) || d.ID == "" {
					t.Fatalf("document %q: invalid text or empty id", d.ID)
				}
				return nil
			},
			skip: func(s Skip) error {
				got++
				// The file as a whole is named when it holds no record
				// (a UTF-16 file's lines are counted after decoding).
				if !strings.HasPrefix(s.Path, "in.jsonl:") && !((lines == 0 || utf16) && s.Path == "in.jsonl") || s.Reason == "" {
					t.Fatalf("skip %+v does not name the line", s)
				}
				return nil
			},
		}
		if err := r.jsonLines("in.jsonl", bytes.NewReader(in)); err != nil {
			t.Fatal(err)
		}
		if got != max(lines, 1) && !utf16 {
			t.Fatalf("%d non-blank lines, %d documents and skips", lines, got)
		}
	})
}

// FuzzJSONFile: any .json file (records, or a JSON Feed's items) yields
// documents and skips, at least one, each naming its record or the file,
// and never panics.
func FuzzJSONFile(f *testing.F) {
	f.Add([]byte(`[{"id": "a", "text": "x"}, {"id": 2, "text": "y", "published": 1513540860}]`))
	f.Add([]byte("{\"id\": \"a\", \"text\": \"x\"}\n{\n \"id\": \"b\",\n \"text\": \"y\"}"))
	f.Add([]byte("[1, \"s\", {\"id\": []}, {\"text\": \"t\"}]"))
	f.Add([]byte("\xFF\xFE[\x00]\x00"))
	f.Add([]byte(`{"version": "https://jsonfeed.org/version/1.1", "home_page_url": "https://e.org/", "items": [{"id": 1, "content_html": "<p>x</p>"}, {"url": "u", "summary": "y"}, {}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		got := 0
		r := reader{
			doc: func(d Doc) error {
				got++
				if !utf8.Valid(d.Text) || d.ID == "" || !strings.HasPrefix(d.Path, "in.json#") {
					t.Fatalf("document %q at %q: invalid text, empty id or no place", d.ID, d.Path)
				}
				return nil
			},
			skip: func(s Skip) error {
				got++
				if !strings.HasPrefix(s.Path, "in.json") || s.Reason == "" {
					t.Fatalf("skip %+v names no place or reason", s)
				}
				return nil
			},
		}
		if err := r.jsonFile("in.json", bytes.NewReader(in)); err != nil {
			t.Fatal(err)
		}
		if got == 0 {
			t.Fatalf("nothing delivered or skipped")
		}
	})
}

// FuzzExtractHTML: any page yields valid UTF-8 text, and never panics;
// nor does it below 600 elements left open, too deep for html.Parse
// (html_nesting.go), and then a note says how it was read.
func FuzzExtractHTML(f *testing.F) {
	f.Add([]byte(`<html><head><title>T</title><meta property="article:published_time" content="2017-12-17"></head><body><article><p>Text</p></article></body></html>`))
	f.Add([]byte(`<p>unclosed <b>bold <script>x</p>`))
	f.Add([]byte(`<script type="application/ld+json">[{"@type":"WebPage"},{"@graph":[{"@id":"o","name":"O"},{"@type":["NewsArticle"],"headline":"H","publisher":{"@id":"o"},"articleBody":"A b c d e f g h i j k l m n o p q r s t u v w x y z.
Two"}]}]</script><article><p>x</p></article>`))
	f.Add([]byte(`<table><tr><td><ul><li>a<li><p>b<dd>c</td></tr></table><svg><style>x</style></svg>`))
	deep := bytes.Repeat([]byte(`<div><span>`), 300)
	f.Fuzz(func(t *testing.T, page []byte) {
		text, _ := Decode(page)
		for i, src := range [][]byte{text, append(deep[:len(deep):len(deep)], text...)} {
			p := ExtractHTML(src)
			if !utf8.Valid(p.Text) || !utf8.ValidString(p.Title) {
				t.Fatalf("ExtractHTML(%q): invalid UTF-8", src)
			}
			if i == 1 && p.Note == "" {
				t.Fatalf("ExtractHTML(%q): no note", src)
			}
		}
	})
}

// FuzzChromeOf: a document's chrome, given its title, is its chrome
// (Chrome) less lines that are all of the title or one of its parts.
func FuzzChromeOf(f *testing.F) {
	f.Add([]byte("Share\nComments\nComments must start with two slashes.\n"), "Comments - The Rust Programming Language")
	f.Add([]byte("Close\n\u00a9 2017\n"), "Close | Site")
	f.Fuzz(func(t *testing.T, text []byte, title string) {
		all, got := Chrome(text), ChromeOf(text, title)
		i := 0
		for _, r := range all {
			if i < len(got) && got[i] == r {
				i++
				continue
			}
			key := string(appendChromeKey(nil, text[r.Start:r.End]))
			if !slices.ContainsFunc(titleParts(title), func(p string) bool { return string(appendChromeKey(nil, []byte(p))) == key }) {
				t.Fatalf("ChromeOf(%q, %q) left out %q, no part of the title", text, title, text[r.Start:r.End])
			}
		}
		if i != len(got) {
			t.Fatalf("ChromeOf(%q, %q) = %v, not a part of Chrome's %v", text, title, got, all)
		}
	})
}

// FuzzChrome: chrome ranges are whole lines, trimmed, in order, in bounds;
// masking them keeps the text's length and every other byte.
func FuzzChrome(f *testing.F) {
	f.Add([]byte("Accessibility links\n\nBreaking News\n\nThe Kremlin says.\n© 2017 RFE/RL"))
	f.Add([]byte(" Share \r\nComments (12)\nE-mail\n"))
	f.Add([]byte("Thanks.\n-- \r\nAnn\n\nOn Mon, Bob wrote:\n> hi\n--\nYou received this message because\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		rs := Chrome(text)
		last := -1
		for _, r := range rs {
			if r.Start <= last || r.End <= r.Start || r.End > len(text) {
				t.Fatalf("Chrome(%q): range %v after %d", text, r, last)
			}
			if (r.Start > 0 && !isSpaceBefore(text[:r.Start])) || (r.End < len(text) && !isSpaceAfter(text[r.End:])) {
				t.Fatalf("Chrome(%q): range %v is not a whole line", text, r)
			}
			if bytes.IndexByte(text[r.Start:r.End], '\n') >= 0 {
				t.Fatalf("Chrome(%q): range %v spans lines", text, r)
			}
			last = r.End
		}
		m := Mask(text, rs)
		if len(m) != len(text) {
			t.Fatalf("Mask changed the length")
		}
		for i := range text {
			if m[i] != text[i] && m[i] != ' ' {
				t.Fatalf("Mask changed byte %d to %q", i, m[i])
			}
		}
	})
}

// isSpaceBefore reports whether b ends in a line break, possibly followed
// by white space; isSpaceAfter whether b starts with white space up to a
// line break or its end.
func isSpaceBefore(b []byte) bool {
	i := bytes.LastIndexByte(b, '\n')
	return len(bytes.TrimSpace(b[i+1:])) == 0
}

func isSpaceAfter(b []byte) bool {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		i = len(b)
	}
	return len(bytes.TrimSpace(b[:i])) == 0
}

// FuzzSiteLines: the lines SiteLines may take are whole lines, trimmed, in
// order, in bounds, whatever the text's line ends and wrapping, keyed as
// siteKey or (a tail line) tailKey says; a text added three times under
// an outlet has those lines found whose key is an unquoted short line's,
// and no others: a tail line is found only in other contexts.
func FuzzSiteLines(f *testing.F) {
	f.Add([]byte("Follow us on Telegram\nThe Kremlin says.\n© 2017 RFE/RL"))
	f.Add([]byte("> quoted words that a mail client wrapped at a column\r\n> and the rest of them\r\n\r\ndev mailing list\r\n"))
	f.Add([]byte("a line\rwith a lone carriage return\n\n  \n> \n>> x\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		var lines []Range
		own := map[uint64]bool{} // the keys of unquoted lines
		last := -1
		siteLines(text, true, false, nil, func(l LineKey) {
			start, end, key := l.Start, l.End, l.Key
			if start <= last || end <= start || end > len(text) {
				t.Fatalf("siteLines(%q): line [%d, %d) after %d", text, start, end, last)
			}
			if (start > 0 && !isSpaceBefore(text[:start])) || (end < len(text) && !isSpaceAfter(text[end:])) || bytes.IndexByte(text[start:end], '\n') >= 0 {
				t.Fatalf("siteLines(%q): [%d, %d) is not a whole line", text, start, end)
			}
			last = end
			if l.Tail() {
				if k, ok := tailKey(text[start:end]); !ok || k != key || l.Quoted {
					t.Fatalf("siteLines(%q): tail line [%d, %d) with key %x, quoted %v, tailKey says %x, %v", text, start, end, key, l.Quoted, k, ok)
				}
				// A short line is a tail line only in a hard-wrapped
				// paragraph of the tail, which is read whole.
				tl := tail(text)
				if _, wrapped := tl.wrapped(start); !wrapped {
					if _, ok := siteKey(text[start:end]); ok {
						t.Fatalf("siteLines(%q): tail line [%d, %d) is a short line", text, start, end)
					}
				}
				if !IsTailKey(key) || slices.ContainsFunc(l.Contexts[:], func(c uint64) bool { return !IsContextKey(c) }) {
					t.Fatalf("siteLines(%q): tail line [%d, %d) keys %x, %x of the wrong kinds", text, start, end, key, l.Contexts)
				}
				return
			}
			if IsTailKey(key) || IsContextKey(key) {
				t.Fatalf("siteLines(%q): short line [%d, %d) key %x of a tail's kind", text, start, end, key)
			}
			if k, ok := siteKey(text[start:end]); !ok || k != key {
				t.Fatalf("siteLines(%q): [%d, %d) with key %x, siteKey says %x, %v", text, start, end, key, k, ok)
			}
			lines = append(lines, Range{start, end})
			if text[start] != '>' {
				own[key] = true
			}
		})
		lines = slices.DeleteFunc(lines, func(r Range) bool {
			k, _ := siteKey(text[r.Start:r.End])
			return !own[k]
		})
		var s SiteLines
		for range SiteLineDocs {
			s.Add("o", text)
		}
		if got := s.Find("o", text); !slices.Equal(got, lines) && len(got)+len(lines) > 0 {
			t.Fatalf("Find(%q) = %v, want the lines %v", text, got, lines)
		}
		checkLineKeys(t, text)
	})
}

// checkLineKeys checks that LineKeys holds what SiteKeys and
// FindFurniture read: the distinct keys of its unquoted lines (sorted,
// its short lines' as ShortKeys gives them, and after keys already in SiteKeys's
// destination), and, for
// a rule that takes every other key, every other line.
func checkLineKeys(t *testing.T, text []byte) {
	t.Helper()
	lk := LineKeys(nil, text)
	var keys []uint64
	var odd []Range
	for _, l := range lk {
		for _, k := range append([]uint64{l.Key}, l.Contexts[:]...) {
			if !l.Quoted && k != 0 && !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
		if l.Key&1 == 1 {
			odd = append(odd, l.Range)
		}
		if l.Quoted != (text[l.Start] == '>') {
			t.Fatalf("LineKeys(%q): %v quoted %v", text, l.Range, l.Quoted)
		}
	}
	slices.Sort(keys)
	var tails []LineKey
	for _, l := range lk {
		if l.Tail() {
			tails = append(tails, l)
		}
	}
	if got := TailLines(nil, text); !slices.Equal(got, tails) {
		t.Fatalf("TailLines(%q) = %v, LineKeys's tail lines %v", text, got, tails)
	}
	if got := SiteKeys(nil, text); !slices.Equal(got, keys) {
		t.Fatalf("LineKeys(%q): unquoted keys %x, SiteKeys %x", text, keys, got)
	}
	short := slices.DeleteFunc(slices.Clone(keys), func(k uint64) bool { return IsTailKey(k) || IsContextKey(k) })
	if got := ShortKeys(lk); !slices.Equal(got, short) {
		t.Fatalf("LineKeys(%q): unquoted short lines' keys %x, ShortKeys %x", text, short, got)
	}
	if got := SiteKeys([]uint64{7}, text); len(got) != len(keys)+1 || got[0] != 7 || !slices.Equal(got[1:], keys) {
		t.Fatalf("SiteKeys(%q) after 7: %x, want 7 then %x", text, got, keys)
	}
	if got := FindFurniture(text, func(l LineKey) bool { return l.Key&1 == 1 }); !slices.Equal(got, odd) {
		t.Fatalf("LineKeys(%q): lines of odd keys %v, FindFurniture %v", text, odd, got)
	}
}

// FuzzStdin: whatever comes on standard input (its kind guessed from its
// first bytes: JSON Lines, JSON, a page, a feed, mail, a table, text) is
// read without an error or a panic, into valid UTF-8 documents with ids,
// or skips with reasons, at least one of either.
func FuzzStdin(f *testing.F) {
	for _, s := range []string{
		"{\"id\": \"a\", \"text\": \"x y\"}\n{bad\n",
		"{\n \"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [{\"id\": \"1\", \"content_text\": \"x\"}]\n}",
		"[{\"id\": \"a\", \"text\": \"x\"}]",
		"{\"guid\": \"g\", \"headline\": \"h\", \"body_html\": \"<p>x</p>\", \"versioncreated\": \"2017-12-17T20:01:00+0000\"}\n",
		"<?xml version=\"1.0\"?><rss><channel><item><description>x</description></item></channel></rss>",
		"<!doctype html><p>x</p>",
		"<?xml version=\"1.0\"?><!DOCTYPE nitf><nitf><body><body.content><p>x</p></body.content></body></nitf>",
		"From: a@b\nSubject: s\n\nbody\n",
		"id,text\na,x\n",
		"plain text",
		"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://a/\r\nContent-Type: text/html\r\nContent-Length: 8\r\n\r\n<p>x</p>\r\n\r\n",
		"filedesc://a.arc 0.0.0.0 20040925000741 text/plain 4\n1 1 \n\nhttp://a/ 1.2.3.4 20040925000741 text/html 8\n<p>x</p>\n",
		"\x28\xb5\x2f\xfd\x24\x05\x29\x00\x00plain\x00\x00\x00\x00",
		"\x5d\x2a\x4d\x18\x04\x00\x00\x00abcd\x28\xb5\x2f\xfd",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		n := 0
		err := Open([]string{"-"}, Options{Stdin: bytes.NewReader(in)})(func(d Doc) error {
			n++
			if d.ID == "" || !utf8.Valid(d.Text) || !utf8.ValidString(d.Title) {
				t.Fatalf("document %q: no id or invalid UTF-8", d.ID)
			}
			return nil
		}, func(s Skip) error {
			n++
			if s.Reason == "" {
				t.Fatalf("skip %+v with no reason", s)
			}
			return nil
		})
		if err != nil || n == 0 {
			t.Fatalf("Open(-) of %q: %v, %d delivered or skipped", in, err, n)
		}
	})
}

// FuzzPlainString: where plainString decodes a JSON string, it decodes it
// as json.Unmarshal does, and it decodes every string without an escape,
// a control character or invalid UTF-8.
func FuzzPlainString(f *testing.F) {
	for _, s := range []string{`"doc-1"`, `" a b "`, `"Путин"`, `"a\"b"`, `"a\\nb"`, "\"a\tb\"", "\"\xff\"", `""`, `"`, `7`, `"a"b"`, `"\u00e9"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, ok := plainString(raw)
		var want string
		err := json.Unmarshal(raw, &want)
		if ok && (err != nil || got != want) {
			t.Fatalf("plainString(%q) = %q; json.Unmarshal %q, %v", raw, got, want, err)
		}
		plain := len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' && utf8.Valid(raw) &&
			!bytes.ContainsFunc(raw[1:len(raw)-1], func(r rune) bool { return r < 0x20 || r == '"' || r == '\\' })
		if plain != ok {
			t.Fatalf("plainString(%q): ok %v, want %v", raw, ok, plain)
		}
	})
}
