package corpus

// Reading one file, or standard input, by its kind: its name's extension
// (kind), else its first bytes (sniff.go), then the reader of that kind
// (readKind): a text or an HTML page here, JSON records in record.go,
// tables in table.go, e-mail in mail.go, feeds in feed.go, news agencies'
// stories in wire.go, web archives in warc.go.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/copydesk/copydesk/repair"
)

// reader reads files and streams, delivering documents and skips.
type reader struct {
	doc    func(Doc) error
	skip   func(Skip) error
	read   func(int)  // nil, or told of every file byte read
	note   string     // a note for every document of the file being read
	forced string     // the encoding every file is read in (Options.Encoding), or ""
	jobs   *jobs      // the workers that read what takes the time (read_parallel.go); nil: none
	max    int64      // Options.MaxBytes, within its limits (0: DefaultMaxBytes)
	dates  tableDates // how the table being read gives its dates of numbers
	// waits says that the input being read may wait on whatever writes
	// it (standard input from a pipe): what is read is delivered before
	// a read that may wait (jsonLines).
	waits bool
	// root is the folder being walked, if one is: a file's id is its
	// place under it (folderID).
	root string
	// once holds the files read so far, when more than one path is
	// read: a file named and in a folder named too, or a folder named
	// twice, is read the first time only. nil: one path.
	once onceSet
}

// onceSet is a set of files (onceKey); nil holds none and takes none, for
// a single path, where no file can come twice.
type onceSet map[string]bool

// first reports whether the file at path is not in the set yet, and adds
// it; always true for a nil set.
func (s onceSet) first(path string) bool {
	if s == nil {
		return true
	}
	k := onceKey(path)
	if s[k] {
		return false
	}
	s[k] = true
	return true
}

