// Package corpus reads the documents of a corpus: folders walked
// recursively in lexical order, single files, JSON Lines, gzip-compressed
// files of any of these, and standard input.
//
// # Formats, by file name
//
//   - .txt, .md, .markdown, .text, .rst, and a name with no extension (a
//     mail spool, a Usenet archive, a numbered article file; digits after
//     the last dot, with dashes or underscores between them, are a version
//     or a day, "Apache-2.0", "story.2017-12-17", not an extension): one
//     document, unless it is binary or an HTML page; its id is the file name without the extension (".txt"
//     alone is its own id), under the folder it is in when a folder is
//     walked ("ap/2017-12-17-putin"; a folder's index page, index.html
//     or default.htm, is the folder's: "2017/12/17/putin-thanks-trump"),
//     its title its first line when that looks like
//     a headline (headline.go). A file name that is not UTF-8 keeps its other
//     bytes as \xNN in the id and path, with a note.
//   - .html, .htm, .xhtml, .xht, .shtml, and any file that is an HTML page
//     by its content (sniff.go), whatever its name: one document, the
//     page's main text (html.go), with its title and date. A file whose
//     extension is none of this list's is read only if it is such a page,
//     and keeps its extension in its id ("story.php?id=17"); a .txt file
//     read as a page has a note saying so.
//   - .docx, .odt: a word processor's document, its body's paragraphs a
//     line each, its title the document's own or its headline
//     (office.go).
//   - .mht, .mhtml: a web page saved as one file (MHTML), the page inside
//     with its own title, site, address and date (mail.go).
//   - .warc, .warc.gz, .warc.zst, .arc, .arc.gz, and any file that is WARC
//     or ARC by its content (arc.go): a web
//     archive, each page a crawler fetched one document, its id the
//     address, its place path@offset (the record's, its gzip member's);
//     redirects, errors and what holds no page skipped (warc.go).
//   - .eml, and any file that is a message by its content (a maildir's,
//     an MH folder's, a Usenet article): one document, the message's text
//     without its header, its Subject the title, its Date the time, its
//     From address the outlet (mail.go). .mbox, and any file that is one
//     by its content (/var/mail/user): one document a message, the nth
//     with the file's id and "#n", its place path:line. A file whose
//     extension is unknown is read only if it is an HTML page, mail, a
//     table or a feed.
//   - .rss, .atom, and any file that is a feed by its content (feed.xml):
//     RSS 2.0, RSS 1.0 or Atom, one document an item at path:line, its
//     id its guid (else its link, else the file's id and "#n"), its text
//     the item's content; an item read before, with the same text, is
//     skipped (feed.go).
//   - Any file that is NITF or NewsML (G2 or 1) by its content: a news agency's
//     stories, one document each, with their headlines, agencies, times
//     and ids (wire.go); or ANPA 1312 wire copy, each message one
//     (anpa.go).
//   - A LexisNexis text download by its content, and a Nexis Uni
//     download (.docx): each article one document, with its newspaper,
//     date and headline (nexis.go).
//   - .jsonl, .ndjson: one document per line, a JSON object with "id" (a
//     string or a number) and "text" required, and "outlet", "published"
//     (RFC 3339, a date such as 2017-12-17, or Unix seconds or
//     milliseconds), "title" and "url" optional (record.go).
//   - .json: records, as a JSON array or one after another (JSON Lines,
//     or objects over several lines); a record's place is path#n. An
//     object that is a JSON Feed is its items, read as a feed's (feed.go).
//   - .csv, .tsv (.tab), and a text whose first line names the columns id
//     and text: records, a row each, under a header row that names the
//     columns as a record's fields; a row's place is path:line (table.go).
//   - .xlsx (.xlsm), .ods: a workbook's sheets whose first row names the
//     columns id and text, read as a table's rows, each cell's value as
//     stored (a date as a date); a row's place is path#sheet:row
//     (sheet.go).
//   - JSON Lines and .json files in UTF-16 with a byte order mark (as
//     Windows PowerShell writes them) are read as such.
//   - name.gz, name.zst: name, compressed with gzip or Zstandard (packed.go).
//   - "-": standard input, unpacked if gzip and decoded if UTF-16, then
//     JSON Lines if it starts with "{" (JSON records over several lines,
//     a JSON Feed among them, if "{" is alone on the first line, as
//     pretty printers write), a JSON array of records if "[",
//     HTML if "<" (a feed if an <rss>, <feed> or <rdf:RDF> root), e-mail
//     if a message's header or an mbox's "From " line, a table if its
//     first line names the columns id and text, else one text document
//     with the id "stdin".
//
// Inside folders other files are skipped and listed, and so are hidden
// files and folders (a name that starts with a dot: .DS_Store, .git),
// which Strict passes over; a file named on the command line is read as
// text whatever its name, or as HTML if it is a page.
//
// # Decoding and repair
//
// Bytes are decoded (Decode: UTF-8 with or without a byte order mark,
// UTF-16 with one, Windows-1252 for anything else; CRLF and CR become LF)
// and mojibake is repaired (package repair); each Doc records what repair
// changed.
//
// # Nothing is lost
//
// Every input is either delivered as a Doc or reported as a Skip with its
// reason: a file of another kind, unreadable, binary, empty or white space
// only, a malformed JSON line (the Skip names the file and line, and the
// lines after it are still read), a record missing its id or text, a JSON
// Lines file with no record, one cut short (the line it ends in), a
// document that is only page chrome (chrome.go), and in folders anything
// but a regular file or a link to one (a device such as /dev/zero, which
// never ends, or a named pipe, which may never open). Two documents with the
// same id are both delivered: the later ones get the suffix "~2", "~3", ...
// and a Note saying so; a record whose "published" cannot be read is
// delivered with the time unknown and a Note saying so. Reading goes on past every
// bad input; the caller decides whether a Skip is fatal.
//
// # On several cores
//
// What takes the time once a file's bytes are read runs on
// Options.Workers goroutines, and documents and skips are delivered in
// input order all the same (read_parallel.go).
package corpus

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/repair"
)

