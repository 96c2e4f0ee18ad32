package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

var fastRecords = []string{
	`{"id": "a1", "text": "Plain text."}`,
	`{"id":7,"outlet":"AP","published":"2017-12-17T12:00:00Z","title":"T","url":"https://x.org/a","text":"Line one.\nLine \"two\" \\ \/ \t \u00e9 \ud83d\ude00 \ud83d lone \u0041"}`,
	`  {"text": "no id", "published": 1513512000}  `,
	`{"id": null, "text": "x", "outlet": true, "title": false, "url": -1.5e3}`,
	`{}`,
	`{"id": "a", "text": null}`,                         // not a string: encoding/json
	`{"id": "a", "text": "x", "extra": 1}`,              // another key: encoding/json
	`{"ID": "a", "Text": "x"}`,                          // keys in another case: encoding/json
	`{"id": "a", "id": "b", "text": "x"}`,               // repeated: encoding/json
	`{"id": {"n": 1}, "text": "x"}`,                     // nested
	`{"id": "a", "text": "x",}`,                         // syntax error
	`{"id": 01, "text": "x"}`,                           // not a JSON number
	`{"id": "a", "text": "tab	inside"}`,                 // control character in a string
	`{"id": "a", "text": "x"} trailing`,                 // more after the object
	`{"id": "a", "text": "\ude00\ud83d reversed"}`,      // surrogates the wrong way round
	`{"id": 0, "outlet": "\0"}`,                         // not an escape, in a field kept raw: encoding/json
	`{"id": "a", "title": "\u00g9", "text": "x"}`,       // not hex
	`{"id": "a", "url": "tab	inside", "text": "x"}`,     // control character in a field kept raw
	`{"id": "a", "text": "ends in an escape cut short\`, // no closing quote
	`{"id": "a", "text": "short", "title": "` + strings.Repeat("a title longer than the text, ", 40) + `"}`,
}

// TestRecordFast: every record the fast path reads, it reads as
// encoding/json does.
func TestRecordFast(t *testing.T) {
	fast := 0
	for _, line := range fastRecords {
		if checkFast(t, []byte(line)) {
			fast++
		}
	}
	if fast < 5 {
		t.Errorf("the fast path read %d of the records of the common shape", fast)
	}
}

func FuzzRecordFast(f *testing.F) {
	for _, line := range fastRecords {
		f.Add([]byte(line))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if utf8.Valid(b) {
			checkFast(t, b)
		}
	})
}

// checkFast compares the fast path with encoding/json on b, and reports
// whether the fast path read it.
func checkFast(t *testing.T, b []byte) bool {
	t.Helper()
	var fast, slow record
	if !decodeRecordFast(b, &fast) {
		return false
	}
	if err := json.Unmarshal(b, &slow); err != nil {
		t.Fatalf("fast path read %q, which encoding/json rejects: %v", b, err)
	}
	same := func(x, y json.RawMessage) bool { return bytes.Equal(x, y) }
	if !same(fast.ID, slow.ID) || !same(fast.Outlet, slow.Outlet) || !same(fast.Published, slow.Published) ||
		!same(fast.Title, slow.Title) || !same(fast.URL, slow.URL) ||
		fast.Text != nil || fast.text == nil != (slow.Text == nil) || fast.text != nil && string(fast.text) != *slow.Text {
		t.Fatalf("%q: fast path read %+v, encoding/json %+v", b, fast, slow)
	}
	return true
}

// BenchmarkRecordFast decodes a record whose text is news prose in
// paragraphs (escaped line breaks, a quotation), at three text sizes.
func BenchmarkRecordFast(b *testing.B) {
	para := `Russian President Vladimir Putin called U.S. President Donald Trump on Sunday to thank him for a CIA tip that helped thwart a terror attack in St. Petersburg, the Kremlin said. \"We are grateful,\" he said.\n\n`
	for _, n := range []int{300, 3000, 30000} {
		text := strings.Repeat(para, n/len(para)+1)[:n]
		text = text[:strings.LastIndexByte(text, ' ')] // no escape cut in two
		line := []byte(`{"id":"ap-1","outlet":"AP","published":"2017-12-17T20:01:00Z","title":"Putin thanks Trump","url":"https://apnews.com/x","text":"` + text + `"}`)
		b.Run(fmt.Sprintf("bytes=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(line)))
			b.ReportAllocs()
			var rec record
			for b.Loop() {
				rec = record{}
				if !decodeRecordFast(line, &rec) {
					b.Fatal("the fast path did not read the record")
				}
			}
			sinkRecord = rec
		})
	}
}

var sinkRecord record

// TestStringStop holds stringStop, eight bytes at a time, to a byte at a
// time, on random bytes rich in the bytes it stops at and in their
// neighbours (a borrow or a high bit next to them), from every start.
func TestStringStop(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte{'"', '\\', 0, 0x1f, 0x20, 0x21, '#', '[', ']', 0x7f, 0x80, 0x9f, 0xa2, 0xdc, 0xff, 'a', 'Z', ' '}
	naive := func(b []byte, i int) int {
		for ; i < len(b); i++ {
			if c := b[i]; c == '"' || c == '\\' || c < 0x20 {
				return i
			}
		}
		return len(b)
	}
	for range 20000 {
		b := make([]byte, r.IntN(40))
		for j := range b {
			if r.IntN(4) == 0 {
				b[j] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[j] = byte(0x20 + r.IntN(0x60)) // printable ASCII, a quote or a solidus among it
			}
		}
		for i := 0; i <= len(b); i++ {
			if got, want := stringStop(b, i), naive(b, i); got != want {
				t.Fatalf("stringStop(%q, %d) = %d, want %d", b, i, got, want)
			}
		}
	}
}

// TestRecordFastTextRoom: a text decoded before a long field holds no
// room for that field's bytes (decodeString makes room for the rest of
// the line, then gives back what it did not use).
func TestRecordFastTextRoom(t *testing.T) {
	line := []byte(`{"id": "a", "text": "short", "title": "` + strings.Repeat("a title longer than the text, ", 40) + `"}`)
	var rec record
	if !decodeRecordFast(line, &rec) {
		t.Fatal("the fast path did not read the record")
	}
	if string(rec.text) != "short" || cap(rec.text) > 64 {
		t.Errorf("text %q in %d bytes of room", rec.text, cap(rec.text))
	}
}
