package report

import (
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
			r := []rune(all)[:n-1]
			if i := strings.LastIndexByte(string(r), ' '); i > 0 {
				want = string(r)[:i] + "…"
			} else {
				want = string(r) + "…"
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
