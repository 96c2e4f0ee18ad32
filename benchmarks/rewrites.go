package benchmarks

import (
	"bufio"

	"fmt"
	"os"
	"strings"

	"github.com/copydesk/copydesk/corpus"
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

// RevisedStory is a document of reuse/testdata/revised.jsonl or
// answers.jsonl: a story or an answer (Role "source"), a heavy revision of
// it that retells it sentence by sentence in other words ("revision"), or
// a text on the same topic written apart ("independent", or
// "independent-1" and so on), all written by hand; Topic groups them.
type RevisedStory struct {
	Topic, Role string
	Doc         corpus.Doc
}

// ReadRevisedStories reads reuse/testdata/revised.jsonl or answers.jsonl,
// whose ids are topic/role.
func ReadRevisedStories(path string) ([]RevisedStory, error) {
	var out []RevisedStory
	err := corpus.Walk([]string{path}, func(d corpus.Doc) error {
		topic, role, ok := strings.Cut(d.ID, "/")
		if !ok {
			return fmt.Errorf("%s: id %q is not topic/role", path, d.ID)
		}
		out = append(out, RevisedStory{Topic: topic, Role: role, Doc: d})
		return nil
	}, func(s corpus.Skip) error {
		return fmt.Errorf("%s: %s skipped: %s", path, s.ID, s.Reason)
	})
	return out, err
}
