package corpus

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
	"github.com/copydesk/copydesk/internal/seeds"
)

// mixedFolder makes a folder of every kind of input this package reads,
// the read-again and renamed cases among them: the testdata files (a
// WARC, feeds, workbooks, .docx), 200 pages, an mbox of 60 messages, a
// JSON Lines file of 300 lines, .json files of 150 records, the seeds twice (their ids renamed), a feed twice (its
// items read again), a binary file and an empty one.
func mixedFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join("testdata", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, "testdata", e.Name()), b)
		if strings.HasPrefix(e.Name(), "seeds.") {
			write(t, filepath.Join(dir, "again", e.Name()), b)
		}
	}
	all := seeds.All()
	var mbox strings.Builder
	for i := range 200 {
		s := all[i%len(all)]
		p, _ := seedParagraphs(i % len(all))
		page := fmt.Sprintf("<!DOCTYPE html><html><head><title>Page %d</title></head><body><nav><a href=/>Home</a></nav><article>%s<p>Page %d of the folder.</p></article></body></html>", i, p, i)
		write(t, filepath.Join(dir, "pages", fmt.Sprintf("p%03d.html", i)), []byte(page))
		if i < 60 {
			fmt.Fprintf(&mbox, "From a@example.org Sun Dec 17 20:01:00 2017\nFrom: a@example.org\nSubject: %s %d\nDate: Sun, 17 Dec 2017 20:01:00 +0000\n\n%s\n\n", s.ID, i, s.Text)
		}
	}
	write(t, filepath.Join(dir, "list.mbox"), []byte(mbox.String()))
	for _, s := range all {
		write(t, filepath.Join(dir, "seeds", s.Name), s.Text)
		write(t, filepath.Join(dir, "seeds2", s.Name), s.Text)
	}
	// Records past several of the batches decoded at once (jsonBatch),
	// among them malformed lines, blank ones, ids taken before, Latin-1
	// lines and seeds with their chrome.
	var records strings.Builder
	for i := range 300 {
		switch {
		case i%17 == 5:
			records.WriteString("{bad\n")
		case i%29 == 3:
			records.WriteString("\n")
		case i%23 == 7:
			fmt.Fprintf(&records, `{"id": "r%d", "text": "Trump thanks Putin again."}`+"\n", i-7)
		case i%31 == 11:
			fmt.Fprintf(&records, "{\"id\": \"r%d\", \"text\": \"Caf\xe9 %d.\"}\n", i, i)
		case i%5 == 0:
			text, _ := json.Marshal(string(all[i/5%len(all)].Text))
			fmt.Fprintf(&records, `{"id": "r%d", "outlet": "o%d", "published": "2017-12-%02dT10:00:00Z", "text": %s}`+"\n", i, i%7, 1+i%28, text)
		default:
			fmt.Fprintf(&records, `{"id": "r%d", "text": "Putin thanks Trump, %d times."}`+"\n", i, i)
		}
	}
	write(t, filepath.Join(dir, "records.jsonl"), []byte(records.String()))
	// A JSON array of records, and records one after another with a JSON
	// Feed among them, each past a batch.
	var array, objects strings.Builder
	array.WriteString("[")
	for i := range 150 {
		if i > 0 {
			array.WriteString(",\n")
		}
		fmt.Fprintf(&array, `{"id": "a%d", "text": "Record %d of an array."}`, i%140, i)
		if i == 70 {
			objects.WriteString(`{"version": "https://jsonfeed.org/version/1.1", "title": "Wire", "items": [{"id": "w1", "content_text": "A wire item."}, {"id": "w2", "content_text": "Another item."}]}` + "\n")
		}
		if i%40 != 9 {
			fmt.Fprintf(&objects, "{\n  \"id\": \"o%d\",\n  \"text\": \"Object %d, printed over lines.\"\n}\n", i, i)
		} else {
			fmt.Fprintf(&objects, `{"id": "o%d"}`+"\n", i)
		}
	}
	array.WriteString("]")
	write(t, filepath.Join(dir, "array.json"), []byte(array.String()))
	write(t, filepath.Join(dir, "objects.json"), []byte(objects.String()))
	write(t, filepath.Join(dir, "blob.txt"), []byte("a\x00b"))
	write(t, filepath.Join(dir, "empty.txt"), nil)
	return dir
}

