// Package seeds embeds the five canonical seed articles (17 Dec 2017: Putin
// thanks Trump for a CIA tip) so that every package's tests can use them
// without reaching outside the module. The files are byte-identical copies of
// ../shared/seeds; seed 003 still carries its GBK mojibake on purpose.
package seeds

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.txt
var files embed.FS

// Doc is one seed article.
type Doc struct {
	ID   string // file name without extension, e.g. "000_b024a780c0f38d2c"
	Name string // file name
	Text []byte
}

// All returns the seeds in file-name order.
func All() []Doc {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		panic(err) // embedded: cannot fail
	}
	var docs []Doc
	for _, e := range entries {
		b, err := files.ReadFile(e.Name())
		if err != nil {
			panic(err)
		}
		docs = append(docs, Doc{ID: strings.TrimSuffix(e.Name(), ".txt"), Name: e.Name(), Text: b})
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Name < docs[j].Name })
	return docs
}

// FS returns the embedded files, for tests that exercise file readers.
func FS() fs.FS { return files }