// onceKey is the key of the file at path among those read: its absolute,
// cleaned path, so that "docs/ap/story.md", "./docs/ap/story.md" and the
// same file found walking "docs" are one. Two names of one file by a
// link stay two.
func onceKey(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

// notADocument is the reason a file of a name this package does not
// know, and of no kind it reads by its content, is skipped.
const notADocument = "not a document (no text, HTML, e-mail, JSON, CSV, TSV, .docx, .odt, .xlsx, .ods, WARC, ARC or feed file by its name, nor an HTML page, e-mail, table, feed, web archive, agency story or prose by its content)"

// readAgain is the reason a file read before is skipped.
const readAgain = "read already: the file was named twice, or is in a folder named too"

// limit is the most bytes a document, or a file read whole, may have.
func (r *reader) limit() int64 {
	if r.max <= 0 {
		return DefaultMaxBytes
	}
	return r.max
}

// tooLarge is the reason a document or file of more than limit bytes is
// skipped.
func tooLarge(what string, limit int64) string {
	return fmt.Sprintf("too large: %s has more than the %s a document may have (Options.MaxBytes)", what, sizeName(limit))
}

// sizeName writes n bytes in MiB, KiB or bytes, whichever is whole.
func sizeName(n int64) string {
	switch {
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// readLine reads a line of br, its "\n" included, keeping at most limit
// bytes of it: long says it had more, read and dropped.
func readLine(br *bufio.Reader, limit int64) (line []byte, long bool, err error) {
	for {
		frag, err := br.ReadSlice('\n')
		switch {
		case long:
		case int64(len(line)+len(frag)) > limit:
			line, long = nil, true
		default:
			line = append(line, frag...)
		}
		if err != bufio.ErrBufferFull {
			return line, long, err
		}
	}
}

// readWhole reads in whole, if it has at most limit bytes; ok is false
// if it has more (the rest not read).
func readWhole(in io.Reader, limit int64) (raw []byte, ok bool, err error) {
	raw, err = io.ReadAll(io.LimitReader(in, limit+1))
	if int64(len(raw)) > limit {
		return nil, false, err
	}
	return raw, true, err
}

// deliver delivers a document of the file being read, with its note.
func (r *reader) deliver(d Doc) error {
	d.Note = joinNote(d.Note, r.note)
	return r.doc(d)
}

// escapeBytes writes the bytes of s that are not UTF-8 as \xNN.
func escapeBytes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			fmt.Fprintf(&b, `\x%02x`, s[i])
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// kind is how a file is read, from its name: "text", "html", "jsonl", or
// "" for none. A name with no extension (a mail spool, a Usenet archive,
// a numbered article, a licence named by its version) is text: read as
// such unless it is binary.
func kind(name string) string {
	switch strings.ToLower(ext(name)) {
	case ".txt", ".md", ".markdown", ".text", ".rst", "":
		return "text"
	case ".html", ".htm", ".xhtml", ".xht", ".shtml":
		return "html"
	case ".eml", ".mht", ".mhtml":
		return "mail"
	case ".docx":
		return "docx"
	case ".odt":
		return "odt"
	case ".xlsx", ".xlsm":
		return "xlsx"
	case ".ods":
		return "ods"
	case ".mbox":
		return "mbox"
	case ".warc":
		return "warc"
	case ".arc":
		return "arc"
	case ".csv":
		return "csv"
	case ".tsv", ".tab":
		return "tsv"
	case ".rss", ".atom":
		return "feed"
	case ".jsonl", ".ndjson":
		return "jsonl"
	case ".json":
		return "json"
	}
	return ""
}

// notProse are extensions (lower case) of files that are not read as
// prose whatever their content, each with what it is: a file of a name
// this package does not know is read as text if it is prose (sniffKind),
// unless its extension is one of these. A file named by the caller is
// read as text whatever its name.
var notProse = map[string]string{}

func init() {
	for what, exts := range map[string]string{
		"a program, style sheet, configuration, key or data": `c h cc cpp cxx hpp hh m mm go rs py pyi pl pm t rb php js mjs cjs ts tsx jsx
		java kt scala swift cs fs vb lua r jl hs ml ex exs erl clj lisp el scm sql s asm
		sh bash zsh fish csh tcsh ksh awk sed bat cmd ps1 mk cmake make in am ac m4 cocci b
		css scss sass less map xml xsl xslt xsd dtd svg rdf wsdl plist
		yaml yml toml ini cfg conf config properties env service socket timer target mount rules desktop
		pem crt cer key csr asc gpg sig sum mod lock patch diff po pot log
		tex sty cls bib texi texinfo dot gv proto graphql ipynb ics vcf sha1 sha256 sha512 md5`,
		"a format this does not read (convert it to text, HTML or .docx first)": `pdf ps eps rtf doc xls ppt pptx odp epub mobi djvu`,
	} {
		for _, e := range strings.Fields(exts) {
			notProse["."+e] = what
		}
	}
}

// ext is the extension of a file name, as filepath.Ext, but none where
// what follows the last dot is digits alone, or digits with dashes or
// underscores: the end of a version, a number or a day ("Apache-2.0",
// "LGPL-2.1", "article.17", "story.2017-12-17"), not a kind of file.
func ext(name string) string {
	e := filepath.Ext(name)
	if len(e) > 1 && strings.Trim(e[1:], "0123456789") != e[1:] && strings.Trim(e[1:], "0123456789-_") == "" {
		return ""
	}
	return e
}

// file reads one file; explicit means it was named by the caller, and is
// read as text if its name says nothing else.
func (r *reader) file(path string, explicit bool) error {
	if !r.once.first(path) {
		return r.skip(Skip{Path: escapeBytes(path), Reason: readAgain, Hidden: true})
	}
	return r.named(path, explicit, func() (io.ReadCloser, error) { return os.Open(path) })
}

// named reads one file, opened by open, as its name (path) says: its
// extension, ".gz" and ".zst" unpacked (packed.go); a name that says nothing this package reads
// is read by its content, if that shows a kind (sniffKind), unless the
// file was named by the caller (explicit), which is read as text. A name
// that is not UTF-8 is escaped in the documents' paths.
func (r *reader) named(path string, explicit bool, open func() (io.ReadCloser, error)) error {
	raw := path
	var note string
	if !utf8.ValidString(path) {
		// A name in a legacy encoding: JSON and terminals would turn its
		// bytes into U+FFFD; escaped, it can be typed back.
		path = escapeBytes(path)
		note = `file name is not UTF-8: its other bytes are written as \xNN`
	}
	r.note = note
	defer func() { r.note = "" }()
	dir := r.folderOf(raw)
	name := filepath.Base(path)
	pack := packing(name)
	name = unpacked(name)
	id := strings.TrimSuffix(name, ext(name))
	if id == "" {
		id = name // ".txt": an extension alone
	}
	k := kind(name)
	if k == "" && !explicit {
		// A name that says nothing this package reads: only an HTML page
		// or mail is, and its extension stays in its id
		// ("story.php?id=17", a maildir's "1513540860.M1P2.host:2,S").
		if k, pack = sniffKind(open, pack, name); k == "" {
			if e := strings.ToLower(ext(name)); notProse[e] != "" {
				return r.skip(Skip{ID: folderID(dir, id), Path: path, Reason: "not a document: a " + e + " file is " + notProse[e] + ", by its name"})
			}
			return r.skip(Skip{ID: folderID(dir, id), Path: path, Reason: notADocument})
		}
		id = name
	}
	id = folderID(dir, id)
	if k == "" {
		k = "text"
	}
	f, err := open()
	if err != nil {
		return r.skip(Skip{ID: id, Path: path, Reason: "unreadable: " + unwrapPathError(err)})
	}
	defer f.Close()
	in := counted(f, r.read)
	if k == "text" {
		// A text by its name, or named by the caller: compressed all the
		// same, it is what is inside; a .warc.zst's records need the
		// dictionary it starts with, which only its reader takes.
		br := bufio.NewReader(in)
		head, _ := br.Peek(4)
		if pack == "" {
			if pack = packedBy(head); pack != "" {
				r.note = joinNote(r.note, "unpacked: the file is "+packName(pack)+"-compressed, whatever its name says")
			}
		}
		if pack == "zstd" && len(head) == 4 && le32(head) == warcDictMagic {
			k = "warc"
		}
		in = br
	}
	switch k {
	case "warc":
		return r.warc(id, path, in, pack) // a .warc.gz member by member, a .warc.zst frame by frame
	case "arc":
		return r.arc(id, path, in, pack)
	}
	in, done, err := unpack(in, pack)
	if err != nil {
		return r.skip(Skip{ID: id, Path: path, Reason: "not " + packName(pack) + " data: " + err.Error()})
	}
	defer done()
	return r.readKind(k, id, path, ext(name) != "", in)
}

// folderOf returns the folder a file at path is in, under the folder
// being walked (root), with forward slashes and any bytes that are not
// UTF-8 escaped; "" for a file at its top, or not in a walk.
func (r *reader) folderOf(path string) string {
	if r.root == "" {
		return ""
	}
	rel, err := filepath.Rel(r.root, filepath.Dir(path))
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return ""
	}
	rel = filepath.ToSlash(rel)
	if !utf8.ValidString(rel) {
		rel = escapeBytes(rel)
	}
	return rel
}

// folderID is the id of a file whose name gives id, in folder dir under
// the folder walked (folderOf): the folder's path and the id, so that a
// site saved as folders (2017/12/17/putin-thanks-trump/index.html, as a
// crawler mirrors it) gives each page its own id, not "index~512"; a
// folder's index page (index, default) is the folder's own id.
func folderID(dir, id string) string {
	switch {
	case dir == "":
		return id
	case strings.EqualFold(id, "index") || strings.EqualFold(id, "default"):
		return dir
	}
	return dir + "/" + id
}

// readKind reads in, the content of the file at path, as kind k says: a
// text, its first bytes looked at (contentKind), may be HTML, an mbox
// (streamed), a message or a table, with a note if its name has an
// extension that says otherwise (named).
func (r *reader) readKind(k, id, path string, named bool, in io.Reader) error {
	switch k {
	case "jsonl":
		return r.jsonLines(path, in)
	case "json":
		return r.jsonFile(path, in)
	case "csv":
		return r.table(path, in, ',')
	case "tsv":
		return r.table(path, in, '\t')
	case "mbox":
		return r.mbox(path, id, in)
	}
	if k == "text" {
		// A spool (/var/mail/user) is streamed, not read whole: only a
		// text that starts as one has its first 64 KB looked at first.
		first := make([]byte, 11)
		n, _ := io.ReadFull(in, first)
		in = io.MultiReader(bytes.NewReader(first[:n]), in)
		if warcHead(first[:n]) {
			if named {
				r.note = joinNote(r.note, readAs["warc"])
			}
			return r.warc(id, path, in, "")
		}
		if arcHead(first[:n]) {
			if named {
				r.note = joinNote(r.note, readAs["arc"])
			}
			return r.arc(id, path, in, "")
		}
		if bytes.HasPrefix(first[:n], []byte("From ")) {
			br := bufio.NewReaderSize(in, sniffLen)
			if head, _ := br.Peek(sniffLen); mboxHead(head) {
				if named {
					r.note = joinNote(r.note, readAs["mbox"])
				}
				return r.mbox(path, id, br)
			}
			in = br
		}
	}
	raw, ok, err := readWhole(in, r.limit())
	switch {
	case err != nil:
		return r.skip(Skip{ID: id, Path: path, Reason: "unreadable: " + unwrapPathError(err)})
	case !ok:
		return r.skip(Skip{ID: id, Path: path, Reason: tooLarge("the file", r.limit())})
	}
	if k == "text" {
		if c := contentKind(raw[:min(len(raw), sniffLen)]); c != "" {
			if named {
				r.note = joinNote(r.note, readAs[c])
			}
			if k = c; k == "csv" { // an mbox is streamed above
				return r.table(path, bytes.NewReader(raw), ',')
			}
		}
	}
	if k == "feed" {
		return r.feed(id, path, raw) // its items' HTML read as jobs (feedItem)
	}
	return r.run(len(raw), func(r *reader) error { return r.whole(k, id, path, raw) })
}

// whole reads raw, a file of kind k read whole, as that kind (a feed is
// read on the reader's goroutine, its items as jobs: readKind).
func (r *reader) whole(k, id, path string, raw []byte) error {
	switch k {
	case "mail":
		return r.message(id, path, raw)
	case "newsml":
		return r.wire(id, path, raw)
	case "anpa":
		return r.anpa(id, path, raw)
	case "nexis":
		return r.nexis(id, path, raw)
	case "docx", "odt":
		return r.office(k, id, path, raw)
	case "xlsx", "ods":
		return r.spreadsheet(k, id, path, raw)
	}
	return r.single(k, id, path, raw)
}

// stream reads standard input, guessing its format from its first bytes:
// gzip and Zstandard are unpacked and UTF-16 decoded first (a .warc.zst
// with a dictionary is read as one); then "{" is JSON Lines (or
// JSON records over several lines, a JSON Feed among them, if "{" is
// alone on the first line: prettyObject), "[" a JSON array of records, "<" HTML (a
// feed if an <rss>, <feed> or <rdf:RDF> is its first element), and
// anything else a text, whose first bytes may show it to be e-mail or a
// table (contentKind).
func (r *reader) stream(id, path string, in io.Reader) error {
	br := bufio.NewReaderSize(in, 64<<10)
	head, _ := br.Peek(4)
	pack := ""
	switch {
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		pack = "gzip"
	case len(head) == 4 && le32(head) == warcDictMagic:
		return r.warc(id, path, br, "zstd") // its records need the dictionary it starts with
	case zstdMagic(head):
		pack = "zstd"
	}
	if pack != "" {
		zr, done, err := unpack(br, pack)
		if err != nil {
			return r.skip(Skip{ID: id, Path: path, Reason: "not " + packName(pack) + " data: " + err.Error()})
		}
		defer done()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	br = unmarked(br)
	k := "text"
	for {
		c, err := br.Peek(1)
		if err != nil {
			break
		}
		if c[0] == ' ' || c[0] == '\t' || c[0] == '\n' || c[0] == '\r' {
			br.ReadByte()
			continue
		}
		if bytes.HasPrefix(c, []byte{0xEF}) {
			if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
				br.Discard(3)
				continue
			}
		}
		switch c[0] {
		case '{':
			k = "jsonl"
			if prettyObject(firstLine(br)) {
				k = "json" // an object over several lines: a JSON Feed, a record printed pretty
			}
		case '[':
			k = "json"
		case '<':
			k = "html"
			switch head, _ := br.Peek(sniffLen); {
			case feedRoot(head):
				k = "feed"
			case wireRoot(head):
				k = "newsml"
			}
		}
		break
	}
	return r.readKind(k, id, path, false, br)
}

// prettyObject reports whether line, the first of a stream, opens a JSON
// object printed over several lines, as pretty printers print one (jq,
// json.dumps with an indent, JSON.stringify with a space): "{" alone. A
// JSON Lines file's first line is a record whole (or a malformed one,
// after which its lines are still read as such).
func prettyObject(line []byte) bool {
	return string(bytes.TrimSpace(line)) == "{"
}

// firstLine returns the first line of br without taking it, waiting for
// no more input than it needs: a JSON Lines stream's first record is
// delivered before the second is written. A line longer than br's buffer
// is returned cut.
func firstLine(br *bufio.Reader) []byte {
	for {
		head, _ := br.Peek(br.Buffered())
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			return head[:i]
		}
		if br.Buffered() == br.Size() {
			return head
		}
		if _, err := br.Peek(br.Buffered() + 1); err != nil {
			head, _ = br.Peek(br.Buffered())
			return head
		}
	}
}

// single delivers one text or HTML document.
func (r *reader) single(k, id, path string, raw []byte) error {
	d := Doc{ID: id, Path: path, plain: k == "text"}
	var text []byte
	if reason := binary(raw); reason != "" {
		return r.skip(Skip{ID: id, Path: path, Reason: reason})
	}
	var declared func([]byte) string
	if k == "html" {
		declared = declaredCharset
	}
	dec := decode(raw, r.forced, declared)
	text, d.Encoding = dec.text, dec.encoding
	if dec.note != "" {
		d.Note = joinNote(d.Note, dec.note)
	}
	if k == "html" {
		page := ExtractHTML(text)
		if page.LinkPage() {
			return r.skip(Skip{ID: id, Path: path, Reason: page.linksReason(), Hidden: true})
		}
		text, d.Title, d.Outlet, d.URL = page.Text, page.Title, page.Outlet, page.URL
		d.Published, d.DateOnly = page.Published, page.DateOnly
		d.Note = joinNote(d.Note, page.Note)
	}
	return r.text(d, text)
}

// text delivers d with its text, decoded, repaired, unless it has none.
func (r *reader) text(d Doc, text []byte) error {
	if int64(len(text)) > r.limit() {
		return r.skip(Skip{ID: d.ID, Path: d.Path, Reason: tooLarge("its text", r.limit())})
	}
	if reason := unusable(text); reason != "" {
		return r.skip(Skip{ID: d.ID, Path: d.Path, Reason: reason})
	}
	d.Text, d.Repairs = repair.Text(nil, text)
	d.Note = joinNote(d.Note, suspectsNote(d.Text))
	return r.deliver(d)
}
