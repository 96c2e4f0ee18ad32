//go:build !race

package archive_test

const raceOn = false
