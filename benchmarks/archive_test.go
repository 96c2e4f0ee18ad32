package benchmarks

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/archive"
	"github.com/copydesk/copydesk/corpus"
)

// archiveQueries is how many unseen articles each size checks.
const archiveQueries = 200

// BenchmarkArchive grows one archive of generated news (NewsCorpus, in
// publication order) through 20,000, 100,000 and 300,000 documents. At
// each size it reports:
//   - add-docs/s: the rate of the adds that took it there from the size
//     before (the batches committed with a sync, and the compactions they
//     left run: Archive.Settle); disk/text, the archive's folder over
//     the text once closed (as du sees it after an add), and
//     open-disk/text, while open (with the logs the store keeps to reuse);
//   - check-p50-ms, check-p99-ms: checking one unseen article (the
//     corpus's next ones, which carry its stories on) in process, warm,
//     of archiveQueries checks, and partners/check, the archived
//     documents each read;
//   - cold-check-ms and cold-check-MB: a process that opens the archive,
//     checks one article and exits: its wall time and peak resident
//     memory (the store's cache included);
//
// and times b.N checks of one article (ns/op).
func BenchmarkArchive(b *testing.B) {
	dropNews() // out of the heap measured
	sizes := scaleSizes()
	switch env := os.Getenv("COPYDESK_ARCHIVE_SIZES"); {
	case env != "": // such as 300000,1000000 for the README's run to a million
		sizes = nil
		for _, f := range strings.Split(env, ",") {
			n, err := strconv.Atoi(f)
			if err != nil {
				b.Fatalf("COPYDESK_ARCHIVE_SIZES: %v", err)
			}
			sizes = append(sizes, n)
		}
	case testing.Short():
		sizes = []int{2000, 5000}
	}
	n := sizes[len(sizes)-1]
	start := time.Now()
	docs := NewGenerator(33).NewsCorpus(n + archiveQueries)
	for i := range docs { // as the readers deliver them
		docs[i].Boilerplate = corpus.Chrome(docs[i].Text)
	}
	b.Logf("generated %d documents in %v", len(docs), time.Since(start))
	queries := docs[n:]
	path := filepath.Join(b.TempDir(), "archive")
	a, err := archive.Open(path, archive.Options{Create: true})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { a.Close() }()
	added := 0
	for _, size := range sizes {
		b.Run(fmt.Sprintf("docs=%d", size), func(b *testing.B) {
			var metrics []func()
			report := func(v float64, unit string) { metrics = append(metrics, func() { b.ReportMetric(v, unit) }) }
			if added < size {
				start := time.Now()
				if _, err := a.Add(corpus.Docs(docs[added:size])); err != nil {
					b.Fatal(err)
				}
				// The rate counts the compactions the adds left: a
				// rate the store cannot keep up with is not sustained.
				a.Settle()
				report(float64(size-added)/time.Since(start).Seconds(), "add-docs/s")
				added = size
			}
			st, err := a.Stats()
			if err != nil {
				b.Fatal(err)
			}
			report(float64(st.DiskBytes)/float64(st.TextBytes), "open-disk/text")
			lat, partners := checkEach(b, a, queries)
			report(ms(lat[len(lat)/2]), "check-p50-ms")
			report(ms(lat[len(lat)*99/100]), "check-p99-ms")
			report(float64(partners)/float64(len(queries)), "partners/check")
			// The cold check runs while this process holds the archive:
			// it is closed for it, and opened again after.
			if err := a.Close(); err != nil {
				b.Fatal(err)
			}
			disk, err := archive.DiskBytes(path)
			if err != nil {
				b.Fatal(err)
			}
			report(float64(disk)/float64(st.TextBytes), "disk/text")
			wall, rss := coldCheck(b, path, queries[0])
			report(ms(wall), "cold-check-ms")
			report(float64(rss)/(1<<20), "cold-check-MB")
			if a, err = archive.Open(path, archive.Options{}); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer() // which forgets the metrics reported: they are reported after
			for i := 0; i < b.N; i++ {
				ch, err := a.Check(corpus.Docs(queries[i%len(queries):i%len(queries)+1]), archive.CheckOptions{})
				if err != nil {
					b.Fatal(err)
				}
				sinkScan = ch.Report
			}
			b.StopTimer()
			for _, m := range metrics {
				m()
			}
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// checkEach checks each query alone, and returns the latencies, sorted,
// and the archived documents the checks read.
func checkEach(b *testing.B, a *archive.Archive, queries []corpus.Doc) ([]time.Duration, int) {
	lat := make([]time.Duration, len(queries))
	partners := 0
	for i := range queries {
		start := time.Now()
		ch, err := a.Check(corpus.Docs(queries[i:i+1]), archive.CheckOptions{})
		if err != nil {
			b.Fatal(err)
		}
		lat[i] = time.Since(start)
		partners += ch.Report.Archive.Read
	}
	slices.Sort(lat)
	return lat, partners
}

// coldCheck runs TestArchiveCheckChild in a process of its own, which
// opens the archive at path read-only, checks q, and exits; it returns the
// process's wall time and peak resident memory.
func coldCheck(b *testing.B, path string, q corpus.Doc) (time.Duration, int64) {
	f := filepath.Join(b.TempDir(), "query.jsonl")
	line := fmt.Sprintf(`{"id": %q, "outlet": %q, "published": %q, "text": %q}`+"\n", q.ID, q.Outlet, q.Published.Format(time.RFC3339), q.Text)
	if err := os.WriteFile(f, []byte(line), 0o644); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestArchiveCheckChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "COPYDESK_CHECK_ARCHIVE="+path, "COPYDESK_CHECK_QUERY="+f)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		b.Fatalf("the cold check: %v\n%s", err, out)
	}
	// The child's own peak (its rusage's would count the parent's, whose
	// memory the child shared until it ran the test binary).
	var kb int64
	if i := bytes.Index(out, []byte("VmHWM:")); i >= 0 {
		fmt.Sscan(string(out[i+len("VmHWM:"):]), &kb)
	}
	if kb == 0 {
		b.Fatalf("the cold check said no peak memory:\n%s", out)
	}
	return wall, kb << 10
}

// TestArchiveCheckChild is BenchmarkArchive's cold check: it opens the
// archive named in its environment read-only and checks the query file
// named there, as copydesk archive check does.
func TestArchiveCheckChild(t *testing.T) {
	path, query := os.Getenv("COPYDESK_CHECK_ARCHIVE"), os.Getenv("COPYDESK_CHECK_QUERY")
	if path == "" {
		t.Skip("the child of BenchmarkArchive")
	}
	a, err := archive.Open(path, archive.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ch, err := a.Check(corpus.Dir(query), archive.CheckOptions{})
	if err != nil || len(ch.Report.Documents) == 0 {
		t.Fatalf("%v, %d documents", err, len(ch.Report.Documents))
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			fmt.Println(line)
		}
	}
}
