package corpus

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestMap: results and skips come back in input order for any number of
// workers, even when later documents finish first, and no more than the
// window is ever in flight (given to the workers, not yet delivered): the
// memory bound for a streaming run.
func TestMap(t *testing.T) {
	const n = 2000
	for _, workers := range []int{1, 2, 8} {
		window := max(64*workers, 256)
		given, delivered, maxInFlight := 0, 0, 0
		src := func(doc func(Doc) error, skip func(Skip) error) error {
			for i := 0; i < n; i++ {
				if i%7 == 3 {
					if err := skip(Skip{ID: fmt.Sprint(i), Reason: "test"}); err != nil {
						return err
					}
					continue
				}
				given++
				maxInFlight = max(maxInFlight, given-delivered)
				if err := doc(Doc{ID: fmt.Sprint(i)}); err != nil {
					return err
				}
			}
			return nil
		}
		var got []string
		err := Map(src, workers, func() func(Doc) string {
			r := rand.New(rand.NewPCG(uint64(workers), 1))
			return func(d Doc) string {
				if r.IntN(50) == 0 {
					time.Sleep(time.Millisecond) // an occasional slow document
				}
				return "doc " + d.ID
			}
		}, func(d Doc, v string) {
			delivered++
			if v != "doc "+d.ID {
				t.Errorf("result %q for document %s", v, d.ID)
			}
			got = append(got, d.ID)
		}, func(s Skip) {
			got = append(got, s.ID)
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != n {
			t.Fatalf("workers %d: %d results, want %d", workers, len(got), n)
		}
		for i, id := range got {
			if id != fmt.Sprint(i) {
				t.Fatalf("workers %d: result %d is %s, want %d", workers, i, id, i)
			}
		}
		if maxInFlight > window {
			t.Errorf("workers %d: %d documents in flight, window %d", workers, maxInFlight, window)
		}
		if workers == 1 && maxInFlight != 1 {
			t.Errorf("workers 1: %d documents in flight; want each done before the next is read", maxInFlight)
		}
		if delivered < n/2 || workers > 1 && maxInFlight < 2 {
			t.Errorf("workers %d: delivered %d, at most %d in flight: not streaming", workers, delivered, maxInFlight)
		}
	}
}

// TestMapBytes: large documents are held in flight only while their
// text stays within mapBytes, one document beyond it at most.
func TestMapBytes(t *testing.T) {
	text := make([]byte, 16<<20) // shared by every document: no memory
	const n = 40
	given, delivered, maxInFlight := 0, 0, 0
	src := func(doc func(Doc) error, skip func(Skip) error) error {
		for i := range n {
			given++
			maxInFlight = max(maxInFlight, given-delivered)
			if err := doc(Doc{ID: fmt.Sprint(i), Text: text}); err != nil {
				return err
			}
		}
		return nil
	}
	err := Map(src, 4, func() func(Doc) int {
		return func(d Doc) int { return len(d.Text) }
	}, func(Doc, int) { delivered++ }, func(Skip) {})
	if err != nil {
		t.Fatal(err)
	}
	// Counted as each is given, before Map makes room for it: the budget's
	// worth, one beyond it, and the one being given.
	if want := mapBytes/len(text) + 2; delivered != n || maxInFlight > want {
		t.Errorf("%d delivered of %d, at most %d in flight, want at most %d", delivered, n, maxInFlight, want)
	}
}

// TestMapError: the source's error is returned, and what was delivered
// before it stands.
func TestMapError(t *testing.T) {
	stop := fmt.Errorf("stop")
	src := func(doc func(Doc) error, skip func(Skip) error) error {
		for i := 0; i < 100; i++ {
			doc(Doc{ID: fmt.Sprint(i)})
		}
		return stop
	}
	n := 0
	err := Map(src, 4, func() func(Doc) int { return func(Doc) int { return 1 } }, func(Doc, int) { n++ }, func(Skip) {})
	if err != stop || n != 100 {
		t.Errorf("err %v, %d delivered; want stop and 100", err, n)
	}
}
