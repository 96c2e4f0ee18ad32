package corpus

import (
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
