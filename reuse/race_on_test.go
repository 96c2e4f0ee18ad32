//go:build race

package reuse

// raceOn says the tests run under the race detector, where a long
// measurement that other tests cover for races only costs time: it runs
// in the suite's plain run.
const raceOn = true
