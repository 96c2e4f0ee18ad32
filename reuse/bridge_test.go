package reuse

import (
	"cmp"
	"fmt"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
)

// bridgeLog is a changelog entry hard-wrapped at 78 columns, whose short
// lines and sentences ("This affects at least arm64.", "Closes:
// #1125678.") are shorter than any alignment (MinAlign) and lie between
// sentences long enough to align.
var bridgeLog = strings.Join([]string{
	"glibc (2.36-9+deb12u14) bookworm; urgency=medium",
	"",
	"  * debian/patches/git-updates.diff: update from upstream stable branch:",
	"    - Fix _dl_find_object when ld.so has LOAD segment gaps, causing wrong",
	"      backtrace unwinding. This affects at least arm64.",
	"    - Add GLIBC_ABI_DT_X86_64_PLT symbol version on amd64.",
	"    - Fix and integer overflow in _int_memalign leading to heap corruption",
	"      (CVE-2026-0861).  Closes: #1125678.",
	"    - Fix stack contents leak in getnetbyaddr (CVE-2026-0915).  Closes:",
	"      #1125748.",
	"    - Fix random failure of tst-link-map-contiguous-ldso.",
	"    - Fix a possible crash due to an assertion failure when converting",
	"      inputs from the IBM139x character sets (CVE-2026-4046).",
	"",
	" -- Aurelien Jarno <aurel32@debian.org>  Mon, 27 Apr 2026 22:14:33 +0200",
	"",
}, "\n")

// TestBridge: the short lines between two sentences that two documents
// copy alike are copied too (bridge), and so are those from the start of
// both documents to the first, or from the last to the end of both,
// if they are all alike, so that a changelog or a copyright file printed
// twice is one span and no word of it either document's own; a short
// line that differs, a run with a line more on one side, a run at the
// copy's edge inside the documents, and a reply's signature after a
// quote, stays each document's own. It fails without bridge, which
// left every short line "original".
// longSentences are two sentences of seed 000, each long enough to align.
const longSentences = "Putin expressed gratitude during the call for information provided by the CIA that allowed Russia's top domestic security agency to track down and arrest a group of suspects. " +
	"The Kremlin added that Putin asked Trump to convey gratitude to the CIA and assured him that Russian law enforcement agencies would hand over information.\n"

