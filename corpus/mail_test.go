package corpus

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// readMessage reads raw as one message through r.message, and returns
// the document, or the skip's reason.
func readMessage(t *testing.T, raw string) (Doc, string) {
	t.Helper()
	var got []Doc
	var reasons []string
	r := reader{doc: func(d Doc) error { got = append(got, d); return nil }, skip: func(s Skip) error { reasons = append(reasons, s.Reason); return nil }}
	if err := r.message("m", "m.eml", []byte(raw)); err != nil {
		t.Fatal(err)
	}
	if len(got)+len(reasons) != 1 {
		t.Fatalf("%d documents and %d skips for one message", len(got), len(reasons))
	}
	if len(got) == 1 {
		return got[0], ""
	}
	return Doc{}, reasons[0]
}

func TestMessage(t *testing.T) {
	const header = "From: White House Press <press@WhiteHouse.gov>\nDate: Sun, 17 Dec 2017 20:01:00 -0500\nMessage-ID: <readout-17@whitehouse.gov>\n"
	for _, c := range []struct {
		name, raw string
		title     string
		text      string // the document's, or want a skip with this reason
		skip      bool
		note      string // a part of the note, if any is wanted
	}{
		{name: "plain", raw: header + "Subject: Readout of the call\n\nPresident Trump spoke with President Putin.\n",
			title: "Readout of the call", text: "President Trump spoke with President Putin.\n"},
		{name: "encoded subject, folded", raw: header + "Subject: =?UTF-8?Q?Putin_thanks_Trump_=E2=80=94?=\n =?ISO-8859-1?Q?caf=E9?=\n\nBody.\n",
			title: "Putin thanks Trump —café", text: "Body.\n"},
		{name: "quoted-printable, latin-1", raw: header + "Subject: S\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nLe Kremlin a remerci=E9 la CIA pour une information qui a permis d'=\n=E9viter un attentat.\n",
			title: "S", text: "Le Kremlin a remercié la CIA pour une information qui a permis d'éviter un attentat.\n", note: "read as windows-1252, the charset the message declares"},
		{name: "alternative: the plain part", raw: header + "Subject: S\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b1\"\n\n--b1\nContent-Type: text/html; charset=utf-8\n\n<p>The HTML part.</p>\n--b1\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nVGhlIHBs\nYWluIHBhcnQu\n--b1--\n",
			title: "S", text: "The plain part."},
		{name: "HTML alone, inside mixed", raw: header + "Subject: S\nContent-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/related; boundary=i\n\n--i\nContent-Type: text/html\n\n<html><body><nav>Menu</nav><p>Putin called Trump on Sunday.</p></body></html>\n--i--\n--o\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n--o--\n",
			title: "S", text: "Putin called Trump on Sunday."},
		{name: "an attachment is not the body", raw: header + "Subject: S\nContent-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: text/plain; name=notes.txt\nContent-Disposition: attachment; filename=notes.txt\n\nAttached notes.\n--o\nContent-Type: text/plain\n\nThe message itself.\n--o--\n",
			title: "S", text: "The message itself."},
		{name: "a raw 8-bit subject in the body's charset", raw: header + "Subject: Le pr\xE9sident re\xE7u \xE0 l'\xC9lys\xE9e\nContent-Type: text/plain; charset=iso-8859-1\n\nLe pr\xE9sident fran\xE7ais a re\xE7u le chef du gouvernement.\n",
			title: "Le président reçu à l'Élysée", text: "Le président français a reçu le chef du gouvernement.\n", note: "the charset the message declares"},
		{name: "multipart with no boundary line: its text", raw: header + "Subject: S\nContent-Type: multipart/mixed; boundary=\"B\"\n\nHi there,\n\nThis is the dingus fish.\n",
			title: "S", text: "Hi there,\n\nThis is the dingus fish.\n"},
		{name: "a part that cannot be read is passed over", raw: header + "Subject: S\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: multipart/alternative; boundary=\"B\"\n\n\n--B\nContent-Type: text/plain\n\nSome removed text.\n--B--\n",
			title: "S", text: "Some removed text."},
		{name: "a message forwarded whole", raw: header + "Subject: Fwd: readout\nContent-Type: message/rfc822\n\nFrom: press@whitehouse.gov\nSubject: Readout\nContent-Type: text/plain\n\nThe forwarded readout.\n",
			title: "Fwd: readout", text: "The forwarded readout.\n"},
		{name: "a mixed message's parts in order, a forwarded story among them", raw: header + "Subject: Fwd: readout\nContent-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: text/plain\n\nFYI, below.\n--o\nContent-Type: message/rfc822\n\nFrom: press@whitehouse.gov\nSubject: Readout\n\nThe forwarded readout.\n--o\nContent-Type: image/png\n\nPNG\n--o--\n",
			title: "Fwd: readout", text: "FYI, below.\n\nThe forwarded readout."},
		{name: "a forwarded multipart with a closing line alone has no text", raw: header + "Subject: S\nContent-Type: multipart/mixed; boundary=A\n\n--A\n\nStuff\n--A\nContent-Type: message/rfc822\n\nFrom: a@example.com\nContent-Type: multipart/mixed; boundary=B\n\n--B--\n--A--\n",
			title: "S", text: "Stuff"},
		{name: "a digest's parts are messages", raw: header + "Subject: Digest\nContent-Type: multipart/digest; boundary=D\n\n--D\n\nFrom: a@example.com\nSubject: one\n\nThe first message of the digest.\n--D--\n",
			title: "Digest", text: "The first message of the digest."},
		// A text part that ends with the file, no closing boundary (an
		// archive cut off; Python's test message msg_38, whose text
		// holds its outer boundary): its text as far as it goes, where it
		// was skipped as having none.
		{name: "a text part cut short", raw: header + "Subject: S\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: multipart/alternative; boundary=\"C\"\n\n--C\nContent-Type: text/plain\n\nThe readout as far as the archive kept it.\n",
			title: "S", text: "The readout as far as the archive kept it.", note: "a text part ends early"},
		{name: "no text part", raw: header + "Subject: S\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n",
			skip: true, text: "the message has no text part (text/plain or text/html)"},
		{name: "a date that cannot be read", raw: "From: a@example.com\nDate: the seventeenth\nSubject: S\n\nBody.\n",
			title: "S", text: "Body.\n", note: `its Date "the seventeenth" cannot be read`},
		{name: "body white space only", raw: header + "Subject: S\n\n \n",
			skip: true, text: "no text (empty or white space only)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, reason := readMessage(t, c.raw)
			if c.skip {
				if reason != c.text {
					t.Fatalf("skipped for %q, want %q", reason, c.text)
				}
				return
			}
			if reason != "" {
				t.Fatalf("skipped: %s", reason)
			}
			if string(d.Text) != c.text || d.Title != c.title {
				t.Errorf("title %q, text %q; want %q, %q", d.Title, d.Text, c.title, c.text)
			}
			if !strings.Contains(d.Note, c.note) || (c.note == "" && d.Note != "") {
				t.Errorf("note %q, want %q in it", d.Note, c.note)
			}
		})
	}
	d, _ := readMessage(t, header+"Subject: S\n\nBody.\n")
	if want := time.Date(2017, 12, 18, 1, 1, 0, 0, time.UTC); !d.Published.Equal(want) || d.Outlet != "press@whitehouse.gov" || d.URL != "mid:readout-17@whitehouse.gov" {
		t.Errorf("published %v, outlet %q, url %q; want %v, press@whitehouse.gov, mid:readout-17@whitehouse.gov", d.Published, d.Outlet, d.URL, want)
	}
}

