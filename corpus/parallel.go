package corpus

import (
	"io"
	"os"
	"sync"
)

// Source delivers a corpus: it calls doc for every document and skip for
// every input that cannot be analysed, in input order, and returns the first
// error they return. Walk, with its paths bound, is one (see Dir).
type Source func(doc func(Doc) error, skip func(Skip) error) error

// Dir returns the Source that walks paths (see Walk).
func Dir(paths ...string) Source { return Files(os.Stdin, paths...) }

// Files returns the Source that walks paths (see Walk), reading stdin for
// the path "-".
func Files(stdin io.Reader, paths ...string) Source {
	return Open(paths, Options{Stdin: stdin})
}

// Options configures Open. The zero value reads "-" from os.Stdin and
// reports nothing.
type Options struct {
	Stdin io.Reader // read for the path "-"; nil means os.Stdin
	// Read, if not nil, is called as input is read with the number of
	// bytes just read (of the file itself: compressed bytes for a .gz), on
	// the goroutine that runs the Source: a progress meter's feed, whose
	// total is Size. With workers, bytes are told as the documents read
	// from them are delivered, not as the reader reads ahead of them.
	Read func(n int)
	// Encoding, if not "", is the encoding every file is read in (an IANA
	// or WHATWG name: "windows-1251", "shift_jis"), whatever its bytes
	// look like; see EncodingName. "" guesses each file's (decode).
	Encoding string
	// SameIDs delivers every document under the id it has, where Walk
	// renames one whose id an earlier document has (IDs): for a reader of
	// part of a corpus, such as a distributed run that reads each file on
	// its own and renames once all are read, in input order.
	SameIDs bool
	// MaxBytes is the most bytes a document's text, or a file read whole
	// (a text, a page, a message, a feed, a .docx), may have: more is
	// skipped with the reason, and not read into memory. 0 means
	// DefaultMaxBytes; more than MaxMaxBytes means MaxMaxBytes.
	MaxBytes int64
	// Workers is how many goroutines read what takes the time once a
	// file's bytes are read (a page's HTML, a message's parts, a feed's
	// XML, decoding, repair, page chrome); documents are delivered in
	// input order whatever their number. 0 means GOMAXPROCS; 1 reads on
	// the Source's goroutine alone.
	Workers int
}

// The limits of Options.MaxBytes. A document's offsets are 32-bit
// (reuse), so its text must stay under 2 GiB; a news corpus's largest
// documents (licence texts, a book) are a few megabytes.
const (
	DefaultMaxBytes = 256 << 20
	MaxMaxBytes     = 1 << 30
)

// maxBytes is opts.MaxBytes within its limits.
func (opts Options) maxBytes() int64 {
	switch {
	case opts.MaxBytes <= 0:
		return DefaultMaxBytes
	case opts.MaxBytes > MaxMaxBytes:
		return MaxMaxBytes
	}
	return opts.MaxBytes
}

// Open returns the Source that walks paths (see Walk).
func Open(paths []string, opts Options) Source {
	stdin := opts.Stdin
	if stdin == nil {
		stdin = os.Stdin
	}
	return func(doc func(Doc) error, skip func(Skip) error) error {
		return walk(stdin, paths, opts, doc, skip)
	}
}

// counted returns in, reporting to read (if not nil) how much it reads.
func counted(in io.Reader, read func(int)) io.Reader {
	if read == nil {
		return in
	}
	return counter{in, read}
}

// counter is a reader that reports how much it read.
type counter struct {
	r    io.Reader
	read func(int)
}

func (c counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.read(n)
	}
	return n, err
}

// SkipError is the error Strict returns for the first input skipped.
type SkipError struct{ Skip Skip }

func (e *SkipError) Error() string { return "corpus: " + e.Skip.Path + ": " + e.Skip.Reason }

// Strict returns a Source that stops at the first input src skips, with a
// *SkipError; hidden files and folders are listed and passed over.
func Strict(src Source) Source {
	return func(doc func(Doc) error, skip func(Skip) error) error {
		return src(doc, func(s Skip) error {
			if s.Hidden {
				return skip(s)
			}
			return &SkipError{s}
		})
	}
}

// Docs returns a Source that delivers docs, for tests and benchmarks.
func Docs(docs []Doc) Source {
	return func(doc func(Doc) error, _ func(Skip) error) error {
		for _, d := range docs {
			if err := doc(d); err != nil {
				return err
			}
		}
		return nil
	}
}

// mapBytes bounds the text Map holds in flight, beyond a single document.
const mapBytes = 64 << 20

// Map reads src and applies a function to every document with the given
// number of goroutines; newFn makes each goroutine's function, so that it
// can keep scratch buffers. It calls result for every document's value and
// skip for every skipped input, in input order, whatever the number of
// workers, as soon as each one's turn comes, and returns the source's
// error (what was delivered before it stands).
//
// Memory does not grow with the corpus: at most a window of 64 documents
// per worker (at least 256), and no more than mapBytes of their text once
// there are more than one, is in flight between the source and the
// callbacks. A slow document holds the window until it is done: the window
// is wide so that the other workers go on meanwhile (a two-megabyte
// licence file takes as long as hundreds of news articles).
// The callbacks run on the goroutine that called Map, one at a time.
func Map[T any](src Source, workers int, newFn func() func(Doc) T, result func(Doc, T), skip func(Skip)) error {
	if workers <= 1 { // no goroutines to hand documents to and back
		fn := newFn()
		return src(func(d Doc) error { result(d, fn(d)); return nil }, func(s Skip) error { skip(s); return nil })
	}
	window := max(64*workers, 256)
	inFlight := 0 // bytes of text taken and not yet delivered
	type job struct {
		seq int
		doc Doc
	}
	type done struct {
		seq int
		val T
	}
	type entry struct {
		ready bool
		doc   Doc
		val   T
		skip  *Skip
	}
	// Neither channel can block a sender for long: at most window
	// documents are in flight, and each channel holds that many.
	jobs := make(chan job, window)
	results := make(chan done, window)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn := newFn()
			for j := range jobs {
				results <- done{j.seq, fn(j.doc)}
			}
		}()
	}
	ring := make([]entry, window) // entry seq at ring[seq%window]
	seq, next := 0, 0             // the next sequence number to give, and to deliver
	flush := func() {
		for e := &ring[next%window]; e.ready; e = &ring[next%window] {
			if e.skip != nil {
				skip(*e.skip)
			} else {
				inFlight -= len(e.doc.Text)
				result(e.doc, e.val)
			}
			*e = entry{}
			next++
		}
	}
	receive := func() {
		r := <-results
		e := &ring[r.seq%window]
		e.val, e.ready = r.val, true
		flush()
	}
	// take returns a free sequence number, delivering results to make room.
	take := func() int {
		for seq-next == window || seq > next && inFlight > mapBytes {
			receive()
		}
		seq++
		return seq - 1
	}
	err := src(func(d Doc) error {
		n := take()
		inFlight += len(d.Text)
		ring[n%window].doc = d
		jobs <- job{n, d}
		return nil
	}, func(s Skip) error {
		n := take()
		ring[n%window] = entry{ready: true, skip: &s}
		flush()
		return nil
	})
	close(jobs)
	for next < seq {
		receive()
	}
	wg.Wait()
	return err
}
