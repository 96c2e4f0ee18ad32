package repair

import (
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzText: repair never panics, keeps valid UTF-8 valid, records fixes that
// index its output in order, and leaves ASCII alone; Fixed makes what Text
// makes, and returns text it does not change as it is, not a copy.
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
		fixed, fixedFixes := Fixed(in)
		if string(fixed) != string(out) || !reflect.DeepEqual(fixedFixes, fixes) {
			t.Fatalf("Fixed(%q) = %q, %v; Text %q, %v", in, fixed, fixedFixes, out, fixes)
		}
		if same := len(in) > 0 && len(fixed) > 0 && &fixed[0] == &in[0]; same != (fixes == nil) && len(in) > 0 {
			t.Fatalf("Fixed(%q): the input itself %v, fixes %v", in, same, fixes)
		}
	})
}
