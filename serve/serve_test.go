package serve

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/copydesk/copydesk/archive"
	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/seeds"
)

func newServer(t *testing.T, opts Options) *httptest.Server {
	t.Helper()
	a, err := archive.Open(filepath.Join(t.TempDir(), "archive"), archive.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(a, opts))
	t.Cleanup(func() { srv.Close(); a.Close() })
	return srv
}

// record is one article as a JSON object.
func record(id, outlet, text string) string {
	b, _ := json.Marshal(map[string]string{"id": id, "outlet": outlet, "text": text})
	return string(b)
}

func post(t *testing.T, url, body string) (int, string, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// TestServe adds three seeds over HTTP and checks a fourth, indented, in
// every format; and checks the answers to wrong requests.
func TestServe(t *testing.T) {
	srv := newServer(t, Options{MaxBody: 1 << 20})
	s := seeds.All()
	var lines []string
	for _, d := range s[:3] {
		lines = append(lines, record(d.ID, "", string(d.Text)))
	}
	code, _, body := post(t, srv.URL+"/add", strings.Join(lines, "\n"))
	if code != 200 || !strings.Contains(body, `"added": 3`) {
		t.Fatalf("POST /add: %d %s", code, body)
	}
	indented, _ := json.MarshalIndent(map[string]string{"id": "new", "text": string(s[1].Text)}, "", "  ")
	for _, c := range []struct{ query, ctype, says string }{
		{"", "application/json", `"archived": true`},
		{"?format=html", "text/html; charset=utf-8", "<!DOCTYPE html>"},
		{"?format=text", "text/plain; charset=utf-8", "copydesk archive check: 1 documents in"},
		{"?format=csv", "text/csv; charset=utf-8", "new,"},
	} {
		code, ctype, body := post(t, srv.URL+"/check"+c.query, string(indented))
		if code != 200 || ctype != c.ctype || !strings.Contains(body, c.says) {
			t.Errorf("POST /check%s: %d %s, want 200 %s with %q:\n%.300s", c.query, code, ctype, c.ctype, c.says, body)
		}
	}
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"documents": 3`) {
		t.Errorf("GET /healthz: %d %s", resp.StatusCode, b)
	}
	for _, c := range []struct {
		path, body string
		code       int
		says       string
	}{
		{"/check", "", 400, "not a JSON object"},
		{"/check", "hello", 400, "not a JSON object"},
		{"/check", `{"id": "x"}`, 400, "no article to check"},
		{"/check?format=pdf", record("x", "", "text"), 400, "is not json, html, text or csv"},
		{"/check", record("x", "", strings.Repeat("word ", 300000)), 413, "larger than 1048576 bytes"},
		{"/add", `{"id": "y", "text": ""}`, 400, "skipped"},
	} {
		code, _, body := post(t, srv.URL+c.path, c.body)
		if code != c.code || !strings.Contains(body, c.says) {
			t.Errorf("POST %s %.40q: %d %s, want %d with %q", c.path, c.body, code, body, c.code, c.says)
		}
	}
	if resp, err := http.Get(srv.URL + "/check"); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /check: %v %v", resp.StatusCode, err)
	}
}

// TestChecksWhileAdding runs checks from four clients while a writer adds
// documents in requests of 50: no request fails, each check is answered,
// and every document added is in the archive at the end.
func TestChecksWhileAdding(t *testing.T) {
	srv := newServer(t, Options{})
	docs := benchmarks.NewGenerator(8).NewsCorpus(700)
	lines := func(ds []corpus.Doc) string {
		var b strings.Builder
		for _, d := range ds {
			fmt.Fprintln(&b, record(d.ID, d.Outlet, string(d.Text)))
		}
		return b.String()
	}
	if code, _, body := post(t, srv.URL+"/add", lines(docs[:200])); code != 200 {
		t.Fatalf("POST /add: %d %s", code, body)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	wg.Go(func() {
		for lo := 200; lo < 600; lo += 50 {
			if code, _, body := post(t, srv.URL+"/add", lines(docs[lo:lo+50])); code != 200 || !strings.Contains(body, `"added": 50`) {
				errs <- fmt.Sprintf("POST /add: %d %s", code, body)
			}
		}
	})
	for c := range 4 {
		wg.Go(func() {
			for i := range 25 {
				q := docs[600+c*25+i]
				if code, _, body := post(t, srv.URL+"/check", record(q.ID, q.Outlet, string(q.Text))); code != 200 || !strings.Contains(body, `"id": "`+q.ID+`"`) {
					errs <- fmt.Sprintf("POST /check %s: %d %.200s", q.ID, code, body)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `"documents": 600`) {
		t.Errorf("after the adds: %s, want 600 documents", b)
	}
}