func TestMessageHead(t *testing.T) {
	for _, c := range []struct {
		head string
		want bool
	}{
		{"From: a@example.com\nSubject: S\n\nBody", true},
		{"Return-Path: <a@example.com>\nReceived: from x\n\tby y\nFrom: a@example.com\nDate: Sun, 17 Dec 2017 20:01:00 -0500\n\n", true},
		{"Path: news.example.com\nFrom: a@example.com\nNewsgroups: alt.news\nMessage-ID: <1@example.com>\nX-Cut-Shor", true}, // the window ends in a name
		{"From: a@example.com\r\nSubject: S\r\n\r\n", true},
		{strings.Repeat("Received: from mx.example.com\n\tby host with ESMTPS id 17\n", 400) + "From: a@example.com\nSubject: S\n\n", true}, // 20 KB of routing first
		{"From: a@example.com\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\n", true},
		{"From: a@example.com\n\nBody", false}, // From alone
		{"Subject: S\nDate: today\n\n", false}, // no From
		// A MIME message with no From (Python's test message msg_38).
		{"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\n", true},
		{"Content-Type: text/plain\n\nBody", false},                                                                 // a part's header alone
		{"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: x\n\n", false}, // DEP-5
		{"From: Putin's office\nThe Kremlin said on Sunday.\nSubject: S\n", false},                                  // prose in the header
		{" From: a@example.com\nSubject: S\n\n", false},                                                             // folded first
		{"From the Kremlin: a call\nSubject: S\n\n", false},                                                         // a name with a space
		{"", false},
	} {
		if got := messageHead([]byte(c.head)); got != c.want {
			t.Errorf("messageHead(%q) = %v, want %v", c.head, got, c.want)
		}
	}
}

