package repair

import "testing"

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
