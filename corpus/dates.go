package corpus

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// Dates as e-mail (RFC 5322's Date) and RSS (its pubDate, "RFC 822")
// write them. net/mail reads them, but a zone given by name it takes at
// the offset the machine's own zone gives that name, else at +0000: a
// story dated "Sun, 17 Dec 2017 15:01:00 EST" came out five hours early,
// which can turn which of two outlets published first. mailDate applies
// the offsets RFC 5322 (4.3) gives the names it knows (UT, GMT, EST, EDT,
// CST, CDT, MST, MDT, PST, PDT, Z) and notes any other name ("MSK",
// "IST": several zones share some), whose time is read as UTC. Feeds
// written by hand or by templates also spell out the day or the month
// ("Sunday, 17 December 2017"): looseLayouts reads those.

// rfc5322Zones are the hours from UTC of the zone names RFC 5322 knows.
var rfc5322Zones = map[string]int{"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7}

// looseLayouts are the dates of feeds in the wild that net/mail does
// not read.
var looseLayouts = []string{
	"Monday, 2 Jan 2006 15:04:05 MST", "Monday, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 January 2006 15:04:05 MST", "Mon, 2 January 2006 15:04:05 -0700",
	"Monday, 2 January 2006 15:04:05 MST", "Monday, 2 January 2006 15:04:05 -0700",
	"2 January 2006 15:04:05 MST", "2 January 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 Z", "Mon, 2 Jan 2006 15:04 Z",
}

// mailDate returns the time s gives, as e-mail and RSS write times, and a
// note if its zone is a name RFC 5322 does not know.
func mailDate(s string) (time.Time, string, error) {
	s = strings.TrimSpace(s)
	t, err := mail.ParseDate(s)
	for _, layout := range looseLayouts {
		if err == nil {
			break
		}
		t, err = time.Parse(layout, s)
	}
	if err != nil {
		return time.Time{}, "", err
	}
	// The zone as written, not as t names it: time.Parse names an offset
	// by the machine's own zone, and gives a name it does not know +0000.
	name := zoneField(s)
	if name == "" || name[0] == '+' || name[0] == '-' {
		return t, "", nil // a numeric zone: t's offset is the one given
	}
	h, ok := rfc5322Zones[strings.ToUpper(name)]
	if !ok {
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC),
			fmt.Sprintf("its time zone %q is not one RFC 5322 names: the time is read as UTC", name), nil
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone(name, h*3600)), "", nil
}

// zoneField is the last field of a date, past any comment: its zone.
func zoneField(s string) string {
	if i := strings.IndexByte(s, '('); i >= 0 {
		s = s[:i]
	}
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}
