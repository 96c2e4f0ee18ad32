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
// returns the corpus that reads them from there; docs may then go.
func putOnDisk(b *testing.B, docs []corpus.Doc) *onDisk {
	f, err := os.Create(filepath.Join(b.TempDir(), "corpus"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	c := &onDisk{f: f, docs: make([]corpus.Doc, len(docs)), off: make([]int64, len(docs)+1)}
	for i, d := range docs {
		if _, err := f.Write(d.Text); err != nil {
			b.Fatal(err)
		}
		c.off[i+1] = c.off[i] + int64(len(d.Text))
		d.Text = nil
		c.docs[i] = d
	}
	c.bytes = int(c.off[len(docs)])
	return c
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