// readWith reads dir with the given workers, each document and skip a
// line (its id, place, title, outlet, time, note, chrome and a hash of
// its text).
func readWith(t *testing.T, dir string, workers int) []string {
	t.Helper()
	var lines []string
	err := Open([]string{dir}, Options{Workers: workers})(func(d Doc) error {
		lines = append(lines, fmt.Sprintf("%s %s %q %q %v %q %v %x", d.ID, d.Path, d.Title, d.Outlet, d.Published, d.Note, d.Boilerplate, xxhash.Sum64(d.Text)))
		return nil
	}, func(s Skip) error {
		lines = append(lines, fmt.Sprintf("SKIP %s %s: %s %v", s.ID, s.Path, s.Reason, s.Hidden))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

// TestWorkersSameOutput: a folder of every kind of input is read the
// same, document for document and skip for skip, in the same order, on
// 1, 2, 3 and 8 workers.
func TestWorkersSameOutput(t *testing.T) {
	dir := mixedFolder(t)
	want := readWith(t, dir, 1)
	if len(want) < 300 || !strings.Contains(strings.Join(want, "\n"), "~2 ") || !strings.Contains(strings.Join(want, "\n"), "read again, the same text") {
		t.Fatalf("the folder does not hold what the test needs:\n%s", strings.Join(want, "\n"))
	}
	for _, workers := range []int{2, 3, 8} {
		got := readWith(t, dir, workers)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("%d workers: %d lines, 1 worker %d; first difference at %d:\n%s\nwant\n%s", workers, len(got), len(want), i, got[i], want[i])
				}
			}
			t.Fatalf("%d workers: %d lines, 1 worker %d", workers, len(got), len(want))
		}
	}
}

// TestWorkersStop: the first error a callback returns stops the reading
// on any number of workers, with what was delivered before it the same,
// and no document delivered after it.
func TestWorkersStop(t *testing.T) {
	dir := mixedFolder(t)
	stop := errors.New("stop")
	for _, after := range []int{0, 7, 150} {
		var want []string
		for _, workers := range []int{1, 2, 8} {
			var got []string
			n := 0
			err := Open([]string{dir}, Options{Workers: workers})(func(d Doc) error {
				if n == after {
					return stop
				}
				n++
				got = append(got, d.ID+" "+d.Path)
				return nil
			}, func(s Skip) error {
				got = append(got, "SKIP "+s.Path)
				return nil
			})
			if err != stop {
				t.Fatalf("stop after %d, %d workers: %v", after, workers, err)
			}
			if workers == 1 {
				want = got
			} else if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("stop after %d, %d workers: delivered\n%s\nwant\n%s", after, workers, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
	}
}

// TestReadToldAsDelivered: Options.Read tells the bytes of the files
// whose documents have been delivered, on any number of workers, not
// those the reader has read ahead of them, and all of them by the end.
func TestReadToldAsDelivered(t *testing.T) {
	dir := t.TempDir()
	var sizes []int
	for i := range 40 {
		text := strings.Repeat(fmt.Sprintf("Sentence %d of file %d, told again. ", i, i), 1+i*7)
		write(t, filepath.Join(dir, fmt.Sprintf("f%02d.txt", i)), []byte(text))
		sizes = append(sizes, len(text))
	}
	for _, workers := range []int{1, 4} {
		told, k := 0, 0
		err := Open([]string{dir}, Options{Workers: workers, Read: func(n int) { told += n }})(func(d Doc) error {
			want := 0
			for _, n := range sizes[:k+1] {
				want += n
			}
			if told != want {
				t.Fatalf("%d workers: at document %d (%s), %d bytes told, want the first %d files' %d", workers, k+1, d.Path, told, k+1, want)
			}
			k++
			return nil
		}, func(s Skip) error { t.Errorf("skipped %+v", s); return nil })
		if err != nil || k != len(sizes) {
			t.Fatalf("%d workers: %d documents, %v", workers, k, err)
		}
	}
}
