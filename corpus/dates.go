package corpus

import (
	"fmt"
	"net/mail"
	"regexp"
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
	t, note := inNamedZone(t, zoneField(s))
	return t, note, nil
}

// inNamedZone is t, parsed from a time whose zone was written as name,
// at the offset RFC 5322 gives name, or in UTC with a note if it gives
// none; a numeric zone ("+0300", "-05:00", "GMT-0500") is kept as parsed.
func inNamedZone(t time.Time, name string) (time.Time, string) {
	if name == "" || strings.ContainsAny(name, "+-") {
		return t, "" // a numeric zone: t's offset is the one given
	}
	h, ok := rfc5322Zones[strings.ToUpper(name)]
	if !ok {
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC),
			fmt.Sprintf("its time zone %q is not one RFC 5322 names: the time is read as UTC", name)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone(name, h*3600)), ""
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

// Times as records give them. A data team's export writes a time as its
// database or language does, not always as RFC 3339: parseTime reads the
// forms these write (testdata/timestamps.tsv, each written by the system
// it names for one instant):
//
//   - RFC 3339 and ISO 8601 with a space for the T (PostgreSQL, SQLite,
//     Python's str), an offset of hours alone ("+00", PostgreSQL) or
//     without a colon ("+0000", Java's SimpleDateFormat), no seconds
//     ("15:01-05:00", Java's toString), and a zone's name in brackets
//     after the offset ("[America/New_York]");
//   - RFC 822, 1123 and 5322 (HTTP, e-mail, RSS, Node's toUTCString);
//   - C's and Unix's ("Sun Dec 17 15:01:00 EST 2017": date, Java's
//     Date), PostgreSQL's "Postgres" style, and JavaScript's Date
//     ("Sun Dec 17 2017 15:01:00 GMT-0500 (Eastern Standard Time)").
//
// A time with no zone (a database's timestamp without one, Python's naive
// isoformat) is read as UTC, and the note says so; a date alone covers
// its day. Dates as people and spreadsheets write them ("Dec 17, 2017",
// "12/17/2017 3:01 PM") are read as dates_written.go says.

// isoTime matches an ISO 8601 time: date, time (seconds optional), zone
// (optional), a zone's name in brackets (optional).
var isoTime = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:[.,]\d{1,9})?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?(?:\[[^\]]*\])?$`)

// isoBasic matches ISO 8601's basic form: a date of eight digits, and a
// time of four or six with its zone (optional).
var isoBasic = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{2}(?::?\d{2})?)?)?$`)

// cLayouts are C's, Unix's and JavaScript's forms, with their zone's
// name or offset where they have one.
var cLayouts = []string{
	time.UnixDate,                       // Sun Dec 17 15:01:00 EST 2017
	"Mon Jan _2 15:04:05 2006 MST",      // PostgreSQL's "Postgres" style
	"Mon Jan 02 2006 15:04:05 GMT-0700", // JavaScript's Date, its zone's name in parentheses cut
	time.ANSIC,                          // no zone
}

// parseTime reads a time as a record gives it (see above), a date alone
// as midnight UTC reported as date only; note says how a time with no
// zone, or with a zone's name RFC 5322 does not give, was read.
func parseTime(s string) (t time.Time, dateOnly bool, note string, err error) {
	return parseTimeIn(s, orderUnknown)
}

// parseTimeIn is parseTime, a date of numbers whose year comes last and
// that does not show whether its month or its day comes first read in
// order (dates_written.go).
func parseTimeIn(s string, order dateOrder) (t time.Time, dateOnly bool, note string, err error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, false, "", nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true, "", nil
	}
	if m := isoBasic.FindStringSubmatch(s); m != nil {
		// ISO 8601's basic form, as NITF writes it: made extended.
		s = m[1] + "-" + m[2] + "-" + m[3]
		if m[4] != "" {
			sec := ":00"
			if m[6] != "" {
				sec = ":" + m[6]
			}
			s += "T" + m[4] + ":" + m[5] + sec + m[7]
		}
		return parseTimeIn(s, order)
	}
	if m := isoTime.FindStringSubmatch(s); m != nil {
		sec, zone := m[3], m[4]
		if sec == "" {
			sec = ":00"
		}
		sec = strings.Replace(sec, ",", ".", 1)
		switch {
		case zone == "":
			zone, note = "Z", "it gives no time zone: the time is read as UTC"
		case zone == "z":
			zone = "Z"
		case len(zone) == 3:
			zone += ":00"
		case len(zone) == 5:
			zone = zone[:3] + ":" + zone[3:]
		}
		t, err := time.Parse(time.RFC3339Nano, m[1]+"T"+m[2]+sec+zone)
		return t, false, note, err
	}
	if t, note, err := mailDate(s); err == nil {
		return t, false, note, nil
	}
	c := s
	if i := strings.IndexByte(c, '('); i >= 0 {
		c = strings.TrimSpace(c[:i])
	}
	for _, layout := range cLayouts {
		t, err := time.Parse(layout, c)
		if err != nil {
			continue
		}
		switch layout {
		case time.ANSIC:
			return t, false, "it gives no time zone: the time is read as UTC", nil
		case time.UnixDate:
			t, note := inNamedZone(t, strings.Fields(c)[4])
			return t, false, note, nil
		case cLayouts[1]:
			t, note := inNamedZone(t, zoneField(c))
			return t, false, note, nil
		}
		return t, false, "", nil
	}
	if t, dateOnly, note, ok, err := localTime(s, order); ok {
		if err != nil {
			return time.Time{}, false, "", fmt.Errorf("corpus: %q is %w", s, err)
		}
		return t, dateOnly, note, nil
	}
	return time.Time{}, false, "", fmt.Errorf("corpus: %q is not a time in a form this reader knows", s)
}
