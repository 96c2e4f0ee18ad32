package benchmarks

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/seeds"
	"github.com/copydesk/copydesk/repair"
)

// onDisk is a corpus in a file, each document's details (encodeDoc) and
// text read back one document at a time, as the command's readers read
// files: a scan's heap then holds only what the scan itself keeps of the
// documents, as it does in the command, and nothing that the benchmark
// keeps for it (the details of 300,000 documents held in the heap were
// 260 bytes a document of the peak a benchmark measured).
type onDisk struct {
	f     *os.File
	n     int     // documents
	off   []int64 // document i is bytes off[i]:off[i+1]: its details, then its text
	bytes int     // of text
	wire  []int   // a news corpus's: the wire each document reprints (NewsCorpusWires)
}

// putOnDisk writes the texts of docs to a file in a test directory and
// returns the corpus that reads them from there; docs may then go. The
// news corpus newsOnDisk kept goes first, out of the heap this corpus's
// benchmark measures.
func putOnDisk(b *testing.B, docs []corpus.Doc) *onDisk {
	dropNews()
	c, err := writeOnDisk(b.TempDir(), docs)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.f.Close() })
	return c
}

// lastNews is the news corpus newsOnDisk put on disk last, kept for the
// next benchmark that asks for the same one: BenchmarkScanLimited scans
// BenchmarkScanScale's largest corpus, which takes about 15 seconds to
// generate and write. One corpus is kept, not all: the documents' details
// stay in the heap that the benchmarks measure, and a benchmark that puts
// a corpus of its own on disk (putOnDisk), or measures its heap otherwise,
// drops it first (dropNews).
var lastNews struct {
	seed uint64
	n    int
	c    *onDisk
	dir  string
}

// newsOnDisk returns NewGenerator(seed).NewsCorpus(n) on disk, made again
// unless it was the last asked for.
func newsOnDisk(b *testing.B, seed uint64, n int) *onDisk {
	if lastNews.c != nil && lastNews.seed == seed && lastNews.n == n {
		return lastNews.c
	}
	dropNews()
	dir, err := os.MkdirTemp("", "copydesk-news-")
	if err != nil {
		b.Fatal(err)
	}
	docs, wire := NewGenerator(seed).NewsCorpusWires(n)
	c, err := writeOnDisk(dir, docs)
	if err != nil {
		os.RemoveAll(dir)
		b.Fatal(err)
	}
	c.wire = wire
	lastNews.seed, lastNews.n, lastNews.c, lastNews.dir = seed, n, c, dir
	return c
}

// dropNews removes the news corpus newsOnDisk kept.
func dropNews() {
	if lastNews.c != nil {
		lastNews.c.f.Close()
		os.RemoveAll(lastNews.dir)
		lastNews.c = nil
	}
}

// TestMain runs the tests and benchmarks, then removes the corpus
// newsOnDisk kept.
func TestMain(m *testing.M) {
	code := m.Run()
	dropNews()
	os.Exit(code)
}

