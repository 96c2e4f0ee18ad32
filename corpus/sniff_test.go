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
// a file it takes for mail or an mbox starts as one does.
func FuzzContentKind(f *testing.F) {
	for _, s := range []string{"From: a@b\nSubject: s\n\nx", "From a\nFrom: a@b\nDate: d\n\n", "<!DOCTYPE html>", "Format: x\n\n", "From: a\n\tfolded\nTo: b\n", "id;text\n1;x\n", "sep=|\nID|Text\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		switch k := contentKind(b); k {
		case "", "html":
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
