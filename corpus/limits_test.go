package corpus

import (
	"bytes"
	"compress/gzip"
	"runtime"
	"strings"
	"testing"
)

// TestMaxBytes: a document, a file read whole, a JSON line or an mbox
// message of more than Options.MaxBytes is skipped with the reason, and
// not read into memory (a gzip bomb of text: 64 MiB of words in 200 KB);
// the documents around it are read.
func TestMaxBytes(t *testing.T) {
	dir := t.TempDir()
	words := func(n int) string { return strings.Repeat("Putin thanked Trump for the tip. ", n/33+1)[:n] }
	write(t, dir+"/a-small.txt", []byte(words(900)))
	write(t, dir+"/b-big.txt", []byte(words(2000)))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	for range 64 {
		zw.Write([]byte(words(1 << 20)))
	}
	zw.Close()
	write(t, dir+"/c-bomb.txt.gz", gz.Bytes())
	write(t, dir+"/d.jsonl", []byte(`{"id": "j1", "text": "`+words(500)+`"}`+"\n"+
		`{"id": "j2", "text": "`+words(2000)+`"}`+"\n"+`{"id": "j3", "text": "`+words(500)+`"}`+"\n"))
	msg := func(body string) string {
		return "From a@b Sun Dec 17 20:01:00 2017\nFrom: a@b\nSubject: s\n\n" + body + "\n\n"
	}
	write(t, dir+"/e.mbox", []byte(msg(words(500))+msg(words(2000))+msg(strings.Repeat(words(60)+"\n", 30))+msg(words(500))))
	docs, got := readDir(t, dir, Open([]string{dir}, Options{MaxBytes: 1024}))
	want := strings.Join([]string{
		"a-small a-small.txt",
		"SKIP b-big.txt: too large: the file has more than the 1 KiB a document may have (Options.MaxBytes)",
		"SKIP c-bomb.txt.gz: too large: the file has more than the 1 KiB a document may have (Options.MaxBytes)",
		"j1 d.jsonl:1",
		"SKIP d.jsonl:2: too large: the line has more than the 1 KiB a document may have (Options.MaxBytes)",
		"j3 d.jsonl:3",
		"e#1 e.mbox:1",
		"SKIP e.mbox:7: too large: the message has more than the 1 KiB a document may have (Options.MaxBytes)",
		"SKIP e.mbox:13: too large: the message has more than the 1 KiB a document may have (Options.MaxBytes)",
		"e#4 e.mbox:49",
	}, "\n")
	if got != want {
		t.Errorf("read:\n%s\nwant:\n%s", got, want)
	}
	if len(docs) != 5 {
		t.Errorf("%d documents, want 5", len(docs))
	}
	// The bomb alone: what reading it allocates is far less than its 64 MiB.
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	read(t, Open([]string{dir + "/c-bomb.txt.gz"}, Options{MaxBytes: 1024}))
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 8<<20 {
		t.Errorf("reading the bomb allocated %d MiB", n>>20)
	}
	for _, tc := range []struct{ set, want int64 }{{0, DefaultMaxBytes}, {-1, DefaultMaxBytes}, {5000, 5000}, {1 << 40, MaxMaxBytes}} {
		if got := (Options{MaxBytes: tc.set}).maxBytes(); got != tc.want {
			t.Errorf("MaxBytes %d: %d, want %d", tc.set, got, tc.want)
		}
	}
}