func TestMbox(t *testing.T) {
	mbox := "From press@whitehouse.gov Sun Dec 17 20:01:00 2017\n" +
		"From: press@whitehouse.gov\nSubject: One\nDate: Sun, 17 Dec 2017 20:01:00 -0500\n\n" +
		"First message.\n>From here on, an escaped line.\nFrom a line that no blank line precedes.\n\n" +
		"From ap@ap.org Mon Dec 18 09:00:00 2017\n" +
		"From: AP <news@ap.org>\nSubject: Two\n\nSecond message.\n\n" +
		"From x Mon Dec 18 10:00:00 2017\n" +
		"Subject: white space only\n\n \n"
	var docs []Doc
	var skips []Skip
	r := reader{doc: func(d Doc) error { docs = append(docs, d); return nil }, skip: func(s Skip) error { skips = append(skips, s); return nil }}
	if err := r.mbox("in.mbox", "in", strings.NewReader(mbox)); err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || len(skips) != 1 {
		t.Fatalf("%d documents and %d skips, want 2 and 1", len(docs), len(skips))
	}
	if d := docs[0]; d.ID != "in#1" || d.Path != "in.mbox:1" || d.Title != "One" ||
		string(d.Text) != "First message.\nFrom here on, an escaped line.\nFrom a line that no blank line precedes.\n" {
		t.Errorf("first: %q %q %q %q", d.ID, d.Path, d.Title, d.Text)
	}
	if d := docs[1]; d.ID != "in#2" || d.Path != "in.mbox:10" || d.Outlet != "news@ap.org" || string(d.Text) != "Second message.\n" {
		t.Errorf("second: %q %q %q %q", d.ID, d.Path, d.Outlet, d.Text)
	}
	if s := skips[0]; s.ID != "in#3" || s.Path != "in.mbox:16" || s.Reason != "no text (empty or white space only)" {
		t.Errorf("third: %+v", s)
	}

	skips = nil
	if err := r.mbox("notes.mbox", "notes", strings.NewReader("Notes, not mail.\nFrom a@example.com Sun Dec 17 2017\n")); err != nil {
		t.Fatal(err)
	}
	if len(skips) != 1 || skips[0].Path != "notes.mbox:1" || !strings.Contains(skips[0].Reason, "not an mbox") {
		t.Errorf("text before a From line: %+v", skips)
	}
}

