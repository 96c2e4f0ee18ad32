package corpus

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// TestWrittenDates: dates as spreadsheets and people write them, each for
// 17 December 2017 (at 15:01 where a time is given): Excel's and Google
// Sheets' in the United States and in Europe, a cell formatted with the
// month's name, prose; a date of numbers read in the order it shows, or
// in the order given; one that shows none, with none given, is
// errDateOrder; what is not a day of the calendar is not read.
func TestWrittenDates(t *testing.T) {
	day := "2017-12-17T00:00:00Z"
	at := "2017-12-17T15:01:00Z"
	for _, tc := range []struct {
		in      string
		order   dateOrder
		want    string // RFC 3339; "" if not read
		dayOnly bool
		zoned   bool // a zone given: no note that there is none
	}{
		{"12/17/2017 15:01", orderUnknown, at, false, false},      // Excel, en-US, 24 hours
		{"12/17/2017 3:01 PM", orderUnknown, at, false, false},    // Excel, en-US
		{"12/17/2017 3:01:00 PM", orderUnknown, at, false, false}, // Google Sheets, en-US
		{"12/17/17 3:01 pm", orderUnknown, at, false, false},
		{"12/17/2017 3:01pm", orderUnknown, at, false, false},
		{"12/17/2017", orderUnknown, day, true, false},
		{"17/12/2017 15:01", orderUnknown, at, false, false},    // en-GB, fr-FR
		{"17/12/2017 15:01:00", orderUnknown, at, false, false}, // Google Sheets, en-GB
		{"17-12-2017 15:01", orderUnknown, at, false, false},    // nl-NL
		{"17.12.2017 15:01", orderUnknown, at, false, false},    // de-DE, ru-RU
		{"17.12.17", orderUnknown, day, true, false},
		{"2017/12/17 15:01", orderUnknown, at, false, false}, // ja-JP, zh-CN
		{"2017.12.17", orderUnknown, day, true, false},
		{"Dec 17, 2017", orderUnknown, day, true, false},
		{"December 17, 2017 3:01 PM", orderUnknown, at, false, false},
		{"December 17, 2017 at 3:01 p.m.", orderUnknown, at, false, false},
		{"Sunday, December 17, 2017", orderUnknown, day, true, false},
		{"17 December 2017", orderUnknown, day, true, false},
		{"Sunday 17 December 2017 15:01", orderUnknown, at, false, false},
		{"17-Dec-17", orderUnknown, day, true, false}, // Excel's d-mmm-yy
		{"17-Dec-2017 15:01", orderUnknown, at, false, false},
		{"Dec. 17, 2017", orderUnknown, day, true, false},
		{"Dec 17, 2017 10:01 AM EST", orderUnknown, "2017-12-17T10:01:00-05:00", false, true},
		{"17. Dezember 2017 Sonntag", orderUnknown, day, true, false}, // a German LexisNexis download's
		{"domingo, 17 de diciembre de 2017 15:01", orderUnknown, at, false, false},
		{"12/17/2017 3:01 PM GMT", orderUnknown, at, false, true},
		// Russian, Ukrainian, Polish, Czech, Turkish; Chinese, Japanese,
		// Korean.
		{"17 декабря 2017 г.", orderUnknown, day, true, false},
		{"17 декабря 2017 года в 15:01", orderUnknown, at, false, false},
		{"воскресенье, 17 декабря 2017, 15:01", orderUnknown, at, false, false},
		{"17 дек. 2017 15:01", orderUnknown, at, false, false},
		{"17 грудня 2017 р. о 15:01", orderUnknown, at, false, false},
		{"niedziela, 17 grudnia 2017 r. o 15:01", orderUnknown, at, false, false},
		{"17. prosince 2017 v 15:01", orderUnknown, at, false, false},
		{"17 Aralık 2017 Pazar 15:01", orderUnknown, at, false, false},
		{"17 ARALIK 2017", orderUnknown, day, true, false},
		{"2017年12月17日", orderUnknown, day, true, false},
		{"2017年12月17日 15:01", orderUnknown, at, false, false},
		{"2017年12月17日（日）15時01分", orderUnknown, at, false, false},
		{"2017年12月17日 星期日 下午3:01", orderUnknown, at, false, false},
		{"2017年12月17日 午後3:01", orderUnknown, at, false, false},
		{"2017년 12월 17일 (일) 오후 3시 1분", orderUnknown, at, false, false},
		{"2017년 12월 17일 일요일 15:01", orderUnknown, at, false, false},
		{"2017年12月17日 15:01:00", orderUnknown, at, false, false},
		{"2017. 12. 17. 오후 3:01", orderUnknown, at, false, false},
		{"2017. 12. 17.", orderUnknown, day, true, false},
		{"2017年2月30日", orderUnknown, "", false, false},
		{"2017年12月17日 下午15:01", orderUnknown, "", false, false}, // 15 o'clock in the afternoon
		{"17 грудня", orderUnknown, "", false, false},
		// Numbers that do not show their order: read as given, or not.
		{"3/4/2017 15:01", monthFirst, "2017-03-04T15:01:00Z", false, false},
		{"3/4/2017 15:01", dayFirst, "2017-04-03T15:01:00Z", false, false},
		{"3/4/2017", orderUnknown, "", false, false},
		{"12/17/2017", dayFirst, day, true, false}, // the value shows its own
		// Not dates.
		{"2/30/2017", monthFirst, "", false, false},
		{"13/13/2017", orderUnknown, "", false, false},
		{"12/17/2017 13:01 PM", orderUnknown, "", false, false},
		{"12/17-2017", orderUnknown, "", false, false},
		{"Dec 17, 2017 EST", orderUnknown, "", false, false},
	} {
		got, dayOnly, note, err := parseTimeIn(tc.in, tc.order)
		if tc.want == "" {
			if err == nil {
				t.Errorf("%q (%v): read as %v, want not read", tc.in, tc.order, got)
			}
			continue
		}
		if err != nil || got.Format(time.RFC3339) != tc.want || dayOnly != tc.dayOnly || (note == "") != (tc.dayOnly || tc.zoned) {
			t.Errorf("%q (%v) = %s, day only %v, note %q, %v; want %s, %v", tc.in, tc.order, got.Format(time.RFC3339), dayOnly, note, err, tc.want, tc.dayOnly)
		}
	}
	if _, _, _, err := parseTime("3/4/2017"); !errors.Is(err, errDateOrder) {
		t.Errorf("3/4/2017: %v, want errDateOrder", err)
	}
}