// writeOnDisk writes the texts of docs to a file in dir and returns the
// corpus that reads them from there.
func writeOnDisk(dir string, docs []corpus.Doc) (*onDisk, error) {
	f, err := os.Create(filepath.Join(dir, "corpus"))
	if err != nil {
		return nil, err
	}
	c := &onDisk{f: f, n: len(docs), off: make([]int64, len(docs)+1)}
	w := bufio.NewWriter(f)
	var rec []byte
	for i, d := range docs {
		rec = encodeDoc(rec[:0], d)
		if _, err := w.Write(rec); err != nil {
			f.Close()
			return nil, err
		}
		c.off[i+1] = c.off[i] + int64(len(rec))
		c.bytes += len(d.Text)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	return c, nil
}

// encodeDoc appends d: its details, each a length and its bytes (the time
// as time.Time.MarshalBinary makes it, none when zero; the ranges and
// repairs as decimal lists), then its text.
func encodeDoc(dst []byte, d corpus.Doc) []byte {
	str := func(s string) { dst = binary.AppendUvarint(dst, uint64(len(s))); dst = append(dst, s...) }
	var published []byte
	if !d.Published.IsZero() {
		published, _ = d.Published.MarshalBinary()
	}
	var ranges, repairs strings.Builder
	for _, r := range d.Boilerplate {
		fmt.Fprintf(&ranges, "%d %d ", r.Start, r.End)
	}
	for _, r := range d.Repairs {
		fmt.Fprintf(&repairs, "%d %d %d %t %q ", r.Start, r.End, r.Kind, r.Guess, r.Was)
	}
	for _, s := range []string{d.ID, d.Path, d.Outlet, d.Title, d.URL, string(published), strconv.FormatBool(d.DateOnly), d.Encoding, d.Note, ranges.String(), repairs.String()} {
		str(s)
	}
	return append(dst, d.Text...)
}

// decodeDoc reads back a document encodeDoc encoded.
func decodeDoc(b []byte) (corpus.Doc, error) {
	var fields [11]string
	for i := range fields {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return corpus.Doc{}, errors.New("a damaged document record")
		}
		fields[i], b = string(b[k:k+int(n)]), b[k+int(n):]
	}
	d := corpus.Doc{ID: fields[0], Path: fields[1], Outlet: fields[2], Title: fields[3], URL: fields[4],
		DateOnly: fields[6] == "true", Encoding: fields[7], Note: fields[8], Text: b}
	if fields[5] != "" {
		if err := d.Published.UnmarshalBinary([]byte(fields[5])); err != nil {
			return d, err
		}
	}
	nums := strings.Fields(fields[9])
	for i := 0; i+1 < len(nums); i += 2 {
		start, _ := strconv.Atoi(nums[i])
		end, _ := strconv.Atoi(nums[i+1])
		d.Boilerplate = append(d.Boilerplate, corpus.Range{Start: start, End: end})
	}
	for rest := fields[10]; rest != ""; {
		var f repair.Fix
		var kind int
		var was string
		n, err := fmt.Sscanf(rest, "%d %d %d %t %q ", &f.Start, &f.End, &kind, &f.Guess, &was)
		if err != nil || n != 5 {
			return d, fmt.Errorf("a damaged repair %q: %v", rest, err)
		}
		f.Kind, f.Was = repair.Kind(kind), was
		d.Repairs = append(d.Repairs, f)
		// Past the fields read: four numbers and a quoted string.
		q := strconv.Quote(was)
		rest = rest[strings.Index(rest, q)+len(q):]
		rest = strings.TrimPrefix(rest, " ")
	}
	return d, nil
}

// source reads the corpus in order.
func (c *onDisk) source() corpus.Source {
	return func(doc func(corpus.Doc) error, _ func(corpus.Skip) error) error {
		for i := range c.n {
			b := make([]byte, c.off[i+1]-c.off[i])
			if _, err := c.f.ReadAt(b, c.off[i]); err != nil {
				return err
			}
			d, err := decodeDoc(b)
			if err != nil {
				return err
			}
			if err := doc(d); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestOnDisk: documents put on disk come back with every detail: the
// seeds as the command reads them (page chrome, seed 003's repairs), with
// an outlet and a time, and generated news.
func TestOnDisk(t *testing.T) {
	dir := t.TempDir()
	var docs []corpus.Doc
	for i, s := range seeds.All() {
		name := filepath.Join(dir, s.Name)
		if err := os.WriteFile(name, s.Text, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := corpus.Walk([]string{name}, func(d corpus.Doc) error {
			d.Outlet, d.Published, d.DateOnly = fmt.Sprintf("o%d", i), time.Date(2017, 12, 17, i, 0, 0, 0, time.FixedZone("", 3600*i)), i%2 == 0
			docs = append(docs, d)
			return nil
		}, func(corpus.Skip) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	docs = append(docs, NewGenerator(4).NewsCorpus(50)...)
	c, err := writeOnDisk(t.TempDir(), docs)
	if err != nil {
		t.Fatal(err)
	}
	defer c.f.Close()
	repairs := 0
	i := 0
	err = c.source()(func(got corpus.Doc) error {
		want := docs[i]
		i++
		repairs += len(got.Repairs)
		if got.ID != want.ID || got.Path != want.Path || got.Outlet != want.Outlet || got.Title != want.Title || got.URL != want.URL ||
			!got.Published.Equal(want.Published) || got.Published.Format(time.RFC3339) != want.Published.Format(time.RFC3339) ||
			got.DateOnly != want.DateOnly || string(got.Text) != string(want.Text) || got.Encoding != want.Encoding || got.Note != want.Note ||
			!reflect.DeepEqual(got.Repairs, want.Repairs) || !reflect.DeepEqual(got.Boilerplate, want.Boilerplate) {
			t.Errorf("document %s came back changed", want.ID)
		}
		return nil
	}, func(corpus.Skip) error { return nil })
	if err != nil || i != len(docs) || repairs == 0 {
		t.Errorf("%d of %d documents back, %d repairs, %v; want all, seed 003's repairs", i, len(docs), repairs, err)
	}
}
