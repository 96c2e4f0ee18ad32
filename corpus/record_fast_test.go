package corpus

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

var fastRecords = []string{
	`{"id": "a1", "text": "Plain text."}`,
	`{"id":7,"outlet":"AP","published":"2017-12-17T12:00:00Z","title":"T","url":"https://x.org/a","text":"Line one.\nLine \"two\" \\ \/ \t \u00e9 \ud83d\ude00 \ud83d lone \u0041"}`,
	`  {"text": "no id", "published": 1513512000}  `,
	`{"id": null, "text": "x", "outlet": true, "title": false, "url": -1.5e3}`,
	`{}`,
	`{"id": "a", "text": null}`,                     // not a string: encoding/json
	`{"id": "a", "text": "x", "extra": 1}`,          // another key: encoding/json
	`{"ID": "a", "Text": "x"}`,                      // keys in another case: encoding/json
	`{"id": "a", "id": "b", "text": "x"}`,           // repeated: encoding/json
	`{"id": {"n": 1}, "text": "x"}`,                 // nested
	`{"id": "a", "text": "x",}`,                     // syntax error
	`{"id": 01, "text": "x"}`,                       // not a JSON number
	`{"id": "a", "text": "tab	inside"}`,             // control character in a string
	`{"id": "a", "text": "x"} trailing`,             // more after the object
	`{"id": "a", "text": "\ude00\ud83d reversed"}`,  // surrogates the wrong way round
	`{"id": 0, "outlet": "\0"}`,                     // not an escape, in a field kept raw: encoding/json
	`{"id": "a", "title": "\u00g9", "text": "x"}`,   // not hex
	`{"id": "a", "url": "tab	inside", "text": "x"}`, // control character in a field kept raw
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
