package corpus

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestANPA: a file of ANPA 1312 messages, laid out as AP sends them and
// as Superdesk's ANPA parser reads them (SYN SYN SOH, the selector line,
// the category and slug line, STX, the header's "^" lines, the
// paragraphs' tabbed lines, ETX, the trailer with the agency and time in
// GMT, EOT), whatever its name: each message a document, its headline
// the title, AP the outlet, the trailer's time, its byline and
// paragraphs the text, the agency's two backquotes and two apostrophes
// made quotation marks and its underscore a dash; a message of header lines alone, an advisory, is skipped as
// having no text; CR LF line ends and an ISO 8859-1 byte are read. Before,
// such a file was skipped as binary, or read with its codes as text.
func TestANPA(t *testing.T) {
	story := "\x16\x16\x01z6715\x1f-----\n" +
		"r i\x13\x11 BC-Russia-US 1stLd-Writethru   12-17 0350\n" +
		"\x02^BC-Russia-US, 1st Ld-Writethru,350<\n" +
		"^Kremlin says Putin thanked Trump for CIA tip on bombings<\n" +
		"^Eds: UPDATES with White House confirmation. With AP Photos.<\n" +
		"^By VLADIMIR ISACHENKOV=\n" +
		"^Associated Press=\n" +
		"\t   MOSCOW (AP) _ Russian President Vladimir Putin called U.S. President Donald Trump on Sunday to thank him for a CIA tip, the Kremlin said. \n" +
		"\t   ``Putin expressed gratitude,'' the Kremlin said. \n" +
		"\n\x03AP-WF-12-17-17 2001GMT<\n\x04"
	advisory := "\x16\x16\x01b6716\x1f-----\n" +
		"a a\x13\x11 BC-AP-Advisory   12-17 0020\n" +
		"\x02^BC-AP-Advisory<\n" +
		"^Editors: the Putin story moves at 2000 GMT<\n" +
		"\x03AP-WF-12-17-17 1900GMT<\n\x04"
	crlf := "\x16\x16\x01z6717\x1f-----\r\n" +
		"r i\x13\x11 BC-Russia-Cathedral   12-17 0120\r\n" +
		"\x02^BC-Russia-Cathedral,120<\r\n" +
		"^Caf\xe9 near Kazan Cathedral among targets<\r\n" +
		"\t   ST. PETERSBURG, Russia (AP) _ The FSB said the cell planned to bomb Kazan Cathedral.\r\n" +
		"\x03AP-WF-12-17-17 2115GMT<\r\n\x04"
	dir := t.TempDir()
	write(t, dir+"/ap-wire-20171217", []byte(story+advisory+crlf))
	docs, got := readDir(t, dir, Files(nil, dir))
	want := strings.Join([]string{
		"ap-wire-20171217#1 ap-wire-20171217:1",
		"SKIP ap-wire-20171217:12: an ANPA 1312 message with no text: a header alone (an advisory, a slug line and a headline)",
		"ap-wire-20171217#3 ap-wire-20171217:17",
	}, "\n")
	if got != want {
		t.Fatalf("read:\n%s\nwant:\n%s", got, want)
	}
	for i, c := range []struct {
		title, at, text string
	}{
		{"Kremlin says Putin thanked Trump for CIA tip on bombings", "2017-12-17T20:01:00Z",
			"By VLADIMIR ISACHENKOV\nAssociated Press\nMOSCOW (AP) — Russian President Vladimir Putin called U.S. President Donald Trump on Sunday to thank him for a CIA tip, the Kremlin said.\n“Putin expressed gratitude,” the Kremlin said."},
		{"Café near Kazan Cathedral among targets", "2017-12-17T21:15:00Z",
			"ST. PETERSBURG, Russia (AP) — The FSB said the cell planned to bomb Kazan Cathedral."},
	} {
		d := docs[i]
		if d.Title != c.title || d.Outlet != "AP" || d.Published.UTC().Format(time.RFC3339) != c.at || string(d.Text) != c.text {
			t.Errorf("%s: %q, %q, %v, text\n%q\nwant %q, AP, %s, text\n%q", d.ID, d.Title, d.Outlet, d.Published, d.Text, c.title, c.at, c.text)
		}
	}
}

// FuzzANPA: any bytes read as ANPA 1312 give documents of valid UTF-8
// and places in the file, and never panic.
func FuzzANPA(f *testing.F) {
	f.Add([]byte("\x16\x16\x01z6715\x1f-----\nr i\x13\x11 BC-X   12-17 0350\n\x02^BC-X<\n^Head<\n^By A=\n\t   Text _ ``q''.\n\x03AP-WF-12-17-17 2001GMT<\n\x04"))
	f.Add([]byte("\x01a\x02\x03\x01b\x02^x\n\t\x03"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		r := reader{doc: func(d Doc) error {
			if !utf8.Valid(d.Text) || !utf8.ValidString(d.Title) || !strings.HasPrefix(d.Path, "in:") {
				t.Fatalf("document %q at %q: invalid UTF-8 or place", d.ID, d.Path)
			}
			return nil
		}, skip: func(Skip) error { return nil }}
		if err := r.anpa("in", "in", raw); err != nil {
			t.Fatal(err)
		}
	})
}
