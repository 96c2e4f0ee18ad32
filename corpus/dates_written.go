package corpus

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Dates as people and spreadsheets write them. A newsroom's table of
// stories is often a spreadsheet's export, its times as the sheet shows
// them, in the locale of whoever made it: "12/17/2017 3:01 PM" (Excel and
// Google Sheets in the United States), "17/12/2017 15:01" (in Britain or
// France), "17.12.2017 15:01" (in Germany or Russia), "Dec 17, 2017" or
// "17-Dec-17" (a cell formatted so). parseTime reads them (writtenTime):
//
//   - a month by its name, in English, in any of the orders these write,
//     with a time of 24 or 12 hours (AM, PM) or none, and a zone's name
//     as RFC 5322 gives it (EST) or none; or in German, French, Spanish,
//     Italian, Portuguese, Dutch, a Scandinavian language, Russian,
//     Ukrainian, Polish, Czech or Turkish, read as English writes it
//     (inEnglish: "17. Dezember 2017", "17 de diciembre de 2017", "17
//     декабря 2017 г. в 15:01");
//   - a date as Chinese, Japanese and Korean write it ("2017年12月17日
//     15:01", "2017년 12월 17일 오후 3시 1분", "2017. 12. 17. PM 3:01:00");
//   - a date of numbers, year first ("2017/12/17"), or year last with
//     dots ("17.12.2017": the day first, where dots are written so);
//   - a date of numbers with the year last and slashes or dashes
//     ("12/17/2017", "17-12-2017"): the month first or the day first, as
//     the value shows it (a number past 12 is the day) or as its table's
//     other rows show it (dateOrder). A value that does not, in a table
//     whose rows never do, is not read (errDateOrder), not guessed.
//
// Two-digit years are Excel's: 00 to 29 are 2000 to 2029, 30 to 99 are
// 1930 to 1999. A time without a zone is read as UTC, with a note; a date
// alone covers its day.

// dateOrder is which comes first in a date of numbers whose year comes
// last: the month ("12/17/2017") or the day ("17/12/2017").
type dateOrder int8

const (
	orderUnknown dateOrder = iota
	monthFirst
	dayFirst
)

func (o dateOrder) String() string {
	switch o {
	case monthFirst:
		return "the month first"
	case dayFirst:
		return "the day first"
	}
	return "in an order not known"
}

// errDateOrder is the error of a date of numbers that does not show
// whether its month or its day comes first, where nothing else does.
var errDateOrder = errors.New("a date of numbers that does not show whether its month or its day comes first")

// numericDate matches a date of numbers with its year last, and a time
// (optional): the first number, the separator, the second, the
// separator again (checked), the year; hours, minutes, seconds
// (optional), AM or PM (optional).
var numericDate = regexp.MustCompile(`^(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4}|\d{2})(?:(?:\s+|T|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?:\s*([AaPp])\.?[Mm]\.?)?)?$`)

// numericDateOrder returns the order a date of numbers with its year last
// shows (a number past 12 is a day; dots put the day first), and whether
// s is one.
func numericDateOrder(s string) (dateOrder, bool) {
	m := numericDate.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || m[2] != m[4] {
		return orderUnknown, false
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[3])
	switch {
	case a > 12 && b <= 12:
		return dayFirst, true
	case b > 12 && a <= 12:
		return monthFirst, true
	case m[2] == ".":
		return dayFirst, true
	}
	return orderUnknown, true
}

