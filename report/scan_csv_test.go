package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCSVCells(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain", "plain"},
		{"=1+2", "'=1+2"},
		{"+33 6", "'+33 6"},
		{"-5", "'-5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"a=b", "a=b"},
		{"", ""},
	} {
		if got := cell(c.in); got != c.want {
			t.Errorf("cell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"short  text\nhere", 40, "short text here"},
		{"the minister said buses would replace the trains", 20, "the minister said…"},
		{"Unbreakablewordwithoutspaces", 10, "Unbreakab…"},
		// A long word (a link) is cut inside, not left out: the META.yml
		// specification's passage read "A YAML…".
		{"A YAML L<mapping|http://yaml.org/spec/history/2002-10-31.html#syntax-mapping>\nindicating", 60,
			"A YAML L<mapping|http://yaml.org/spec/history/2002-10-31.ht…"},
		{"Tiny http://example.com/a/long/path", 20, "Tiny http://example…"},
	} {
		if got := wordExcerpt(c.in, c.n); got != c.want {
			t.Errorf("wordExcerpt(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

// FuzzWordExcerpt holds wordExcerpt, which reads only as far as its cut,
// to the excerpt of the whole text's words, each line's quote marks (its
// leading ">", spaces and tabs) left out.
func FuzzWordExcerpt(f *testing.F) {
	f.Add("the minister said buses would replace the trains", 20)
	f.Add("short  text\nhere", 40)
	f.Add(" ’a’ \u00a0 😀😀 b\xff c ", 3)
	f.Add("files from the\n> World Wide Web\n> > and x > y", 60)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 1 || n > 200 {
			return
		}
		var words []string
		for _, line := range strings.Split(s, "\n") {
			words = append(words, strings.Fields(strings.TrimLeft(line, " \t>"))...)
		}
		all := strings.Join(words, " ")
		want := all
		if utf8.RuneCountInString(all) > n {
			r := string([]rune(all)[:n-1])
			want = r + "…"
			if i := strings.LastIndexByte(r, ' '); i > 0 && 2*utf8.RuneCountInString(r[:i]) >= utf8.RuneCountInString(r) {
				want = r[:i] + "…"
			}
		}
		if got := wordExcerpt(s, n); got != want {
			t.Errorf("wordExcerpt(%q, %d) = %q, want %q", s, n, got, want)
		}
	})
}

// TestWordExcerptQuoted: a span of lines quoted in mail reads as the words
// it quotes; a ">" inside a line stays.
func TestWordExcerptQuoted(t *testing.T) {
	got := wordExcerpt("files from the\n> World Wide Web using HTTP\n>> > and FTP, where x > y", 200)
	if want := "files from the World Wide Web using HTTP and FTP, where x > y"; got != want {
		t.Errorf("wordExcerpt = %q, want %q", got, want)
	}
}

// TestCSVOrder: a row says when its source came out, and whether before
// the document, after it, or in an order unknown, and how many seconds
// apart, at least; a span published there first says none of it. Its
// kind is the text's (prose, quoted, rewrite), not a direction: the wire's
// span, published there first, was "copied".
func TestCSVOrder(t *testing.T) {
	text := "Copied words here and there. Said in other words."
	span := func(src *Source) []Span {
		return []Span{{Start: 0, End: 28, Words: 5, Pieces: []Piece{{Passage: 1, Start: 0, End: 28}}, Source: src}}
	}
	r := &Scan{Documents: []ScanDocument{
		{ID: "wire", Outlet: "W", Text: text, Published: "2017-12-17T08:00:00Z", Spans: span(nil),
			Rewrites: []Rewrite{{Start: 29, End: 49, With: Source{Doc: "paper", Similarity: 0.5, Later: true, LagSeconds: 7200}}}},
		{ID: "paper", Outlet: "P", Text: text, Published: "2017-12-17T10:00:00Z",
			Spans: span(&Source{Doc: "wire", Similarity: 1, Earlier: true, LeadSeconds: 7200})},
		{ID: "blog", Text: text, Spans: span(&Source{Doc: "wire", Similarity: 0.9})},
	}}
	var out bytes.Buffer
	if err := r.WriteCSV(&out); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out.String(), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	var got []string
	for _, row := range rows[1:] {
		got = append(got, strings.Join([]string{row[col["document"]], row[col["kind"]], row[col["source"]], row[col["source_outlet"]],
			row[col["source_published"]], row[col["order"]], row[col["seconds_apart"]]}, "|"))
	}
	want := []string{
		"wire|prose|||||",
		"wire|rewrite|paper|P|2017-12-17T10:00:00Z|later|7200",
		"paper|prose|wire|W|2017-12-17T08:00:00Z|earlier|7200",
		"blog|prose|wire|W|2017-12-17T08:00:00Z|unknown|",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
