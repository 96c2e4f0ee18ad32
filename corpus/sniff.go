package corpus

import (
	"bytes"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Files by their content.
//
// A file whose name says nothing this package reads, and a text, are
// read by their first bytes (contentKind) if these show an HTML page, an
// mbox or a message (mail.go), or a table (table.go); else as their name
// says.
//
// A page saved by a crawler or a browser does not always say it is one in
// its name: wget keeps a URL's last segment ("putin-thanks-trump",
// "story.php?id=17") unless told to add ".html", content systems serve
// .shtml, .asp and .jsp pages, and a page's source is saved as .txt. Read
// as text, such a page's markup would be its words: tags and scripts
// shared by every page of a site, its article a small part of its text.
//
// htmlPage reads a file's first bytes as the WHATWG MIME sniffing
// standard reads a resource's for text/html (section 7.1, "identifying a
// resource with an unknown MIME type"), more strictly: after a UTF-8 byte
// order mark, white space, an XML declaration and comments (a browser's
// "saved from url" mark), the page must open with a document type of
// html or an <html>, <head> or <body> tag. A fragment (a <p> or <div>
// first) or an XML document of another kind (an RSS feed) is not a page.

// sniffLen is how many of a file's first bytes contentKind reads: an HTML
// page's XML declaration and comments must end within them, and a
// message's From field must be among them, after a delivered message's
// Received, DKIM and ARC fields, which take 10 to 20 KB.
const sniffLen = 64 << 10

// htmlPage reports whether b, the first bytes of a file (sniffLen or all
// of it), begin an HTML page.
func htmlPage(b []byte) bool {
	b = pastProlog(b, "<?xml")
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body"} {
		if hasFold(b, tag) && (len(b) == len(tag) || tagEnds(b[len(tag)])) {
			return true
		}
	}
	return false
}

// pastProlog returns b past a UTF-8 byte order mark, white space, and
// the comments and processing instructions that start with pi ("<?xml",
// the XML declaration, or "<?", any) before a document's first element;
// nil if one of these does not end within b.
func pastProlog(b []byte, pi string) []byte {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	for {
		b = bytes.TrimLeft(b, " \t\r\n\f")
		switch {
		case hasFold(b, pi):
			end := bytes.Index(b, []byte("?>"))
			if end < 0 {
				return nil
			}
			b = b[end+2:]
		case hasFold(b, "<!--"):
			end := bytes.Index(b[4:], []byte("-->"))
			if end < 0 {
				return nil
			}
			b = b[4+end+3:]
		default:
			return b
		}
	}
}

// hasFold reports whether b begins with the ASCII string s, in any case.
func hasFold(b []byte, s string) bool {
	return len(b) >= len(s) && bytes.EqualFold(b[:len(s)], []byte(s))
}

// tagEnds reports whether c may follow a tag's name: space, ">" or "/".
func tagEnds(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '>' || c == '/'
}

// contentKind is how a file whose first bytes are head is read by its
// content: "html" (an HTML page), "feed" (an RSS or Atom feed: feed.go),
// "newsml" (a NITF or NewsML story: wire.go), "warc" (a web archive:
// warc.go), "mbox", "mail" (a message: mail.go),
// "csv" (a table whose header row names the columns id and text, with
// any separator: table.go), or "" (by its name).
func contentKind(head []byte) string {
	switch {
	case htmlPage(head):
		return "html"
	case feedRoot(head):
		return "feed"
	case wireRoot(head):
		return "newsml"
	case anpaHead(head):
		return "anpa"
	case nexisHead(head):
		return "nexis"
	case warcHead(head):
		return "warc"
	case arcHead(head):
		return "arc"
	case mboxHead(head):
		return "mbox"
	case messageHead(head):
		return "mail"
	}
	if _, _, ok := separator(utf8Head(head), ','); ok {
		return "csv" // comma-, semicolon-, tab- or bar-separated: table finds which
	}
	return ""
}

// utf8Head is head, a file's first bytes, decoded from UTF-16 if it
// starts with a byte order mark (Excel's "Unicode text", a TSV saved as
// .txt), past a UTF-8 one.
func utf8Head(head []byte) []byte {
	if len(head) >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		out, _ := io.ReadAll(fromUTF16(bytes.NewReader(head)))
		return out
	}
	return bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
}

// readAs are the notes of a file that contentKind finds to be other
// than its name says.
var readAs = map[string]string{
	"html":   "read as HTML: the file is an HTML page, whatever its name says",
	"mbox":   "read as an mbox: the file is one, whatever its name says",
	"mail":   "read as e-mail: the file is a message, whatever its name says",
	"csv":    "read as a table: its first line names the columns id and text, whatever its name says",
	"feed":   "read as a feed: the file is an RSS or Atom feed, whatever its name says",
	"newsml": "read as a news agency's story: the file is NITF or NewsML, whatever its name says",
	"warc":   "read as a web archive: the file is WARC, whatever its name says",
	"arc":    "read as a web archive: the file is ARC, whatever its name says",
}

