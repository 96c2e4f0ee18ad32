package archive_test

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/copydesk/copydesk/archive"
	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
)

const (
	crashEnv   = "COPYDESK_ARCHIVE_CRASH_CHILD" // the archive the child adds to
	crashDocs  = 800
	crashBatch = 40
)

func crashCorpus() []corpus.Doc { return benchmarks.NewGenerator(9).NewsCorpus(crashDocs) }

// TestCrashChild is the child of TestCrashSafety: it adds the crash corpus
// to the archive named in its environment, and is killed while it does.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("the child of TestCrashSafety")
	}
	a, err := archive.Open(path, archive.Options{Create: true, Batch: crashBatch})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Add(corpus.Docs(crashCorpus())); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestCrashSafety runs an add in a child process and kills it (SIGKILL)
// at points spread over its run; then it reopens the archive, verifies
// every invariant, finds the documents added to be a whole number of
// batches, the first of the input, and runs the add again, which adds the
// rest and passes over those in: the archive then holds the whole corpus.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a child process many times")
	}
	docs := crashCorpus()
	run := func(path string, kill time.Duration) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if kill > 0 {
			time.Sleep(kill)
			cmd.Process.Kill()
		}
		cmd.Wait()
	}
	// A whole run, timed, places the kills.
	start := time.Now()
	run(t.TempDir()+"/whole", 0)
	whole := time.Since(start)
	t.Logf("a whole add of %d documents in a child: %v", crashDocs, whole)
	const points = 8
	killedMidway := 0
	for i := 1; i <= points; i++ {
		path := fmt.Sprintf("%s/killed-%d", t.TempDir(), i)
		run(path, whole*time.Duration(i)/(points+1))
		if _, err := os.Stat(path); err != nil {
			continue // killed before it made the archive
		}
		a, err := archive.Open(path, archive.Options{Batch: crashBatch})
		if err != nil {
			t.Fatalf("kill %d: reopening: %v", i, err)
		}
		v := verified(t, a)
		n := v.Documents
		if n%crashBatch != 0 && n != crashDocs {
			t.Errorf("kill %d: %d documents in: not whole batches of %d", i, n, crashBatch)
		}
		if n > 0 && n < crashDocs {
			killedMidway++
		}
		// The documents in are the first n of the input.
		ch, err := a.Check(corpus.Docs(docs[n:min(n+1, crashDocs)]), archive.CheckOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ch.Report.Documents {
			if d.Archived && !isAmong(d.ID, docs[:n]) {
				t.Errorf("kill %d: %s is archived, not among the first %d", i, d.ID, n)
			}
		}
		res, err := a.Add(corpus.Docs(docs))
		if err != nil || res.Added != crashDocs-n || res.Unchanged != n {
			t.Errorf("kill %d (%d documents in): the second add: %+v, %v", i, n, res, err)
		}
		if v := verified(t, a); v.Documents != crashDocs {
			t.Errorf("kill %d: %d documents after the second add, want %d", i, v.Documents, crashDocs)
		}
		a.Close()
	}
	if killedMidway < points/2 {
		t.Errorf("only %d of %d kills fell while documents were being added (a whole run took %v)", killedMidway, points, whole)
	}
}

func isAmong(id string, docs []corpus.Doc) bool {
	for _, d := range docs {
		if d.ID == id {
			return true
		}
	}
	return false
}
