package archive_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/copydesk/copydesk/archive"
	"github.com/copydesk/copydesk/corpus"
)

// verified fails the test if Verify finds anything wrong.
func verified(t *testing.T, a *archive.Archive) *archive.VerifyResult {
	t.Helper()
	v, err := a.Verify()
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Problems) > 0 {
		t.Fatalf("verify: %d problems:\n%s", len(v.Problems)+v.More, strings.Join(v.Problems, "\n"))
	}
	return v
}

// TestAddReplaceRemove adds the seeds, adds them again (passed over),
// adds a corrected version of one (it replaces the old) and removes one,
// checking the counts, the notes and every invariant after each step.
func TestAddReplaceRemove(t *testing.T) {
	docs := seedDocs(t)
	a, path := create(t, archive.Options{Batch: 2})
	res, err := a.Add(corpus.Docs(docs))
	if err != nil || res.Added != 5 || res.Replaced+res.Unchanged != 0 || len(res.Skipped) != 0 {
		t.Fatalf("first add: %+v, %v", res, err)
	}
	a.Settle() // returns once the store compacts nothing
	if v := verified(t, a); v.Documents != 5 || v.Postings == 0 {
		t.Fatalf("verify after the first add: %+v", v)
	}
	res, err = a.Add(corpus.Docs(docs))
	if err != nil || res.Added != 0 || res.Unchanged != 5 || len(res.Notes) != 5 || !strings.Contains(res.Notes[0].Note, "same text") {
		t.Fatalf("second add: %+v, %v", res, err)
	}
	fixed := slices.Clone(docs[1:2])
	fixed[0].Text = append([]byte("Correction appended. "), fixed[0].Text...)
	res, err = a.Add(corpus.Docs(fixed))
	if err != nil || res.Replaced != 1 || res.Added != 0 || !strings.Contains(res.Notes[0].Note, "replaced") {
		t.Fatalf("corrected add: %+v, %v", res, err)
	}
	verified(t, a)
	rm, err := a.Remove([]string{docs[0].ID, "no-such-id", docs[0].ID})
	if err != nil || rm.Removed != 1 || !slices.Equal(rm.Missing, []string{"no-such-id"}) {
		t.Fatalf("remove: %+v, %v", rm, err)
	}
	verified(t, a)
	st, err := a.Stats()
	if err != nil || st.Documents != 4 || st.Removed != 2 || st.Added != 6 || st.DiskBytes == 0 {
		t.Fatalf("stats: %+v, %v", st, err)
	}
	// The removed document and the replaced text are no partners of a
	// check; the corrected one is.
	ch, err := a.Check(corpus.Docs(docs[:1]), archive.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ch.Report.Documents {
		if d.Archived && d.ID == docs[1].ID && !strings.HasPrefix(d.Text, "Correction appended.") {
			t.Errorf("the check read the replaced text of %s", d.ID)
		}
	}
	if n := ch.Report.Archive.Read; n == 0 || n > 4 {
		t.Errorf("the check read %d archived documents, want 1 to 4", n)
	}
	// Compacted, the postings name only live documents (Verify: each
	// names a live or removed one, and none is removed now), and the
	// check reads the same.
	before := verified(t, a).Postings
	cr, err := a.Compact()
	if err != nil || cr.Dropped != 2 || cr.Buckets == 0 {
		t.Fatalf("compact: %+v, %v", cr, err)
	}
	if st, err := a.Stats(); err != nil || st.Removed != 0 || st.Documents != 4 {
		t.Errorf("stats after compact: %+v, %v", st, err)
	}
	if after := verified(t, a).Postings; after >= before {
		t.Errorf("compact left %d fingerprints posted of %d", after, before)
	}
	ch2, err := a.Check(corpus.Docs(docs[:1]), archive.CheckOptions{})
	if err != nil || ch2.Report.Archive.Read != ch.Report.Archive.Read {
		t.Errorf("after compact the check read %d archived documents, before %d (%v)", ch2.Report.Archive.Read, ch.Report.Archive.Read, err)
	}
	// Reopened, it holds the same.
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := archive.Open(path, archive.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if v := verified(t, b); v.Documents != 4 {
		t.Errorf("reopened: %d documents, want 4", v.Documents)
	}
	if _, err := b.Add(corpus.Docs(docs)); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("add to a read-only archive: %v", err)
	}
}

// TestOpenErrors checks the errors of opening what is no archive.
func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := archive.Open(filepath.Join(dir, "none"), archive.Options{}); !errors.Is(err, archive.ErrNoArchive) {
		t.Errorf("no archive: %v", err)
	}
	if _, err := archive.Open(filepath.Join("testdata", "not-an-archive"), archive.Options{Create: true}); err == nil || !strings.Contains(err.Error(), "holds no archive") {
		t.Errorf("a folder of other files: %v", err)
	}
	// A store made with the merger of format 1.
	old := filepath.Join(dir, "format1")
	db, err := pebble.Open(old, &pebble.Options{Merger: &pebble.Merger{Name: "copydesk.archive.v1", Merge: pebble.DefaultMerger.Merge}})
	if err != nil {
		t.Fatal(err)
	}
	db.Set([]byte("m"), []byte(`{"format":1}`), pebble.Sync)
	db.Close()
	if _, err := archive.Open(old, archive.Options{}); err == nil || !strings.Contains(err.Error(), "build it again") {
		t.Errorf("an archive of format 1: %v", err)
	}
	// A store of format 2: the merger of today, the meta of before
	// (whose furniture counts took quoted lines).
	two := filepath.Join(dir, "format2")
	a, err := archive.Open(two, archive.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	db, err = pebble.Open(two, &pebble.Options{Merger: &pebble.Merger{Name: "copydesk.archive.v2", Merge: pebble.DefaultMerger.Merge}})
	if err != nil {
		t.Fatal(err)
	}
	db.Set([]byte("m"), []byte(`{"format":2,"fingerprints":1,"shingle":5,"window":4}`), pebble.Sync)
	db.Close()
	if _, err := archive.Open(two, archive.Options{}); err == nil || !strings.Contains(err.Error(), "format 2") || !strings.Contains(err.Error(), "build it again") {
		t.Errorf("an archive of format 2: %v", err)
	}
}

// TestAddFeedFetches: a feed fetched on two days lists its items in
// another order, one of them updated and one new. Its items keep their
// ids (their guids) from fetch to fetch, so the second add passes over
// the unchanged ones, replaces the updated one and adds the new one,
// where ids by place would have replaced stories with others.
func TestAddFeedFetches(t *testing.T) {
	day1, err := os.ReadFile("../corpus/testdata/seeds.rss")
	if err != nil {
		t.Fatal(err)
	}
	feed := string(day1)
	head, tail := feed[:strings.Index(feed, "<item>")], feed[strings.LastIndex(feed, "</item>")+len("</item>"):]
	var items []string
	for _, it := range strings.Split(feed[len(head):len(feed)-len(tail)], "</item>") {
		if strings.Contains(it, "<item>") {
			items = append(items, it+"</item>")
		}
	}
	items[1] = strings.Replace(items[1], "earlier in the day.", "earlier in the day. The Kremlin confirmed the call.", 1)
	slices.Reverse(items)
	day2 := head + `<item><title>Putin, Trump talk again</title><guid>urn:seed:005</guid>
<description>Russian President Vladimir Putin called Donald Trump again on Monday, the Kremlin said, a day after thanking him for a CIA tip.</description></item>` + strings.Join(items, "") + tail
	dir := t.TempDir()
	for name, text := range map[string]string{"day1/feed.rss": feed, "day2/feed.rss": day2} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := create(t, archive.Options{})
	if res, err := a.Add(corpus.Files(nil, filepath.Join(dir, "day1"))); err != nil || res.Added != 5 {
		t.Fatalf("day 1: %+v, %v", res, err)
	}
	res, err := a.Add(corpus.Files(nil, filepath.Join(dir, "day2")))
	if err != nil || res.Added != 1 || res.Replaced != 1 || res.Unchanged != 4 {
		t.Fatalf("day 2: %+v, %v", res, err)
	}
	verified(t, a)
}

// TestAddFolders: a folder added day after day, one day's file in one
// subfolder and the next day's of the same name in another, archives two
// documents: a file's id is its place under the folder read. Named by
// their file names alone, the second day's replaced the first's.
func TestAddFolders(t *testing.T) {
	dir := t.TempDir()
	a, _ := create(t, archive.Options{})
	for _, day := range []struct{ name, text string }{
		{"ap/story.txt", "Russian President Vladimir Putin called U.S. President Donald Trump on Sunday to thank him for a CIA tip."},
		{"reuters/story.txt", "The Kremlin said the tip helped Russia's security service thwart a series of bombings in St. Petersburg."},
	} {
		path := filepath.Join(dir, day.name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(day.text), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := a.Add(corpus.Dir(dir))
		if err != nil || res.Replaced != 0 {
			t.Fatalf("adding %s: %+v, %v", day.name, res, err)
		}
		if err := os.Remove(path); err != nil { // the next day's folder holds the next day's files
			t.Fatal(err)
		}
	}
	if st, err := a.Stats(); err != nil || st.Documents != 2 {
		t.Fatalf("stats after two days: %+v, %v; want 2 documents", st, err)
	}
}
