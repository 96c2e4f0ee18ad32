package report

import "testing"

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