// FuzzMessage: any bytes give one document or one skip, with valid UTF-8,
// and never a panic.
func FuzzMessage(f *testing.F) {
	f.Add([]byte("From: a@example.com\nSubject: =?utf-8?b?w6k=?=\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Transfer-Encoding: quoted-printable\n\na=E9=\n--x--\n"))
	f.Add([]byte("From: <@>\nDate: x\nContent-Type: text/html; charset=koi8-r\n\n<p>\xE1</p>"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		n := 0
		r := reader{doc: func(d Doc) error {
			n++
			if !utf8.Valid(d.Text) || !utf8.ValidString(d.Title) || !utf8.ValidString(d.Outlet) {
				t.Fatalf("invalid UTF-8: %q %q %q", d.Text, d.Title, d.Outlet)
			}
			return nil
		}, skip: func(s Skip) error { n++; return nil }}
		if err := r.message("m", "m.eml", raw); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("%d results for one message", n)
		}
	})
}

// FuzzMbox: every document and skip of an mbox names a line of it, and
// there is at least one of them.
func FuzzMbox(f *testing.F) {
	f.Add([]byte("From a\nFrom: a@b\nSubject: s\n\nx\n\nFrom b\nFrom: c@d\nDate: y\n\n>From z\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		lines := bytes.Count(in, []byte("\n")) + 1
		n := 0
		check := func(path string) {
			n++
			var line int
			if path != "in.mbox" && (!strings.HasPrefix(path, "in.mbox:") || func() bool {
				_, err := fmtSscan(path[len("in.mbox:"):], &line)
				return err != nil || line < 1 || line > lines
			}()) {
				t.Fatalf("%q names no line of the file", path)
			}
		}
		r := reader{doc: func(d Doc) error { check(d.Path); return nil }, skip: func(s Skip) error { check(s.Path); return nil }}
		if err := r.mbox("in.mbox", "in", bytes.NewReader(in)); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Fatal("nothing delivered or skipped")
		}
	})
}

func fmtSscan(s string, n *int) (int, error) { return fmt.Sscan(s, n) }

// TestMailStdin: a message or an mbox on standard input is read as one.
func TestMailStdin(t *testing.T) {
	msg := "From: AP <news@ap.org>\nSubject: Putin thanks Trump\n\nThe body.\n"
	for in, want := range map[string][]string{
		msg:                            {"stdin -"},
		"From news@ap.org Sun\n" + msg: {"stdin#1 -:1"},
	} {
		docs, got := read(t, Open([]string{"-"}, Options{Stdin: strings.NewReader(in)}))
		if !slices.Equal(got, want) || docs[0].Title != "Putin thanks Trump" || string(docs[0].Text) != "The body.\n" {
			t.Errorf("%q: read %q, title %q, text %q; want %q", in, got, docs[0].Title, docs[0].Text, want)
		}
	}
}

func TestSender(t *testing.T) {
	for from, want := range map[string]string{
		"White House Press <Press@WhiteHouse.gov>": "press@whitehouse.gov",
		"press@whitehouse.gov (Press Office)":      "press@whitehouse.gov",
		`Kremlin, "press <press@kremlin.ru>`:       "press@kremlin.ru", // a name that does not parse
		"The Kremlin":                              "",
		"":                                         "",
	} {
		if got := sender(from); got != want {
			t.Errorf("sender(%q) = %q, want %q", from, got, want)
		}
	}
}

// TestMessageDeep: parts nested past maxParts are not read, and the
// document or the skip says so.
func TestMessageDeep(t *testing.T) {
	nest := func(levels int, inner string) string {
		for i := levels; i > 0; i-- {
			inner = fmt.Sprintf("Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n%s\n--b%d--\n", i, i, inner, i)
		}
		return inner
	}
	leaf := "Content-Type: text/plain\n\nDeep down.\n"
	head := "From: a@example.com\nSubject: S\n"
	if d, reason := readMessage(t, head+nest(maxParts, leaf)); reason != "" || strings.TrimSpace(string(d.Text)) != "Deep down." || d.Note != "" {
		t.Errorf("%d levels: text %q, note %q, skip %q", maxParts, d.Text, d.Note, reason)
	}
	if _, reason := readMessage(t, head+nest(maxParts+1, leaf)); !strings.Contains(reason, "no text part in the 8 levels") {
		t.Errorf("%d levels: skip %q", maxParts+1, reason)
	}
	mixed := "Content-Type: multipart/mixed; boundary=top\n\n--top\nContent-Type: text/plain\n\nOn top.\n--top\n" + nest(maxParts, leaf) + "\n--top--\n"
	if d, _ := readMessage(t, head+mixed); !strings.HasPrefix(string(d.Text), "On top.") || !strings.Contains(d.Note, "nested more than 8 deep are not read") {
		t.Errorf("text on top, a part too deep: text %q, note %q", d.Text, d.Note)
	}
}