// Doc is one document.
type Doc struct {
	ID        string
	Path      string    // the file, with ":line" for a JSON Lines record
	Outlet    string    // who published it; "" when unknown
	Title     string    // "" when unknown
	URL       string    // "" when unknown
	Published time.Time // zero when unknown
	// DateOnly says Published gives only a day (midnight UTC): the
	// document appeared some time within that day.
	DateOnly bool
	Text     []byte       // as analysed: decoded and repaired
	Encoding string       // what the bytes were read as (Decode)
	Repairs  []repair.Fix // what repair changed; offsets index Text
	Note     string       // anything the reader changed, such as a renamed duplicate id
	// Boilerplate is the page chrome in Text (chrome.go), sorted: lines
	// analysis leaves out of matching and of the original text.
	Boilerplate []Range
	// plain says the document is a plain text file, whose title is its
	// first line when that looks like a headline (headline.go).
	plain bool
	// seen is the key of a feed's item or a web archive's page, which is
	// not delivered again with the same text (delivery); nil for other
	// documents, and once delivered (a pointer: every document analysed
	// is held while a corpus is scanned).
	seen *seen
}

// Skip is an input that was found but not delivered, and why.
type Skip struct {
	ID     string // may be empty when no id could be made
	Path   string
	Reason string
	// Hidden marks an input passed over by its nature, not a bad one:
	// a hidden file or folder in a folder walked (its name starts with a
	// dot: .DS_Store, .git), or a web archive's redirects, errors,
	// revisits and records that hold no page (warc.go). Listed, but no
	// reason for Strict to stop.
	Hidden bool
}

// Walk reads the documents under paths (see the package documentation) in
// order, calling doc for each document and skip for each input passed over,
// with standard input os.Stdin. It returns the first error doc or skip
// returns; a path that does not exist is a Skip, not an error.
func Walk(paths []string, doc func(Doc) error, skip func(Skip) error) error {
	return Open(paths, Options{})(doc, skip)
}