// sniffKind is contentKind of the file name that open opens (unpacked as
// pack says: packed.go), or "text" if it is none of those kinds but prose
// and its name is not a program's, a data file's or a format's it does
// not read (notProse):
// README.Debian, changelog.Debian.gz, NEWS.old.
func sniffKind(open func() (io.ReadCloser, error), pack, name string) (kind, packed string) {
	kind, packed = sniffContent(open, pack)
	if kind == "prose" {
		kind = ""
		if notProse[strings.ToLower(ext(unpacked(name)))] == "" {
			kind = "text"
		}
	}
	return kind, packed
}

// sniffContent is contentKind of the file that open opens (unpacked as
// pack says), or "prose".
func sniffContent(open func() (io.ReadCloser, error), pack string) (kind, packed string) {
	f, err := open()
	if err != nil {
		return "", pack
	}
	defer f.Close()
	if pack == "" {
		// Compressed, whatever the name says (a crawler's output named by
		// its URL): what is inside is the kind.
		var magic [4]byte
		n, _ := io.ReadFull(f, magic[:])
		if p := packedBy(magic[:n]); p != "" {
			return sniffContent(open, p)
		}
		if f, err = open(); err != nil {
			return "", pack
		}
		defer f.Close()
	}
	return sniffUnpacked(f, open, pack), pack
}

// packedBy is the compression whose magic number head, a file's first
// bytes, starts with: "gzip", "zstd" or "".
func packedBy(head []byte) string {
	switch {
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		return "gzip"
	case zstdMagic(head):
		return "zstd"
	}
	return ""
}

// sniffUnpacked is contentKind of f, unpacked as pack says; open opens it
// again if need be.
func sniffUnpacked(f io.Reader, open func() (io.ReadCloser, error), pack string) string {
	if pack == "zstd" {
		var magic [4]byte
		if _, err := io.ReadFull(f, magic[:]); err == nil && le32(magic[:]) == warcDictMagic {
			return "warc" // only WARC starts with its dictionary
		}
		again, err := open()
		if err != nil {
			return ""
		}
		defer again.Close()
		f = again
	}
	in, done, err := unpack(f, pack)
	if err != nil {
		return ""
	}
	defer done()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(in, head)
	if head = head[:n]; binary(head) != "" {
		return "" // binary: an image, a PDF; the rest is not read (UTF-16 text is not binary)
	}
	if n == len(head) {
		more, _ := io.ReadAll(io.LimitReader(in, sniffLen-int64(n)))
		head = append(head, more...)
	}
	if k := contentKind(head); k != "" {
		return k
	}
	if prose(head) {
		return "prose"
	}
	return ""
}

// prose reports whether head, a file's first bytes (sniffLen or all of
// it, with no NUL byte), reads as text written for people rather than a
// program, markup or data: it does not open as markup or JSON does ("<",
// "{", "["); at least six in ten of its characters other than spaces are
// letters (a byte that is not UTF-8 counts as one, a letter of a legacy
// encoding most likely, but at most one byte in ten may be such); fewer
// than six in a hundred are the symbols code is written with (codeChars,
// a run of one counted once: a heading's rule of "=" is one);
// and it has three words or more. Measured on /usr/share/doc's files of
// names this package does not know, Debian's changelogs and READMEs have
// under two such symbols in a hundred, C and Perl programs, style sheets
// and shell scripts two to seventeen: the names in notProse keep those out
// whatever their content.
func prose(head []byte) bool {
	t := bytes.TrimLeft(utf8Head(head), " \t\r\n\f")
	if len(t) == 0 || t[0] == '<' || t[0] == '{' || t[0] == '[' {
		return false
	}
	nonSpace, letters, code, invalid, words := 0, 0, 0, 0, 0
	inWord, prev := false, rune(0)
	for len(t) > 0 {
		r, n := utf8.DecodeRune(t)
		if r == utf8.RuneError && n == 1 {
			if !utf8.FullRune(t) {
				break // cut off where the head ends
			}
			invalid++
			r = 'x'
		}
		t = t[n:]
		if unicode.IsSpace(r) {
			inWord, prev = false, 0
			continue
		}
		nonSpace++
		if unicode.IsLetter(r) {
			letters++
			if !inWord {
				words++
			}
			inWord, prev = true, r
			continue
		}
		inWord = false
		if r != prev && strings.ContainsRune(codeChars, r) {
			code++ // once for a run: a heading's rule of "=" is one
		}
		prev = r
	}
	return words >= 3 && letters*10 >= nonSpace*6 && code*100 < nonSpace*6 && invalid*10 <= nonSpace
}

// codeChars are the symbols that programs, style sheets and configuration
// are written with and prose seldom uses.
const codeChars = "{};=$\\|&^~`"
