package repair

import (
	"testing"
	"unicode/utf8"
)

// FuzzText: repair never panics, keeps valid UTF-8 valid, records fixes that
// index its output in order, and leaves ASCII alone.
func FuzzText(f *testing.F) {
	for _, s := range []string{"the CIA鈥檚 help", "Russia 鈥 Russia鈥檚", "中华人民共和国", "caf茅", "鈥", "", "plain"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, fixes := Text(nil, in)
		if utf8.Valid(in) && !utf8.Valid(out) {
			t.Fatalf("Text(%q) = %q: invalid UTF-8", in, out)
		}
		end := 0
		for _, fx := range fixes {
			if fx.Start < end || fx.End < fx.Start || fx.End > len(out) {
				t.Fatalf("Text(%q): fix %+v out of order or range (output %d bytes)", in, fx, len(out))
			}
			end = fx.End
		}
		if !hasNonASCII(in) && string(out) != string(in) {
			t.Fatalf("Text changed ASCII %q to %q", in, out)
		}
	})
}
