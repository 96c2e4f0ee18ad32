package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

// indentCases are JSON values that exercise appendIndented: empty and
// nested containers, strings with escaped quotes and backslashes and
// punctuation, numbers and literals, and space between tokens.
var indentCases = []string{
	`{}`, `[]`, `0`, `"x"`, `null`, `true`,
	`{"a":[]}`, `{"a":{}}`, `[[],[{}],{}]`, `[1,2,3]`, `[-1.5e-7,0.25,true,false,null]`,
	`{"a":1,"b":{"c":[1,{"d":"e"}],"f":[]},"g":"h"}`,
	`{"q":"he said \"no\", then: [left]","b":"\\","bq":"\\\"","bbq":"\\\\","u":"\u2028 ’ \t"}`,
	`["\\\\\\\"x\"",":",",","{","}","[","]"]`,
	` { "a" : [ 1 , 2 ] ,
	"b" : { } } `,
}

// TestAppendIndented: the bytes json.Indent makes of each case, with and
// without a prefix, after what dst already holds.
func TestAppendIndented(t *testing.T) {
	for _, c := range indentCases {
		for _, prefix := range []string{"", "    "} {
			var want bytes.Buffer
			if err := json.Indent(&want, []byte(c), prefix, "  "); err != nil {
				t.Fatalf("%q: %v", c, err)
			}
			got := appendIndented([]byte("head"), []byte(c), prefix, "  ")
			if string(got) != "head"+want.String() {
				t.Errorf("%q, prefix %q:\n%s\nwant\n%s", c, prefix, got[4:], want.Bytes())
			}
		}
	}
}

// FuzzAppendIndented holds appendIndented to json.Indent on valid JSON.
func FuzzAppendIndented(f *testing.F) {
	for _, c := range indentCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if !json.Valid(src) {
			return
		}
		var want bytes.Buffer
		if err := json.Indent(&want, src, "  ", "\t"); err != nil {
			t.Fatal(err)
		}
		if got := appendIndented(nil, src, "  ", "\t"); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%q:\n%q\nwant\n%q", src, got, want.Bytes())
		}
	})
}

// BenchmarkAppendIndented indents a document of the report, as WriteJSON
// does, against json.Indent.
func BenchmarkAppendIndented(b *testing.B) {
	d := ScanDocument{ID: "d1", Text: string(bytes.Repeat([]byte("A wire story, \"quoted\" in part; words and more words.\n"), 60)),
		Spans: []Span{{Start: 1, End: 50, Matches: []Match{{Doc: "d2", Start: 3, End: 52, Similarity: 0.9}}}}}
	src, err := json.Marshal(d)
	if err != nil {
		b.Fatal(err)
	}
	var dst []byte
	b.Run("appendIndented", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			dst = appendIndented(dst[:0], src, "    ", "  ")
		}
	})
	b.Run("json.Indent", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			json.Indent(&buf, src, "    ", "  ")
		}
	})
}