// walk is Walk reading stdin for "-", as opts say (but Stdin).
func walk(stdin io.Reader, paths []string, opts Options, doc func(Doc) error, skip func(Skip) error) error {
	dl := &delivery{doc: doc, skip: skip, ids: &IDs{}}
	if opts.SameIDs {
		dl.ids = nil
	}
	r := reader{read: opts.Read, forced: opts.Encoding, max: opts.maxBytes()}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers == 1 {
		r.doc = func(d Doc) error { return dl.arrive(prepare(d)) }
		r.skip = func(s Skip) error { return dl.arrive(output{skip: &s}) }
		return r.paths(counted(stdin, r.read), paths)
	}
	j := newJobs(workers, dl.arrive)
	r.jobs = j
	r.doc = func(d Doc) error { return j.ready(prepare(d)) }
	r.skip = func(s Skip) error { return j.ready(output{skip: &s}) }
	if r.read != nil { // told as what was read is delivered (jobs.flush)
		j.read, r.read = r.read, func(n int) { j.unread += n }
	}
	err := r.paths(counted(stdin, r.read), paths)
	if cerr := j.close(); err == nil {
		err = cerr
	}
	return err
}

// paths reads the files and folders of paths, "-" from stdin.
func (r *reader) paths(stdin io.Reader, paths []string) error {
	if len(paths) > 1 {
		r.once = onceSet{}
	}
	for _, root := range paths {
		if root == "-" {
			r.waits = mayWait(stdin)
			err := r.stream("stdin", "-", stdin)
			r.waits = false
			if err != nil {
				return err
			}
			continue
		}
		info, err := os.Stat(root)
		if err != nil {
			if err := r.skip(Skip{Path: root, Reason: "cannot open: " + unwrapPathError(err)}); err != nil {
				return err
			}
			continue
		}
		if !info.IsDir() {
			if err := r.file(root, true); err != nil {
				return err
			}
			continue
		}
		entries, err := folderEntries(root)
		if err != nil {
			return err
		}
		r.root = root // the folder the ids are under (folderID), for its files only
		for _, e := range entries {
			var err error
			if e.skip != nil {
				err = r.skip(*e.skip)
			} else {
				err = r.file(e.path, false)
			}
			if err != nil {
				return err
			}
		}
		r.root = ""
	}
	return nil
}

// ReadFile returns the Source of the documents of one file, named name,
// which open opens: for a file that is not on the local file system, such
// as a distributed run's in an object store. It is read as Walk reads a
// file named on its command line: as its name says (a name with no
// extension or an unknown one is text, ".gz" is unpacked), in the encoding
// of Options.Encoding if set, within Options.MaxBytes. Documents keep the ids they have, as with
// Options.SameIDs; Options.Stdin and Options.Read are not used.
func ReadFile(name string, open func() (io.ReadCloser, error), opts Options) Source {
	return func(doc func(Doc) error, skip func(Skip) error) error {
		dl := &delivery{doc: doc, skip: skip}
		r := reader{forced: opts.Encoding, max: opts.maxBytes()}
		r.doc = func(d Doc) error { return dl.arrive(prepare(d)) }
		r.skip = func(s Skip) error { return dl.arrive(output{skip: &s}) }
		return r.named(name, true, open)
	}
}

// entry is a file to read, or an input to list as skipped.
type entry struct {
	path string
	skip *Skip
}

// folderEntries returns the files and skips under the folder root in walk
// order (lexical, folder by folder): listed first, read after, so that a
// slow file does not hold a folder open. Hidden files and folders, links
// to folders and anything but a regular file or a link to one are skips.
func folderEntries(root string) ([]entry, error) {
	var entries []entry
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		skipped := func(reason string, hidden bool) error {
			entries = append(entries, entry{skip: &Skip{Path: escapeBytes(path), Reason: reason, Hidden: hidden}})
			return nil
		}
		switch {
		case err != nil:
			return skipped("cannot read: "+unwrapPathError(err), false)
		case path != root && strings.HasPrefix(d.Name(), ".") && d.IsDir():
			skipped("hidden folder (its name starts with a dot), not read", true)
			return fs.SkipDir
		case path != root && strings.HasPrefix(d.Name(), "."):
			return skipped("hidden file (its name starts with a dot), not read", true)
		case d.IsDir():
		case d.Type().IsRegular():
			entries = append(entries, entry{path: path})
		case d.Type()&fs.ModeSymlink != 0:
			// Follow a link to a file; not one to a folder, which could
			// loop, nor to a device (/dev/zero never ends) or a named pipe
			// (which may never open).
			info, err := os.Stat(path)
			switch {
			case err != nil:
				return skipped("broken symbolic link: "+unwrapPathError(err), false)
			case info.IsDir():
				return skipped("symbolic link to a folder, not followed", false)
			case !info.Mode().IsRegular():
				return skipped("symbolic link to "+fileKind(info.Mode())+", not a regular file", false)
			}
			entries = append(entries, entry{path: path})
		default:
			return skipped(fileKind(d.Type())+", not a regular file", false)
		}
		return nil
	})
	return entries, err
}

