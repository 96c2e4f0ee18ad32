package report

import "testing"

func TestPrintable(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain id 000_abc", "plain id 000_abc"},
		{"Café “quoted” 北京", "Café “quoted” 北京"},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"bell\a", `bell\x07`},
		{"line\nbreak\r\ttab", `line\x0abreak\x0d\x09tab`},
		{"evil\u202Etxt.exe", `evil\u202etxt.exe`},
		{"bad \xff byte", `bad \xff byte`},
		{"kept \uFFFD replacement", "kept \uFFFD replacement"},
		{"c1 \u0085 next line", `c1 \u0085 next line`},
	} {
		if got := Printable(c.in); got != c.want {
			t.Errorf("Printable(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