func TestBridge(t *testing.T) {
	edge := "    - Fix a typo.\n    - Rebuild against the updated toolchain packages of the release.\n"
	for _, c := range []struct {
		name       string
		b          string
		ownA, ownB string // the words each document keeps as its own, in order
		spansA     int    // a's spans, if not 0
		a          string // if not bridgeLog
	}{
		{name: "twice", b: bridgeLog, spansA: 1},
		// Only the line that differs: the CVE number beside it is copied.
		{name: "a short line differs", b: strings.Replace(bridgeLog, "#1125678", "#1125999", 1), ownA: "Closes 1125678", ownB: "Closes 1125999"},
		// The run between two copied sentences has a line more in b: not
		// paired line by line, so it stays out on both sides.
		{name: "a short line more in b", b: strings.Replace(bridgeLog, "arm64.\n", "arm64. Thanks Bob.\n", 1),
			ownA: "This affects at least arm64", ownB: "This affects at least arm64 Thanks Bob"},
		// Short lines from the start of both documents to their first
		// shared sentence, the same in both, are the copy's too: a file
		// and its identical twin share every word.
		{name: "a copyright file twice, short lines at its start", a: atkCopyright, b: atkCopyright, spansA: 1},
		{name: "a short headline, twice", a: "Putin thanks Trump\n\n" + bridgeLog, b: "Putin thanks Trump\n\n" + bridgeLog, spansA: 1},
		// Also where no link has a short line after it, in this corpus
		// or any other (bridge once looked for none then).
		{name: "a short headline over long sentences alone, twice", a: "Putin thanks Trump\n\n" + longSentences, b: "Putin thanks Trump\n\n" + longSentences, spansA: 1},
		// Or from the last to the end of both, if they are quoted as
		// the last shared sentence is: a file and its twin end alike.
		{name: "a sign-off after the copy, twice", a: bridgeLog + "Thanks.\nAnn Smith\n--\nlist05 mailing list\n",
			b: bridgeLog + "Thanks.\nAnn Smith\n--\nlist05 mailing list\n", spansA: 1},
		// A reply that quotes the message it answers ends, as the
		// message does, in the sender's signature and the list's
		// footer: after the quote, not quoted, its own.
		{name: "a signature and footer after a quote", a: bridgeLog + "Thanks.\nAnn Smith\n--\nlist05 mailing list\n",
			b:    "Ann Smith wrote:\n> " + strings.ReplaceAll(strings.TrimRight(bridgeLog, "\n"), "\n", "\n> ") + "\n\nThanks.\nAnn Smith\n--\nlist05 mailing list\n",
			ownA: "Thanks Ann Smith list05 mailing list", ownB: "Ann Smith wrote Thanks Ann Smith list05 mailing list"},
		// A line more on one side before the first shared sentence: not
		// paired line by line, so it stays out on both sides.
		{name: "a short line more at the start of b", a: "Putin thanks Trump\n\n" + bridgeLog,
			b: "Putin thanks Trump\nBy Ann Smith\n\n" + bridgeLog, ownA: "Putin thanks Trump", ownB: "Putin thanks Trump By Ann Smith"},
		// "Fix a typo." comes after the copy's last sentence in both.
		{name: "a short line at the edge", a: bridgeLog + edge,
			b:    bridgeLog + "    - Fix a typo.\n    - Drop the obsolete workaround for the kernel headers in stretch now.\n",
			ownA: "Fix a typo Rebuild against the updated toolchain packages of the release",
			ownB: "Fix a typo Drop the obsolete workaround for the kernel headers in stretch now"},
	} {
		a := cmp.Or(c.a, bridgeLog)
		rep, err := Scan(corpus.Docs([]corpus.Doc{{ID: "a", Text: []byte(a)}, {ID: "b", Text: []byte(c.b)}}), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range rep.Documents {
			want := []string{c.ownA, c.ownB}[i]
			if got := strings.Join(ownWords(d), " "); got != want {
				t.Errorf("%s: %s's own words %q, want %q", c.name, d.ID, got, want)
			}
		}
		if c.spansA > 0 && len(rep.Documents[0].Spans) != c.spansA {
			t.Errorf("%s: a has %d spans, want %d", c.name, len(rep.Documents[0].Spans), c.spansA)
		}
	}
}

// ownWords returns the words of d that no span covers (runs of letters and
// digits).
func ownWords(d report.ScanDocument) []string {
	var own []string
	at := 0
	for _, s := range d.Spans {
		own = append(own, strings.FieldsFunc(d.Text[at:s.Start], notWord)...)
		at = s.End
	}
	return append(own, strings.FieldsFunc(d.Text[at:], notWord)...)
}

func notWord(r rune) bool {
	return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
}

// TestShortRuns: a file whose every line is too short to align on its
// own (the fields of a machine-readable Debian copyright file) shares
// its lines with a copy of it when, one after another in both, they make
// a passage by the evidence rule (shortRuns); two lines of stock furniture
// in a row do not. Before, the maven and libmaven3-core-java copyright
// files, one file, were each 55% original.
func TestShortRuns(t *testing.T) {
	stock := "All rights reserved.\nReuters Photo.\n"
	dep5 := mavenCopyright
	for _, c := range []struct {
		name       string
		a, b       string
		ownA, ownB int // words each keeps as its own
	}{
		{"a copyright file twice", dep5, dep5, 0, 0},
		// Among 20 files that share its stock lines: each line of those
		// pairs a file with the earliest only, so that the two copies'
		// runs go on past pairs that are not candidates.
		{"a copyright file twice, among others", dep5, dep5, 0, 0},
		{"stock lines in a row", "Ships left the harbour at dawn on Monday.\n" + stock,
			"The museum opened its new wing to visitors.\n" + stock, 13, 13},
	} {
		var in []corpus.Doc
		if strings.HasSuffix(c.name, "among others") {
			for i := range 20 {
				in = append(in, corpus.Doc{ID: fmt.Sprintf("other%02d", i), Text: []byte(fmt.Sprintf(
					"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: tool%d\n\nFiles: *\nLicense: Apache-2.0\n\nFiles: debian/*\nLicense: GPL-2\n", i))})
			}
		}
		in = append(in, corpus.Doc{ID: "a", Text: []byte(c.a)}, corpus.Doc{ID: "b", Text: []byte(c.b)})
		rep, err := Scan(corpus.Docs(in), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range rep.Documents[len(in)-2:] {
			if own, want := ownWords(d), []int{c.ownA, c.ownB}[i]; len(own) != want {
				t.Errorf("%s: %s's own words %q, want %d", c.name, d.ID, own, want)
			}
		}
	}
}

// atkCopyright is /usr/share/doc/libatk-wrapper-java/copyright (Debian
// 12), whose first three lines make 7 words, under the evidence rule's 8,
// before its first sentence: the file and its identical twin were each
// 9.6% original.
var atkCopyright = strings.Join([]string{
	"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
	"Upstream-Name: java-atk-wrapper",
	"Source: http://download.gnome.org/sources/java-atk-wrapper",
	"",
	"Files: *",
	"Copyright: Copyright 2009 Sun Microsystems Inc.",
	"License: LGPL-2.1+",
	" On Debian systems the full text of the GNU Library General Public License can",
	" be found in the `/usr/share/common-licenses/LGPL-2.1' file.",
	"",
	"Files: debian/*",
	"Copyright: Copyright 2010, 2014, 2019 Samuel Thibault <sthibault@debian.org>",
	"License: GPL-3",
	" On Debian systems the full text of the GNU General Public License can be found",
	" in the `/usr/share/common-licenses/GPL-3' file.",
	"",
}, "\n")

// mavenCopyright is /usr/share/doc/maven/copyright (Debian 12): short
// lines only, but for its last two paragraphs.
var mavenCopyright = strings.Join([]string{
	"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
	"Upstream-Name: Apache Maven",
	"Source: http://maven.apache.org",
	"Files-Excluded: *.jar",
	"",
	"Files: *",
	"Copyright: 2001-2017, The Apache Software Foundation",
	"           2001-2006, The Codehaus Foundation",
	"License: Apache-2.0",
	"",
	"Files: debian/*",
	"Copyright: 2007, Paul Cager <paul-debian@home.paulcager.org>",
	"           2009, Ludovic Claude <ludovic.claude@laposte.net>",
	"           2011-2013, Damien Raude-Morvan <drazzib@debian.org>",
	"           2013-2018, Emmanuel Bourg <ebourg@apache.org>",
	"           2015-2017, Miguel Landaeta <nomadium@debian.org>",
	"           2018, Stephen Kitt <skitt@debian.org>",
	"License: GPL-2",
	"",
	"Files: debian/bash_completion.d/mvn",
	"Copyright: 2006-2007, Shawn O. Pearce <spearce@spearce.org>",
	"           2009, Ludovic Claude <ludovic.claude@laposte.net>",
	"License: GPL-2",
	"",
	"License: Apache-2.0",
	"  On Debian GNU/Linux system you can find the complete text of the",
	"  Apache 2.0 license in '/usr/share/common-licenses/Apache-2.0'.",
	"",
	"License: GPL-2",
	"  On Debian GNU/Linux system you can find the complete text of the",
	"  GNU General Public License version 2 license in",
	"  '/usr/share/common-licenses/GPL-2'.",
	"",
}, "\n")
