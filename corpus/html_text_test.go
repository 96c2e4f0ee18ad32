package corpus

import (
	"testing"
)

// textRef is textBuilder.text as first written, a rune at a time, for
// FuzzBuilderText.
func (b *textBuilder) textRef(s string) {
	if b.pre > 0 {
		b.preText(s)
		return
	}
	for _, r := range s {
		if r == '\n' && b.breaks {
			b.end()
			continue
		}
		if isHTMLSpace(r) {
			b.space = !b.atLineStart()
			continue
		}
		if b.space {
			b.buf.WriteByte(' ')
			b.space = false
		}
		b.buf.WriteRune(r)
	}
}

// FuzzBuilderText: textBuilder.text, which writes a run of printable
// ASCII at once, writes what the rune-at-a-time reference writes, from
// any state (text before, ending a line or not; a space pending; line
// breaks ending lines or not), into any text.
func FuzzBuilderText(f *testing.F) {
	f.Add("", "Putin thanks\u00a0Trump.\n\nThe CIA\ttip \xff\u3000x\r\n", false, false)
	f.Add("before\n", "  a\n b ", true, true)
	f.Fuzz(func(t *testing.T, before, s string, space, breaks bool) {
		var got, want textBuilder
		for _, b := range []*textBuilder{&got, &want} {
			b.buf.WriteString(before)
			b.space, b.breaks = space, breaks
		}
		got.text(s)
		want.textRef(s)
		if got.buf.String() != want.buf.String() || got.space != want.space {
			t.Fatalf("text(%q) after %q: %q, space %v; want %q, %v", s, before, got.buf.String(), got.space, want.buf.String(), want.space)
		}
	})
}
