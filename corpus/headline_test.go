package corpus

import "testing"

// TestHeadline: a plain text's first line is its title when it looks like
// a headline, and page chrome above it is passed over.
func TestHeadline(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Kremlin says Putin thanked Trump for CIA tip on bombings\nRussian President Vladimir Putin called.", "Kremlin says Putin thanked Trump for CIA tip on bombings"},
		{"\n\nMarkets fall as rates rise\n\nShares fell on Monday.", "Markets fall as rates rise"},
		{"The White House on Sunday confirmed the call.\nMore text.", ""}, // a sentence
		{"the lower case line\nMore text.", ""},
		{"Only one line, no body", ""},
		{"Accessibility links\n\nKremlin Says CIA Helped Russia\n\nThe Kremlin said.", "Kremlin Says CIA Helped Russia"},
		{"“We will act,” minister says\nThe minister said.", "“We will act,” minister says"},
		{"A headline that goes on for far too many words to be any kind of headline at all in a newspaper today\nText.", ""},
	} {
		if got := headline([]byte(c.text), Chrome([]byte(c.text))); got != c.want {
			t.Errorf("headline(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
