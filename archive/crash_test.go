package archive_test

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"testing"

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
	// It says how far it has read, for the parent to kill it there.
	docs, read := corpus.Docs(crashCorpus()), 0
	progress := func(doc func(corpus.Doc) error, skip func(corpus.Skip) error) error {
		return docs(func(d corpus.Doc) error {
			if read++; read%10 == 0 {
				fmt.Printf("read %d\n", read)
			}
			return doc(d)
		}, skip)
	}
	if _, err := a.Add(progress); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestCrashSafety runs an add in a child process and kills it (SIGKILL)
// at points spread over its run (once it has read so many documents);
// then it reopens the archive, verifies
// every invariant, finds the documents added to be a whole number of
// batches, the first of the input, and runs the add again, which adds the
// rest and passes over those in: the archive then holds the whole corpus.
func TestCrashSafety(t *testing.T) {
	if testing.Short() || raceOn {
		t.Skip("runs a child process many times (not under -race: it tests processes, not goroutines)")
	}
	docs := crashCorpus()
	// run runs the child, and kills it once it has read kill documents.
	run := func(path string, kill int) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		for lines.Scan() {
			var n int
			if _, err := fmt.Sscanf(lines.Text(), "read %d", &n); err == nil && n >= kill {
				cmd.Process.Kill()
				break
			}
		}
		io.Copy(io.Discard, out)
		cmd.Wait()
	}
	const points = 8
	killedMidway := 0
	for i := 1; i <= points; i++ {
		path := fmt.Sprintf("%s/killed-%d", t.TempDir(), i)
		// The reading runs ahead of the writing by a few hundred
		// documents (corpus.Map's window, a batch waiting): the kills
		// fall in the second half of the reading.
		run(path, crashDocs/2+crashDocs/2*(i-1)/points)
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
	t.Logf("%d of %d kills fell while documents were being added", killedMidway, points)
	if killedMidway < points/2 {
		t.Errorf("only %d of %d kills fell while documents were being added", killedMidway, points)
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
