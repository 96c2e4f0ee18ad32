package repair

import (
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/copydesk/copydesk/internal/seeds"
)

// TestWindows1252: Text(in) = got, want w, for UTF-8 read as Windows-1252
// once, twice, with a lost byte, and genuine accented text left alone.
func TestWindows1252(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Putinâ€™s call", "Putin’s call"},
		{"the cafÃ© owner", "the café owner"},
		{"â€œWe thank youâ€\u009d, he said", "“We thank you”, he said"},
		{"â€œWe thank you.â€ He left", "“We thank you.” He left"},
		{"Russia â€” Russian", "Russia — Russian"},
		{"Putinâ€™s â€œtipâ€ and the cafÃ©", "Putin’s “tip” and the café"},
		{"twice: Putinâ€™s", "twice: Putin’s"},
		{"twice: PutinÃ¢â‚¬â„¢s", "twice: Putin’s"},
		{"price: 5 â‚¬, 10Â°C", "price: 5 €, 10°C"},
		{"MÃ¼ller and BarÃ§a", "Müller and Barça"},
		// Genuine text stays.
		{"café, São Paulo, naïve, Müller’s", "café, São Paulo, naïve, Müller’s"},
		{"«CAFÉ» and “quotes” — dashes…", "«CAFÉ» and “quotes” — dashes…"},
		{"Ångström, Øresund, Ærø", "Ångström, Øresund, Ærø"},
		{"10 °C, ½ cup, © 2017", "10 °C, ½ cup, © 2017"},
	} {
		got, fixes := Text(nil, []byte(tc.in))
		if string(got) != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
		for _, f := range fixes {
			if f.Kind != Win1252 {
				t.Errorf("Text(%q): fix %+v is not %v", tc.in, f, Win1252)
			}
		}
		if (len(fixes) > 0) != (tc.in != tc.want) {
			t.Errorf("Text(%q): %d fixes", tc.in, len(fixes))
		}
	}
}

// TestLeftovers: mojibake that used to stay: ” and ‘ read as Windows-1252
// twice (the last byte of ”, 9D, which Windows-1252 leaves undefined,
// read as U+FFFD), and under GBK the characters whose last byte the
// decoder replaced by U+FFFD (€, ™, and the E2 80 family), repaired; a
// character chosen from context is marked as a guess.
func TestLeftovers(t *testing.T) {
	twice := func(s string) string {
		once, _ := charmap.Windows1252.NewDecoder().Bytes([]byte(s))
		two, _ := charmap.Windows1252.NewDecoder().Bytes(once)
		return string(two)
	}
	gbk := func(s string) string {
		out, _ := simplifiedchinese.GB18030.NewDecoder().Bytes([]byte(s))
		return string(out)
	}
	for _, c := range []struct {
		in, want string
		guesses  int
	}{
		{twice("“Thanks,” he said"), "“Thanks,” he said", 1},
		{twice("the ‘tip’ here"), "the ‘tip’ here", 0},
		{gbk("the CIA’s tip costs €5 now"), "the CIA’s tip costs €5 now", 1},
		{gbk("the CIA’s Brand™ name"), "the CIA’s Brand™ name", 1},
		{gbk("the CIA’s help – and more"), "the CIA’s help — and more", 1}, // an en dash guessed as an em dash
		// A U+FFFD after something that is no sequence's start stays.
		{"the cafÃ©\uFFFD owner", "the cafÃ©\uFFFD owner", 0},
	} {
		got, fixes := Text(nil, []byte(c.in))
		guesses := 0
		for _, f := range fixes {
			if f.Guess {
				guesses++
			}
		}
		if string(got) != c.want || guesses != c.guesses {
			t.Errorf("Text(%q) = %q, %d guesses; want %q, %d", c.in, got, guesses, c.want, c.guesses)
		}
	}
}

// TestSuspects counts what still looks like mojibake, and nothing in
// genuine text.
func TestSuspects(t *testing.T) {
	for _, c := range []struct {
		text string
		want int
	}{
		{"the CIA’s “help” — café, São Paulo, ÃO, Â la", 0},
		{"中华人民共和国外交部发言人表示", 0},
		{"Russia 鈥 Russian", 1},
		{"the cafÃ©\uFFFD owner, Putinâ€", 2},
		{"costs 鈧 and Brand鈩", 2},
	} {
		if got := Suspects([]byte(c.text)); got != c.want {
			t.Errorf("Suspects(%q) = %d, want %d", c.text, got, c.want)
		}
	}
}

// BenchmarkSuspects counts suspects in each seed article (English, ASCII
// but for quotation marks and dashes, and AFP's misread as GBK).
func BenchmarkSuspects(b *testing.B) {
	for _, s := range seeds.All() {
		b.Run(s.Name, func(b *testing.B) {
			b.SetBytes(int64(len(s.Text)))
			n := 0
			for b.Loop() {
				n += Suspects(s.Text)
			}
			sinkInt = n
		})
	}
}

var sinkInt int

// BenchmarkFixed repairs each seed article (AFP's misread as GBK; the
// others' curly quotation marks and dashes sent through the test).
func BenchmarkFixed(b *testing.B) {
	for _, s := range seeds.All() {
		b.Run(s.Name, func(b *testing.B) {
			b.SetBytes(int64(len(s.Text)))
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				out, _ := Fixed(s.Text)
				n += len(out)
			}
			sinkInt = n
		})
	}
}
