package corpus

import (
	"bytes"
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
				if !strings.HasPrefix(s.Path, "in.jsonl:") || s.Reason == "" {
					t.Fatalf("skip %+v does not name the line", s)
				}
				return nil
			},
		}
		if err := r.jsonLines("in.jsonl", bytes.NewReader(in)); err != nil {
			t.Fatal(err)
		}
		if got != lines {
			t.Fatalf("%d non-blank lines, %d documents and skips", lines, got)
		}
	})
}

// FuzzExtractHTML: any page yields valid UTF-8 text, and never panics.
func FuzzExtractHTML(f *testing.F) {
	f.Add([]byte(`<html><head><title>T</title><meta property="article:published_time" content="2017-12-17"></head><body><article><p>Text</p></article></body></html>`))
	f.Add([]byte(`<p>unclosed <b>bold <script>x</p>`))
	f.Fuzz(func(t *testing.T, page []byte) {
		text, _ := Decode(page)
		p := ExtractHTML(text)
		if !utf8.Valid(p.Text) || !utf8.ValidString(p.Title) {
			t.Fatalf("ExtractHTML(%q): invalid UTF-8", page)
		}
	})
}
