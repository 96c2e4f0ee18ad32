package repair

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/seeds"
)

func TestText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"the CIA鈥檚 help", "the CIA’s help"},
		{"a 鈥渢errorist cell鈥 that", "a “terrorist cell” that"},
		{"鈥淭he information", "“The information"},
		{"MOSCOW, Russia 鈥 Russia鈥檚 President", "MOSCOW, Russia — Russia’s President"},
		{"Russia鈥檚 large numbers of people.鈥", "Russia’s large numbers of people.”"},
		{"鈥渁 job well done!鈥 the statement", "“a job well done!” the statement"},
		{"caf茅 au lait, and the CIA鈥檚", "café au lait, and the CIA’s"},
		// Correct text and genuine Chinese stay as they are.
		{"the CIA’s “help” — done", "the CIA’s “help” — done"},
		{"中华人民共和国外交部发言人表示", "中华人民共和国外交部发言人表示"},
		{"普京感谢特朗普 (Putin thanks Trump) 中央情报局", "普京感谢特朗普 (Putin thanks Trump) 中央情报局"},
		// A lone 鈥 is decided from context only where a full run proves the mojibake.
		{"Russia 鈥 Russian", "Russia 鈥 Russian"},
		{"茅", "茅"},
	} {
		got, _ := Text(nil, []byte(tc.in))
		if string(got) != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFixes(t *testing.T) {
	in := "Russia 鈥 the CIA鈥檚 help"
	got, fixes := Text(nil, []byte(in))
	if len(fixes) != 2 {
		t.Fatalf("Text(%q) made %d fixes, want 2: %+v", in, len(fixes), fixes)
	}
	for i, want := range []struct{ now, was string }{{"—", "鈥"}, {"’s", "鈥檚"}} {
		f := fixes[i]
		if now := string(got[f.Start:f.End]); now != want.now || f.Was != want.was || f.Kind != GBK {
			t.Errorf("fix %d = %q was %q (%v), want %q was %q", i, now, f.Was, f.Kind, want.now, want.was)
		}
	}
}

// TestSeed003 repairs the AFP seed: no ideograph may remain, and the repaired
// text must carry the punctuation the story had.
func TestSeed003(t *testing.T) {
	var text []byte
	for _, d := range seeds.All() {
		if strings.HasPrefix(d.ID, "003") {
			text = d.Text
		}
	}
	got, fixes := Text(nil, text)
	s := string(got)
	for _, r := range s {
		if r >= 0x2E80 {
			t.Fatalf("ideograph %q left in the repaired seed", r)
		}
	}
	for _, want := range []string{
		"MOSCOW, Russia — Russian President", "the CIA’s help", "a “terrorist cell” that",
		"“The information received by the CIA", "the criminals,” it added", "“large numbers of people.”",
		"“President Trump stressed", "the level of cooperation that we need.” /cbb",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("repaired seed lacks %q", want)
		}
	}
	if len(fixes) < 30 {
		t.Errorf("%d fixes, want the seed's 30 or more", len(fixes))
	}
	// The other seeds are correct UTF-8 and stay byte-identical.
	for _, d := range seeds.All() {
		if strings.HasPrefix(d.ID, "003") {
			continue
		}
		if got, fixes := Text(nil, d.Text); string(got) != string(d.Text) || len(fixes) != 0 {
			t.Errorf("seed %s changed by repair: %d fixes", d.ID, len(fixes))
		}
	}
}

// TestASCIIEnd holds asciiEnd, eight bytes at a time, to a byte at a
// time, on random bytes with non-ASCII ones here and there, from every
// start.
func TestASCIIEnd(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 5000 {
		b := make([]byte, r.IntN(40))
		for j := range b {
			b[j] = byte(r.IntN(0x80))
			if r.IntN(12) == 0 {
				b[j] |= 0x80
			}
		}
		for i := 0; i <= len(b); i++ {
			want := i
			for want < len(b) && b[want] < 0x80 {
				want++
			}
			if got := asciiEnd(b, i); got != want {
				t.Fatalf("asciiEnd(%q, %d) = %d, want %d", b, i, got, want)
			}
		}
	}
}
