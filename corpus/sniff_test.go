package corpus

import (
	"bytes"
	"testing"
)

func TestHTMLPage(t *testing.T) {
	for _, c := range []struct {
		head string
		want bool
	}{
		{"<!DOCTYPE html>\n<html>", true},
		{"<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">", true},
		{"\xEF\xBB\xBF  \r\n<html lang=en>", true},
		{"<HTML>", true},
		{"<html", true}, // the whole file
		{"<head><title>T</title>", true},
		{"<body>", true},
		{"<html/>", true},
		{"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">", true},
		{"<!-- saved from url=(0022)http://example.com/ -->\r\n<html>", true},
		{"<!-- one --><!-- two -->\n<!DOCTYPE html>", true},
		{"", false},
		{"Putin thanked Trump.", false},
		{"<p>A fragment.</p>", false},
		{"<div>", false},
		{"<html5 is a word>", false},
		{"<htmlx>", false},
		{"<headline>Putin thanks Trump</headline>", false},
		{"<bodyguard>", false},
		{"<!DOCTYPE htmlx>", false},
		{"<?xml version=\"1.0\"?><rss version=\"2.0\">", false},
		{"<?xml version=\"1.0\"", false},                 // the declaration never ends
		{"<!-- a comment that never ends <html>", false}, // in the bytes sniffed
		{"<?php echo '<html>'; ?>", false},
		{"\xFF\xFE<\x00h\x00t\x00m\x00l\x00>\x00", false}, // UTF-16: read as text
	} {
		if got := htmlPage([]byte(c.head)); got != c.want {
			t.Errorf("htmlPage(%q) = %v, want %v", c.head, got, c.want)
		}
	}
}

// FuzzHTMLPage: htmlPage never panics, and ASCII case does not change its
// answer.
func FuzzHTMLPage(f *testing.F) {
	for _, s := range []string{"<!DOCTYPE html>", "<?xml version=\"1.0\"?><html>", "<!-- x --><head>", "<p>", "<!--->", "<?xml?>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got := htmlPage(b)
		ascii := true
		for _, c := range b {
			ascii = ascii && c < 0x80
		}
		if ascii && htmlPage(bytes.ToUpper(b)) != got {
			t.Errorf("htmlPage(%q) = %v, upper case differs", b, got)
		}
	})
}

// FuzzContentKind: contentKind never panics, names one of its kinds, and
// a file it takes for one kind opens as that kind does (its test of the
// kind holds).
func FuzzContentKind(f *testing.F) {
	for _, s := range []string{"From: a@b\nSubject: s\n\nx", "From a\nFrom: a@b\nDate: d\n\n", "<!DOCTYPE html>", "Format: x\n\n", "From: a\n\tfolded\nTo: b\n", "id;text\n1;x\n", "sep=|\nID|Text\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		opens := map[string]func([]byte) bool{"html": htmlPage, "feed": feedRoot, "newsml": wireRoot, "anpa": anpaHead,
			"nexis": nexisHead, "warc": warcHead, "arc": arcHead}
		switch k := contentKind(b); k {
		case "":
		case "html", "feed", "newsml", "anpa", "nexis", "warc", "arc":
			if !opens[k](b) {
				t.Fatalf("%q: kind %q, but it does not open as one", b, k)
			}
		case "mail":
			if !messageHead(b) {
				t.Fatalf("%q: mail, but no message's header", b)
			}
		case "mbox":
			if !bytes.HasPrefix(b, []byte("From ")) {
				t.Fatalf("%q: an mbox that does not start with a From line", b)
			}
		case "csv":
			if _, _, ok := separator(utf8Head(b), ','); !ok {
				t.Fatalf("%q: a table whose header names no id and text", b)
			}
		default:
			t.Fatalf("%q: kind %q", b, k)
		}
	})
}

// TestProse: prose, Debian's notes and changelogs, a French text in
// Latin-1, is prose; programs, style sheets, markup, data and base64 are
// not. The code samples are short, but as dense in symbols as
// /usr/share/doc's C and Perl examples and style sheets.
func TestProse(t *testing.T) {
	for _, c := range []struct {
		name, head string
		want       bool
	}{
		{"README.Debian", "Notes for Debian\n================\n\nThe daemon reads /etc/default/foo at start; restart it after a change.\n\n -- A Maintainer <a@example.org>, Mon, 1 Jan 2024\n", true},
		{"changelog.Debian", "tzdata (2024a-1) unstable; urgency=medium\n\n  * New upstream release.\n  * Drop a patch applied upstream (Closes: #1234567).\n\n -- A Maintainer <a@example.org>  Fri, 02 Feb 2024 10:00:00 +0100\n", true},
		{"Latin-1", "L'\xe9t\xe9 dernier, le pr\xe9sident a remerci\xe9 son homologue pour une information transmise par la CIA.", true},
		{"UTF-16", "\xFF\xFEP\x00u\x00t\x00i\x00n\x00 \x00t\x00h\x00a\x00n\x00k\x00e\x00d\x00 \x00T\x00r\x00u\x00m\x00p\x00.\x00", true},
		{"cut inside a letter", "Putin thanked Trump for the tip, the Kremlin said \xc3", true},
		{"two words", "Version 2", false},
		{"C", "int main(void) {\n\tint n = 0;\n\tfor (;;) { n++; if (n > 9) break; }\n\treturn n & 1;\n}\n", false},
		{"CSS", "body { margin: 0; padding: 0; }\n.nav { display: none; }\nh1 { font-size: 2em; }\n", false},
		{"shell", "#!/bin/sh\nset -e\nfor f in $@; do\n  [ -f \"$f\" ] && echo \"$f\" | wc -c\ndone\n", false},
		{"markup", "<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"M0 0\"/></svg>", false},
		{"JSON", "{\"id\": \"a\", \"text\": \"Putin thanked Trump.\"}", false},
		{"numbers", "2017-12-17 10:00:01 1234 5678\n2017-12-17 10:00:02 1235 5679\n2017-12-17 10:00:03 1236 5680\n", false},
		{"not UTF-8", "\x81\x82\x83\x84 \x85\x86\x87\x88 \x89\x8a\x8b\x8c text", false},
	} {
		if got := prose([]byte(c.head)); got != c.want {
			t.Errorf("%s: prose(%q) = %v, want %v", c.name, c.head, got, c.want)
		}
	}
}

// FuzzProse: prose never panics; a head that opens as markup does is
// never prose; ASCII case does not change the answer.
func FuzzProse(f *testing.F) {
	for _, s := range []string{"Putin thanked Trump.", "int x = 1;", "\xe9t\xe9 a b c", "\xFF\xFEa\x00", "<p>x</p>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got := prose(b)
		if prose(append([]byte("<"), b...)) {
			t.Errorf("prose(%q) is true", append([]byte("<"), b...))
		}
		ascii := true
		for _, c := range b {
			ascii = ascii && c < 0x80
		}
		if ascii && prose(bytes.ToUpper(b)) != got {
			t.Errorf("prose(%q) = %v, upper case differs", b, got)
		}
	})
}
