package main

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/seeds"
)

// lockedBuffer is a buffer written by one goroutine and read by another.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeCommand runs copydesk serve on a free port, adds and checks an
// article over HTTP, then stops it with SIGTERM: it lets the requests
// finish, closes the archive and exits 0, and the archive verifies.
func TestServeCommand(t *testing.T) {
	t.Chdir(t.TempDir())
	var stdout, stderr lockedBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run([]string{"serve", "--archive", "arc", "--addr", "127.0.0.1:0"}, strings.NewReader(""), &stdout, &stderr)
	}()
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := regexp.MustCompile(`on (http://\S+)`).FindStringSubmatch(stderr.String()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		t.Fatalf("serve did not say where it listens: %s", stderr.String())
	}
	text := strings.ReplaceAll(string(seeds.All()[1].Text), `"`, `\"`)
	text = strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`).Replace(text)
	for _, step := range []struct{ path, id, says string }{
		{"/add", "a", `"added": 1`},
		{"/check", "b", `"archived": true`},
	} {
		resp, err := http.Post(url+step.path, "application/json", strings.NewReader(`{"id": "`+step.id+`", "text": "`+text+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), step.says) {
			t.Fatalf("POST %s: %d %.300s", step.path, resp.StatusCode, body)
		}
	}
	// Beside the server, which holds the archive, a check reads the
	// snapshot it published.
	if err := os.WriteFile("one.txt", seeds.All()[2].Text, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI("archive", "check", "arc", "one.txt"); code != 0 || !strings.Contains(errs, "reading it as it was at") {
		t.Errorf("a check beside serve: exit %d: %s", code, errs)
	}
	syscall.Kill(syscall.Getpid(), syscall.SIGTERM)
	select {
	case code := <-exit:
		if code != 0 || !strings.Contains(stderr.String(), "copydesk serve: stopped") {
			t.Fatalf("serve exited %d: %s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
	if code, out, errs := runCLI("archive", "verify", "arc"); code != 0 || !strings.Contains(out, "1 documents") {
		t.Errorf("verify after serve: %d %s %s", code, out, errs)
	}
}
