package corpus

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestMailDate: a zone given by name is at the offset RFC 5322 gives it,
// whatever the machine's zone; one it does not name is read as UTC, with
// a note; a numeric zone is as given; feeds' spelt-out days and months
// are read.
func TestMailDate(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		note     bool
	}{
		{"Sun, 17 Dec 2017 15:01:00 EST", "2017-12-17T20:01:00Z", false},
		{"Sun, 17 Dec 2017 12:01:00 PDT", "2017-12-17T19:01:00Z", false},
		{"17 Dec 2017 20:01 GMT", "2017-12-17T20:01:00Z", false},
		{"Sun, 17 Dec 2017 23:01:00 +0300 (MSK)", "2017-12-17T20:01:00Z", false},
		{"Sun, 17 Dec 2017 20:01:00 -0000", "2017-12-17T20:01:00Z", false},
		{"Sun, 17 Dec 2017 20:01:00 MSK", "2017-12-17T20:01:00Z", true},
		{"Sunday, 17 Dec 2017 15:01:00 EST", "2017-12-17T20:01:00Z", false},
		{"Sun, 17 December 2017 20:01:00 +0000", "2017-12-17T20:01:00Z", false},
		{"Sun, 17 Dec 2017 20:01:00 Z", "2017-12-17T20:01:00Z", false},
	} {
		for _, zone := range []string{"UTC", "America/New_York", "Europe/Moscow", "Asia/Shanghai"} {
			loc, err := time.LoadLocation(zone)
			if err != nil {
				t.Skipf("no zone data: %v", err)
			}
			saved := time.Local
			time.Local = loc
			got, note, err := mailDate(tc.in)
			time.Local = saved
			if err != nil || got.UTC().Format(time.RFC3339) != tc.want || (note != "") != tc.note {
				t.Errorf("mailDate(%q) in %s = %v, %q, %v; want %s, a note %v", tc.in, zone, got.UTC(), note, err, tc.want, tc.note)
			}
		}
	}
}

// TestParseTimeExports: one instant as PostgreSQL, SQLite, Python, Node,
// GNU date and Java write it (testdata/timestamps.tsv, each line written
// by the system it names) is read as that instant; those with no zone
// are read as UTC with a note, the others with none.
func TestParseTimeExports(t *testing.T) {
	raw, err := os.ReadFile("testdata/timestamps.tsv")
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2017, 12, 17, 20, 1, 0, 0, time.UTC)
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		system, text, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("line %q", line)
		}
		n++
		got, dateOnly, note, err := parseTime(text)
		if err != nil || dateOnly || !got.Truncate(time.Second).Equal(want) || (note != "") != strings.Contains(system, "(no zone)") {
			t.Errorf("%s: %q read as %v (date only %v), note %q, %v", system, text, got.UTC(), dateOnly, note, err)
		}
	}
	if n < 25 {
		t.Errorf("%d forms, want the file's 25", n)
	}
	for _, s := range []string{"3/4/2017 15:01:00 EST", "yesterday", "2017-13-45T99:00:00Z"} {
		if _, _, _, err := parseTime(s); err == nil {
			t.Errorf("parseTime(%q): no error", s)
		}
	}
}

// TestISOBasic: ISO 8601's basic form, as NITF writes times.
func TestISOBasic(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		dateOnly bool
	}{
		{"20171217T200100Z", "2017-12-17T20:01:00Z", false},
		{"20171217T150100-0500", "2017-12-17T20:01:00Z", false},
		{"20171217T2001Z", "2017-12-17T20:01:00Z", false},
		{"20171217", "2017-12-17T00:00:00Z", true},
	} {
		got, dateOnly, _, err := parseTime(tc.in)
		if err != nil || got.UTC().Format(time.RFC3339) != tc.want || dateOnly != tc.dateOnly {
			t.Errorf("parseTime(%q) = %v, %v, %v; want %s, %v", tc.in, got.UTC(), dateOnly, err, tc.want, tc.dateOnly)
		}
	}
}
