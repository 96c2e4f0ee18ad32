package benchmarks

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk/archive"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/serve"
)

// BenchmarkServeLoad loads copydesk serve on loopback: an archive of
// 20,000 generated news documents, 8 clients making 2,000 checks of one
// unseen article each, while one writer adds 10,000 more in requests of
// 100 (under -short, .ci/run's, a quarter of the archive and of the adds
// and half the checks). Any failed request fails it, and so does an add
// lost (the archive must end with all it was given). It reports the
// checks' p50 and p99 latency, the checks a second and the adds a second.
func BenchmarkServeLoad(b *testing.B) {
	dropNews() // out of the heap measured
	const clients, per = 8, 100
	base, adds, checks := 20000, 10000, 2000
	if testing.Short() {
		base, adds, checks = 5000, 2500, 1000
	}
	docs := NewGenerator(44).NewsCorpus(base + adds + checks)
	for i := range docs {
		docs[i].Boilerplate = corpus.Chrome(docs[i].Text)
	}
	lines := make([]string, len(docs))
	for i, d := range docs {
		js, _ := json.Marshal(map[string]string{"id": d.ID, "outlet": d.Outlet, "published": d.Published.Format(time.RFC3339), "text": string(d.Text)})
		lines[i] = string(js)
	}
	for i := 0; i < b.N; i++ {
		a, err := archive.Open(filepath.Join(b.TempDir(), "archive"), archive.Options{Create: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := a.Add(corpus.Docs(docs[:base])); err != nil {
			b.Fatal(err)
		}
		srv := httptest.NewServer(serve.New(a, serve.Options{}))
		post := func(path, body string) error {
			resp, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			msg, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 {
				return fmt.Errorf("POST %s: %d %.200s", path, resp.StatusCode, msg)
			}
			return nil
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		var errs []error
		fail := func(err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() }
		start := time.Now()
		var addTime time.Duration
		wg.Go(func() {
			for lo := base; lo < base+adds; lo += per {
				if err := post("/add", strings.Join(lines[lo:lo+per], "\n")); err != nil {
					fail(err)
				}
			}
			addTime = time.Since(start)
		})
		lat := make([]time.Duration, checks)
		for c := range clients {
			wg.Go(func() {
				for k := c; k < checks; k += clients {
					t := time.Now()
					if err := post("/check", lines[base+adds+k]); err != nil {
						fail(err)
					}
					lat[k] = time.Since(t)
				}
			})
		}
		wg.Wait()
		elapsed := time.Since(start)
		srv.Close()
		st, err := a.Stats()
		a.Close()
		if err != nil || len(errs) > 0 {
			b.Fatalf("%d failed requests, such as %v; %v", len(errs), errs, err)
		}
		if st.Documents != base+adds {
			b.Fatalf("%d documents after the load, want %d: adds lost", st.Documents, base+adds)
		}
		slices.Sort(lat)
		b.ReportMetric(ms(lat[checks/2]), "check-p50-ms")
		b.ReportMetric(ms(lat[checks*99/100]), "check-p99-ms")
		b.ReportMetric(float64(checks)/elapsed.Seconds(), "checks/s")
		b.ReportMetric(float64(adds)/addTime.Seconds(), "add-docs/s")
	}
}
