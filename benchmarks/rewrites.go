package benchmarks

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// RewritePair is a labelled sentence pair (reuse/testdata/rewrites.tsv):
// B rewrites A in other words, unless Kind is "independent" (the same
// event, not the same content).
type RewritePair struct {
	Kind string
	A, B string
}

// Rewrite reports whether the pair is labelled a rewrite.
func (p RewritePair) Rewrite() bool { return p.Kind != "independent" }

// ReadRewritePairs reads labelled sentence pairs: lines of kind, first
// sentence and second, tab-separated; "#" starts a comment line.
func ReadRewritePairs(path string) ([]RewritePair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []RewritePair
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		t := sc.Text()
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("%s:%d: %d fields, want kind, first and second sentence", path, line, len(f))
		}
		out = append(out, RewritePair{f[0], f[1], f[2]})
	}
	return out, sc.Err()
}
