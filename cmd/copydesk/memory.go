package main

import (
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// limitMemory sets the Go runtime's soft memory limit to nine tenths of
// the memory this process may use (the machine's, or its cgroup's if
// lower), unless GOMEMLIMIT sets one. By default the collector lets the
// heap grow to twice what was live after the last collection; a large scan
// holds gigabytes live, so without a limit its heap would outgrow the
// machine well before its live data does. Near the limit the collector
// runs more often instead. It returns the limit set, or 0.
func limitMemory() int64 {
	if os.Getenv("GOMEMLIMIT") != "" {
		return 0
	}
	avail := physicalMemory()
	if c := cgroupMemory(); c > 0 && (avail == 0 || c < avail) {
		avail = c
	}
	if avail <= 0 {
		return 0
	}
	limit := avail / 10 * 9
	debug.SetMemoryLimit(limit)
	return limit
}

// cgroupMemory returns the memory limit of this process's cgroup (v2,
// memory.max) in bytes, or 0 if there is none.
func cgroupMemory() int64 {
	b, err := os.ReadFile("/sys/fs/cgroup/memory.max")
	if err != nil {
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil { // "max": no limit
		return 0
	}
	return n
}