// numericTime reads s, a date of numbers with its year last and a time
// (optional), in the order it shows, else in order; ok is false if s is
// not one. A date that shows no order, with order unknown, is
// errDateOrder.
func numericTime(s string, order dateOrder) (t time.Time, dateOnly bool, ok bool, err error) {
	m := numericDate.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || m[2] != m[4] {
		return time.Time{}, false, false, nil
	}
	if shown, _ := numericDateOrder(s); shown != orderUnknown {
		order = shown
	}
	if order == orderUnknown {
		return time.Time{}, false, true, errDateOrder
	}
	month, day := atoi(m[1]), atoi(m[3])
	if order == dayFirst {
		month, day = day, month
	}
	year := atoi(m[5])
	if len(m[5]) == 2 {
		year += 1900
		if year < 1930 {
			year += 100
		}
	}
	hour, minute, sec := atoi(m[6]), atoi(m[7]), atoi(m[8])
	switch strings.ToUpper(m[9]) {
	case "A":
		if hour == 12 {
			hour = 0
		}
	case "P":
		if hour < 12 {
			hour += 12
		}
	}
	if m[9] != "" && (atoi(m[6]) < 1 || atoi(m[6]) > 12) {
		return time.Time{}, false, true, errors.New("an hour of AM or PM past 12")
	}
	t = time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	if t.Month() != time.Month(month) || t.Day() != day || t.Hour() != hour || t.Minute() != minute || t.Second() != sec {
		return time.Time{}, false, true, errors.New("not a day of the calendar, or not a time of the day")
	}
	return t, m[6] == "", true, nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// writtenDates and writtenTimes are the layouts of dates with a month
// by its name, or numbers with the year first, and of the times after
// them: every date with every time is tried.
var (
	writtenDates = []string{
		"Jan 2, 2006", "Jan 2 2006", "Mon, Jan 2, 2006", "Mon Jan 2, 2006",
		"January 2, 2006", "January 2 2006", "Monday, January 2, 2006",
		"2 Jan 2006", "2 January 2006", "Mon, 2 January 2006", "Monday, 2 January 2006", "Monday 2 January 2006",
		"2-Jan-2006", "2-Jan-06", "2 Jan. 2006", "Jan. 2, 2006",
		"2006/1/2", "2006.1.2", "2006-Jan-2", "2006-1-2",
	}
	writtenTimes = func() []string {
		times := []string{""}
		for _, sep := range []string{" ", ", ", " at "} {
			for _, clock := range []string{"15:04", "15:04:05", "3:04 PM", "3:04:05 PM"} {
				times = append(times, sep+clock)
			}
		}
		return times
	}()
)

// localTime reads s as a date people or spreadsheets write (see above),
// a date of numbers that shows no order in order; ok is false if s is
// not one. A time with no zone is read as UTC, a zone's name last at its
// offset (inNamedZone); note says how a time was read.
func localTime(s string, order dateOrder) (t time.Time, dateOnly bool, note string, ok bool, err error) {
	f := strings.Fields(s)
	for i, w := range f { // AM and PM in capitals, apart from the time
		switch lw := strings.ToLower(w); {
		case lw == "am" || lw == "a.m." || lw == "pm" || lw == "p.m.":
			f[i] = strings.ToUpper(lw[:1]) + "M"
		case len(w) > 2 && w[len(w)-3] >= '0' && w[len(w)-3] <= '9' && (strings.HasSuffix(lw, "am") || strings.HasSuffix(lw, "pm")):
			f[i] = w[:len(w)-2] + " " + strings.ToUpper(lw[len(lw)-2:])
		}
	}
	zone := ""
	if len(f) > 2 && isZoneName(f[len(f)-1]) {
		zone, f = f[len(f)-1], f[:len(f)-1]
	}
	s = strings.Join(f, " ")
	t, dateOnly, ok, err = numericTime(s, order)
	if !ok {
		t, dateOnly, ok = writtenTime(s)
	}
	if e := inEnglish(s); !ok && e != s {
		t, dateOnly, ok = writtenTime(e)
	}
	switch {
	case !ok || err != nil:
		return time.Time{}, false, "", ok, err
	case dateOnly && zone != "":
		return time.Time{}, false, "", false, nil // a zone without a time
	case dateOnly:
		return t, true, "", true, nil
	case zone != "":
		t, note = inNamedZone(t, zone)
		return t, false, note, true, nil
	}
	return t, false, "it gives no time zone: the time is read as UTC", true, nil
}

// writtenTime reads s as a date with a month by its name, or of numbers
// with the year first, and a time (optional) with no zone, as UTC.
func writtenTime(s string) (t time.Time, dateOnly bool, ok bool) {
	for _, d := range writtenDates {
		for _, tm := range writtenTimes {
			if t, err := time.Parse(d+tm, s); err == nil {
				return t, tm == "", true
			}
		}
	}
	return time.Time{}, false, false
}

// isZoneName reports whether f is a time zone's abbreviation: two to
// five capital letters, not AM or PM.
func isZoneName(f string) bool {
	if len(f) < 2 || len(f) > 5 || f == "AM" || f == "PM" {
		return false
	}
	for _, c := range f {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// inEnglish is a date with its month named in German, French, Spanish,
// Italian, Portuguese, Dutch or a Scandinavian language ("17. Dezember
// 2017", "17 déc. 2017", "17 de diciembre de 2017") as English writes it
// ("17 Dec 2017"): the month's name or abbreviation made English's, the
// weekday's name and Spanish and Portuguese "de" left out, a day's dot
// (German's "17.") dropped.
func inEnglish(s string) string {
	if m := cjkDate.FindStringSubmatch(s); m != nil {
		return cjkInEnglish(m)
	}
	if m := koreanDots.FindStringSubmatch(s); m != nil {
		return cjkInEnglish(m)
	}
	f := strings.Fields(s)
	out := f[:0:0]
	for i, w := range f {
		lw := strings.ToLower(w)
		core, comma := strings.TrimRight(lw, ".,"), strings.HasSuffix(lw, ",")
		if m, ok := foreignMonths[core]; ok {
			if comma {
				m += ","
			}
			out = append(out, m)
			continue
		}
		switch {
		case foreignWeekdays[core], core == "de" || core == "del":
			continue
		case yearWords[core] && len(out) > 0 && isDigits(strings.TrimRight(out[len(out)-1], ",")):
			continue // "2017 г.", "2017 r.": the year's own word
		case atWords[core] && i+1 < len(f) && strings.Contains(f[i+1], ":"):
			w = "at"
		case strings.HasSuffix(w, ".") && len(w) <= 3 && strings.Trim(w[:len(w)-1], "0123456789") == "" && i+1 < len(f):
			w = w[:len(w)-1] // German's day: "17."
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

func isDigits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// yearWords follow a year in Russian, Ukrainian and Polish dates ("17
// декабря 2017 г.", "17 grudnia 2017 r."); atWords come before a time
// in those and in Czech ("в 15:01", "o 15:01").
var (
	yearWords = map[string]bool{"г": true, "года": true, "год": true, "р": true, "року": true, "r": true, "roku": true}
	atWords   = map[string]bool{"в": true, "о": true, "o": true, "v": true}
)

// cjkDate matches a date as Chinese, Japanese and Korean write it, year,
// month and day each with its sign ("2017年12月17日", "2017년 12월 17일"),
// a weekday in brackets or written out (optional), and a time of 24
// hours, or of 12 after a sign of the morning or the afternoon
// (optional: "15:01", "午後3:01", "오후 3시 1분", "15時01分").
var cjkDate = regexp.MustCompile(`^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]` +
	`(?:\s*[(（][^)）]{1,4}[)）]|\s*(?:星期|周|週)[一二三四五六日天]|\s*[月火水木金土日]曜日|\s*[월화수목금토일]요일)?` +
	`(?:\s*(午前|午後|上午|下午|오전|오후)?\s*(\d{1,2})\s*(?::|時|时|시)\s*(\d{1,2})\s*(?:分|분)?(?:\s*(?::)?\s*(\d{1,2})\s*(?:秒|초)?)?)?$`)

// koreanDots matches a date as Korean writes it in numbers, each
// followed by a dot ("2017. 12. 17."), and a time of 12 hours after the
// sign of the morning or the afternoon, in Korean or Latin letters, or of
// 24 (optional): its groups are cjkDate's.
var koreanDots = regexp.MustCompile(`^(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.(?:\s*(AM|PM|오전|오후)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?$`)

// cjkInEnglish writes a date cjkDate or koreanDots matched as writtenTime reads one:
// "2017/12/17 15:01:05", "2017/12/17 3:01 PM".
func cjkInEnglish(m []string) string {
	d := m[1] + "/" + m[2] + "/" + m[3]
	if m[5] == "" {
		return d
	}
	clock := m[5] + ":" + fmt.Sprintf("%02d", atoi(m[6]))
	if m[7] != "" {
		clock += ":" + fmt.Sprintf("%02d", atoi(m[7]))
	}
	switch m[4] {
	case "午前", "上午", "오전", "AM":
		return d + " " + clock + " AM"
	case "午後", "下午", "오후", "PM":
		return d + " " + clock + " PM"
	}
	return d + " " + clock
}

// foreignMonths are months' names and abbreviations in German, French,
// Spanish, Italian, Portuguese, Dutch, Swedish, Danish and Norwegian, in
// lower case, and English's abbreviation of each; names English shares
// ("april", "september") need none.
var foreignMonths = func() map[string]string {
	names := [12]string{
		"januar janv janvier enero ene gennaio gen janeiro januari",
		"februar février févr fevrier febrero febbraio fevereiro fev februari",
		"märz mär maerz mars marzo março maart mrt",
		"avril avr abril aprile",
		"mai maggio mag maio mayo mei maj",
		"juni juin junio giugno giu junho",
		"juli juillet juil julio luglio lug julho",
		"august août aout agosto ago augustus augusti",
		"septembre septiembre setiembre settembre set setembro",
		"oktober okt octobre octubre ottobre ott outubro out",
		"novembre noviembre novembro",
		"dezember dez décembre déc decembre diciembre dic dicembre dezembro desember",
	}
	// Russian, Ukrainian, Polish, Czech and Turkish: a date's month in
	// the genitive ("17 декабря", "17 grudnia"), the month alone in the
	// nominative, and Russian's and Polish's abbreviations; Turkish's
	// with and without its letters (ToLower makes "MAYIS" "mayis").
	others := [12]string{
		"января январь янв січня січень stycznia styczeń sty ledna leden ocak",
		"февраля февраль фев февр лютого лютий lutego luty lut února únor şubat subat",
		"марта март мар березня березень marca marzec března březen mart",
		"апреля апрель апр квітня квітень kwietnia kwiecień kwi dubna duben nisan",
		"мая май травня травень maja května květen mayıs mayis",
		"июня июнь июн червня червень czerwca czerwiec cze června červen haziran",
		"июля июль июл липня липень lipca lipiec lip července červenec temmuz",
		"августа август авг серпня серпень sierpnia sierpień sie srpna srpen ağustos agustos",
		"сентября сентябрь сен сент вересня вересень września wrzesień wrz září eylül eylul",
		"октября октябрь окт жовтня жовтень października październik paź října říjen ekim",
		"ноября ноябрь ноя нояб листопада листопад listopada listopad lis listopadu kasım kasim",
		"декабря декабрь дек грудня грудень grudnia grudzień gru prosince prosinec aralık aralik",
	}
	for i := range names {
		names[i] += " " + others[i]
	}
	m := map[string]string{}
	for i, ns := range names {
		for _, n := range strings.Fields(ns) {
			m[n] = time.Month(i + 1).String()[:3]
		}
	}
	return m
}()

// foreignWeekdays are weekdays' names in those languages, in lower case.
var foreignWeekdays = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag
		lundi mardi mercredi jeudi vendredi samedi dimanche
		lunes martes miércoles miercoles jueves viernes sábado sabado domingo
		lunedì martedì mercoledì giovedì venerdì sabato domenica
		segunda-feira terça-feira quarta-feira quinta-feira sexta-feira
		maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
		måndag tisdag onsdag torsdag fredag lördag söndag mandag tirsdag lørdag søndag
		понедельник вторник среда четверг пятница суббота воскресенье пн вт ср чт пт сб вс
		понеділок вівторок середа четвер п'ятниця пʼятниця субота неділя
		poniedziałek wtorek środa czwartek piątek sobota niedziela
		pondělí úterý středa čtvrtek pátek neděle
		pazartesi salı sali çarşamba carsamba perşembe persembe cuma cumartesi pazar`) {
		m[n] = true
	}
	return m
}()