// fileKind names the kind of file of a mode that is not a regular file.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// mayWait reports whether reading in may wait on whatever writes it (a
// pipe, a terminal, a socket): whether it is anything but a regular file.
func mayWait(in io.Reader) bool {
	f, ok := in.(*os.File)
	if !ok {
		return true
	}
	info, err := f.Stat()
	return err != nil || !info.Mode().IsRegular()
}

// Size returns the bytes of the files Walk would read under paths (see
// Walk), compressed sizes for .gz and .zst files; known is false when one of the
// paths is standard input, whose size cannot be known in advance. It is a
// progress meter's total for Options.Read; files it cannot stat count as
// empty.
func Size(paths ...string) (size int64, known bool) {
	known = true
	var once onceSet // the files counted, as the reader reads each once
	if len(paths) > 1 {
		once = onceSet{}
	}
	for _, root := range paths {
		if root == "-" {
			known = false
			continue
		}
		info, err := os.Stat(root)
		if err != nil {
			continue
		}
		if !info.IsDir() {
			if once.first(root) {
				size += info.Size()
			}
			continue
		}
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			switch {
			case err != nil || d == nil:
				return nil
			case path != root && strings.HasPrefix(d.Name(), ".") && d.IsDir():
				return fs.SkipDir // hidden: not read
			case d.IsDir() || strings.HasPrefix(d.Name(), "."):
				return nil
			}
			name := unpacked(d.Name())
			if kind(name) == "" {
				if k, _ := sniffKind(func() (io.ReadCloser, error) { return os.Open(path) }, packing(d.Name()), d.Name()); k == "" {
					return nil
				}
			}
			if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() && once.first(path) {
				size += info.Size()
			}
			return nil
		})
	}
	return size, known
}

// suspectsNote says how many sequences of text still look like mojibake
// (repair.Suspects), or "".
func suspectsNote(text []byte) string {
	switch n := repair.Suspects(text); n {
	case 0:
		return ""
	case 1:
		return "1 sequence looks like mojibake and could not be repaired"
	default:
		return fmt.Sprintf("%d sequences look like mojibake and could not be repaired", n)
	}
}

// joinNote joins two notes with "; ", either of which may be empty.
func joinNote(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + "; " + b
}

// binary returns why raw bytes are not text, or "": NUL bytes outside
// UTF-16.
func binary(raw []byte) string {
	if bytes.HasPrefix(raw, []byte{0xFF, 0xFE}) || bytes.HasPrefix(raw, []byte{0xFE, 0xFF}) {
		return ""
	}
	if bytes.IndexByte(raw, 0) >= 0 {
		return "binary file (contains NUL bytes)"
	}
	return ""
}

// unusable returns why decoded text cannot be analysed, or "".
func unusable(text []byte) string {
	if bytes.IndexByte(text, 0) >= 0 {
		return "binary file (contains NUL bytes)"
	}
	for len(text) > 0 {
		r, size := utf8.DecodeRune(text)
		if !unicode.IsSpace(r) && r != '\uFEFF' {
			return ""
		}
		text = text[size:]
	}
	return "no text (empty or white space only)"
}

func unwrapPathError(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return fmt.Sprintf("%s: %v", pe.Op, pe.Err)
	}
	return err.Error()
}
