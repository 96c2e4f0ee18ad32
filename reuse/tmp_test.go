package reuse

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/copydesk/copydesk/corpus"
)

func TestTmpLic(t *testing.T) {
	files, _ := filepath.Glob("/usr/share/doc/*/copyright")
	more, _ := filepath.Glob("/usr/share/common-licenses/*")
	var all []corpus.Doc
	for _, f := range append(files, more...) {
		data, _ := os.ReadFile(f)
		all = append(all, corpus.Doc{ID: f, Text: data})
	}
	for range 5 {
		a := newAnalyser()
		for _, d := range all {
			a.analyse(d)
		}
	}
}
