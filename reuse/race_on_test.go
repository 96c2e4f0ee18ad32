//go:build race

package reuse

import "testing"

// raceOn says the tests run under the race detector, where a long
// measurement that other tests cover for races only costs time: it runs
// in the suite's plain run.
const raceOn = true

// skipUnderRace skips a test that holds the stages run one by one to
// Scan's report under the race detector, where it costs minutes of the
// suite and adds no concurrency that TestDeterministicAtScale does not
// check: it runs in the suite's plain run.
func skipUnderRace(t *testing.T) {
	t.Helper()
	t.Skip("the stages one by one against Scan: run without -race (TestDeterministicAtScale covers the scan for races)")
}

// workerCounts are the goroutines TestDeterministicAtScale scans with
// under the race detector: one, for the bytes, and five, for the races.
var workerCounts = []int{1, 5}
