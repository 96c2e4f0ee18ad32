package benchmarks

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/copydesk/copydesk/corpus"
)

// onDisk is a corpus whose texts are in a file, read back one document at
// a time into a buffer of its own, as the command's readers read files: a
// scan's heap then holds only the text the scan itself keeps, as it does
// in the command, and none that the benchmark keeps for it.
type onDisk struct {
	f     *os.File
	docs  []corpus.Doc // without their text
	off   []int64      // document i's text is bytes off[i]:off[i+1]
	bytes int
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
	c, err := writeOnDisk(dir, NewGenerator(seed).NewsCorpus(n))
	if err != nil {
		os.RemoveAll(dir)
		b.Fatal(err)
	}
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
	c := &onDisk{f: f, docs: make([]corpus.Doc, len(docs)), off: make([]int64, len(docs)+1)}
	for i, d := range docs {
		if _, err := f.Write(d.Text); err != nil {
			f.Close()
			return nil, err
		}
		c.off[i+1] = c.off[i] + int64(len(d.Text))
		d.Text = nil
		c.docs[i] = d
	}
	c.bytes = int(c.off[len(docs)])
	return c, nil
}

// source reads the corpus in order.
func (c *onDisk) source() corpus.Source {
	return func(doc func(corpus.Doc) error, _ func(corpus.Skip) error) error {
		for i, d := range c.docs {
			d.Text = make([]byte, c.off[i+1]-c.off[i])
			if _, err := c.f.ReadAt(d.Text, c.off[i]); err != nil {
				return err
			}
			if err := doc(d); err != nil {
				return err
			}
		}
		return nil
	}
}