// TestWrittenDatesBySystems: the dates of testdata/written_dates.tsv,
// each written by the system it names (Node's Intl for 17 locales,
// PostgreSQL's DateStyles), read as the file says: every one, its month
// in numbers or by its name (in English, German, French, Spanish,
// Italian, Portuguese, Dutch, Polish or Russian), or written as Japanese
// and Korean write dates.
func TestWrittenDatesBySystems(t *testing.T) {
	raw, err := os.ReadFile("testdata/written_dates.tsv")
	if err != nil {
		t.Fatal(err)
	}
	read, unread := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("line %q", line)
		}
		got, dateOnly, _, err := parseTime(f[1])
		switch want := f[2]; {
		case want == "unread":
			unread++
			if err == nil {
				t.Errorf("%s: %q read as %v, want unread", f[0], f[1], got)
			}
		case err != nil:
			t.Errorf("%s: %q: %v", f[0], f[1], err)
		case len(want) == 10:
			read++
			if !dateOnly || got.Format("2006-01-02") != want {
				t.Errorf("%s: %q read as %v (date only %v), want the date %s", f[0], f[1], got, dateOnly, want)
			}
		default:
			read++
			if dateOnly || got.Format(time.RFC3339) != want {
				t.Errorf("%s: %q read as %v (date only %v), want %s", f[0], f[1], got.Format(time.RFC3339), dateOnly, want)
			}
		}
	}
	if read != 45 || unread != 0 {
		t.Errorf("%d read and %d unread, want the file's 45 and 0", read, unread)
	}
}

// FuzzParseTime: any string is read or not, never a panic, in any order
// given; a time read is one RFC 3339 gives back, and a date at midnight.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"12/17/2017 3:01 PM", "3/4/17", "17.12.2017, 15:01:00", "Dec 17, 2017 10:01 AM EST", "2017-12-17T15:01:00Z", "Sun Dec 17 15:01:00 EST 2017", "17-Dec-17"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, o uint8) {
		got, dateOnly, _, err := parseTimeIn(s, dateOrder(o%3))
		if err != nil {
			return
		}
		if dateOnly && (got.Hour() != 0 || got.Minute() != 0 || got.Location() != time.UTC) {
			t.Fatalf("%q: the date %v is not midnight UTC", s, got)
		}
		back, err := time.Parse(time.RFC3339Nano, got.Format(time.RFC3339Nano))
		if err != nil || !back.Equal(got) {
			t.Fatalf("%q: %v does not come back from RFC 3339 (%v, %v)", s, got, back, err)
		}
	})
}
