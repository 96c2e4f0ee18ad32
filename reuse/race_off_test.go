//go:build !race

package reuse

import "testing"

const raceOn = false

// skipUnderRace skips the test under the race detector (race_on_test.go).
func skipUnderRace(*testing.T) {}

// workerCounts are the goroutines TestDeterministicAtScale scans with.
var workerCounts = []int{1, 2, 5}
