//go:build race

package archive_test

// raceOn says the tests run under the race detector, where a test of
// processes killed and restarted, not of goroutines, only costs time: it
// runs in the suite's plain run.
const raceOn = true
