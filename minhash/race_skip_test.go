package minhash

// skipUnderRace skips a long single-goroutine statistical test under the
// race detector (raceOn); it runs in the suite's plain run.
func skipUnderRace(t interface{ Skip(...any) }) {
	if raceOn {
		t.Skip("a statistical test on one goroutine: it runs without -race")
	}
}