// BenchmarkMessageParts reads a mixed message of n inline text parts,
// whose text is all of them: the time a part stays flat as n grows (the
// parts' texts are appended, not copied again for each).
func BenchmarkMessageParts(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("parts=%d", n), func(b *testing.B) {
			var msg strings.Builder
			msg.WriteString("From: a@example.com\nSubject: S\nContent-Type: multipart/mixed; boundary=p\n\n")
			for i := range n {
				fmt.Fprintf(&msg, "--p\nContent-Type: text/plain\n\nPart %d of the release, a line of its text.\n", i)
			}
			msg.WriteString("--p--\n")
			raw := []byte(msg.String())
			var words int
			r := reader{doc: func(d Doc) error { words = len(d.Text); return nil }, skip: func(s Skip) error { b.Fatal(s.Reason); return nil }}
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				if err := r.message("m", "m.eml", raw); err != nil {
					b.Fatal(err)
				}
			}
			if words < 40*n {
				b.Fatalf("%d bytes of text for %d parts", words, n)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/part")
		})
	}
}

// TestSavedPage: a page Chromium saved as MHTML ("Webpage, single file";
// testdata/ap-saved.mhtml, made by Chromium 156 from ap-saved.html, seed
// 000 in a news page's markup) is the page: the same title, site, address,
// date and text as the page read as HTML, not the message's Date (when
// it was saved) nor its From ("<Saved by Blink>").
func TestSavedPage(t *testing.T) {
	list, lines := read(t, Files(nil, "testdata/ap-saved.html", "testdata/ap-saved.mhtml"))
	docs := map[string]Doc{}
	for _, d := range list {
		docs[filepath.Ext(d.Path)] = d
	}
	if len(docs) != 2 {
		t.Fatalf("read %q", lines)
	}
	page, saved := docs[".html"], docs[".mhtml"]
	if saved.Title != page.Title || saved.Outlet != "AP" || saved.URL != "https://apnews.com/article/putin-thanks-trump-cia-tip" ||
		!saved.Published.Equal(page.Published) || saved.Published.Year() != 2017 || string(saved.Text) != string(page.Text) {
		t.Errorf("saved page: %q %q %q %v\n%.200q\nwant the page's: %q %q %q %v\n%.200q",
			saved.Title, saved.Outlet, saved.URL, saved.Published, saved.Text, page.Title, page.Outlet, page.URL, page.Published, page.Text)
	}
	if !bytes.HasPrefix(saved.Text, []byte("Kremlin says Putin thanked Trump")) || bytes.Contains(saved.Text, []byte("Related")) {
		t.Errorf("saved page's text: %.300q", saved.Text)
	}
	// Internet Explorer's: no address but the page's own.
	ie := "From: <Saved by Windows Internet Explorer 8>\nSubject: Putin thanks Trump\nDate: Mon, 18 Dec 2017 09:00:00 +0100\nMIME-Version: 1.0\nContent-Type: text/html; charset=\"utf-8\"\n\n<html><head><meta property=\"og:site_name\" content=\"RFE/RL\"></head><body><p>Putin thanked Trump for a CIA tip.</p></body></html>\n"
	if d, reason := readMessage(t, ie); reason != "" || d.Outlet != "RFE/RL" || !d.Published.IsZero() || d.Title != "Putin thanks Trump" || d.URL != "" {
		t.Errorf("IE's saved page: outlet %q, published %v, title %q, url %q (%s)", d.Outlet, d.Published, d.Title, d.URL, reason)
	}
}
