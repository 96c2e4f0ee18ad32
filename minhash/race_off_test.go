//go:build !race

package minhash

const raceOn = false
