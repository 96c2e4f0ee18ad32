package archive

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cockroachdb/pebble/v2"

	"github.com/copydesk/copydesk/corpus"
)

// zeroCounts returns how many line counts ("l") the store holds, and how
// many of them are zero.
func zeroCounts(t *testing.T, a *Archive) (all, zero int) {
	t.Helper()
	it, err := a.db.NewIter(&pebble.IterOptions{LowerBound: []byte{kindLine}, UpperBound: []byte{kindLine + 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	for it.First(); it.Valid(); it.Next() {
		v, err := it.ValueAndErr()
		if err != nil {
			t.Fatal(err)
		}
		all++
		if readCount(v) == 0 {
			zero++
		}
	}
	return all, zero
}

// TestLineCountChurn adds and removes an outlet's documents round after
// round, the store flushing and compacting between (the churn under
// which a merger that deleted the counts it brought to zero made Pebble
// panic in a compaction, cockroachdb/pebble#6168); every count stays
// right (Verify), the counts brought to zero stay until Compact deletes
// them, and none is left after.
func TestLineCountChurn(t *testing.T) {
	a, err := Open(filepath.Join(t.TempDir(), "archive"), Options{Create: true, Batch: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	doc := func(round, i int) corpus.Doc {
		text := fmt.Sprintf("Story %d of round %d: the council met on the budget.\n\n"+
			"Members argued for hours over item %d before the vote.\n\n"+
			"The mayor said the city would appeal the ruling %d.\n\n"+
			"Sign up for our newsletter to get the day's top stories.\n\nFollow us on Telegram\nRound %d edition\n", i, round, i, round, round)
		return corpus.Doc{ID: fmt.Sprintf("r%d-%d", round, i), Outlet: fmt.Sprintf("outlet %d", i%2), Text: []byte(text)}
	}
	for round := range 12 {
		var docs []corpus.Doc
		for i := range 8 {
			docs = append(docs, doc(round, i))
		}
		if _, err := a.Add(corpus.Docs(docs)); err != nil {
			t.Fatal(err)
		}
		if round > 0 {
			var ids []string
			for i := range 8 {
				ids = append(ids, doc(round-1, i).ID)
			}
			if _, err := a.Remove(ids); err != nil {
				t.Fatal(err)
			}
		}
		if err := a.db.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := a.db.Compact(t.Context(), []byte{kindLine}, []byte{kindLine + 1}, false); err != nil {
			t.Fatal(err)
		}
		if v, err := a.Verify(); err != nil || len(v.Problems) > 0 {
			t.Fatalf("round %d: verify: %v, %v", round, err, v.Problems)
		}
	}
	if all, zero := zeroCounts(t, a); zero == 0 || zero == all {
		t.Fatalf("before Compact: %d line counts, %d of them zero; want some of each", all, zero)
	}
	if _, err := a.Compact(); err != nil {
		t.Fatal(err)
	}
	if all, zero := zeroCounts(t, a); zero != 0 || all == 0 {
		t.Errorf("after Compact: %d line counts, %d of them zero; want none zero", all, zero)
	}
	if v, err := a.Verify(); err != nil || len(v.Problems) > 0 {
		t.Fatalf("after Compact: verify: %v, %v", err, v.Problems)
	}
}
