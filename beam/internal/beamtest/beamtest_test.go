package beamtest

import (
	"os"
	"path/filepath"
	"testing"
)

// TestInTempDir: what run leaves in os.TempDir() is gone once it returns,
// and TMPDIR is what it was.
func TestInTempDir(t *testing.T) {
	before, had := os.LookupEnv("TMPDIR")
	var left string
	code := InTempDir(func() int {
		f, err := os.CreateTemp(os.TempDir(), "leak-*")
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		left = f.Name()
		return 3
	})
	if code != 3 {
		t.Errorf("InTempDir returned %d, run 3", code)
	}
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Errorf("%s is still there (%v)", left, err)
	}
	if filepath.Dir(left) == filepath.Clean(os.TempDir()) {
		t.Errorf("run's temporary directory was the process's, %s", filepath.Dir(left))
	}
	if after, hasNow := os.LookupEnv("TMPDIR"); after != before || hasNow != had {
		t.Errorf("TMPDIR is %q (%v) after, %q (%v) before", after, hasNow, before, had)
	}
}
