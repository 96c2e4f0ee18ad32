// Package beamtest holds what the Beam module's tests share.
package beamtest

import "os"

// InTempDir calls run with TMPDIR set to a directory of its own, removed
// once run returns, and returns what run returns: a TestMain's wrapper.
// Beam's loopback runner (Prism's) leaves an empty file in os.TempDir()
// for every pipeline it runs (runnerlib/execute.go, v2.77), and the tests
// run many. The tests' own temporary directories (testing.T.TempDir) go
// there too.
func InTempDir(run func() int) int {
	dir, err := os.MkdirTemp("", "copydesk-beam-test-")
	if err != nil {
		return run()
	}
	defer os.RemoveAll(dir)
	old, had := os.LookupEnv("TMPDIR")
	os.Setenv("TMPDIR", dir)
	defer func() {
		if had {
			os.Setenv("TMPDIR", old)
		} else {
			os.Unsetenv("TMPDIR")
		}
	}()
	return run()
}
