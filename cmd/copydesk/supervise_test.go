package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestSupervise runs stand-in children through supervise: a usage error
// in the child (64) is a usage error (2); the Go runtime's exit 2 (a
// crash, an out-of-memory) is a crash (3), said on stderr; other codes
// pass through; a child killed by a signal exits 128 plus its number.
func TestSupervise(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no sh")
	}
	for _, c := range []struct {
		script string
		code   int
		says   string
	}{
		{"exit 0", exitOK, ""},
		{"exit 1", exitFailure, ""},
		{"exit 64", exitUsage, ""},
		{"echo 'fatal error: runtime: out of memory' >&2; exit 2", exitCrash, "the run crashed"},
		{"kill -TERM $$", 128 + 15, ""},
	} {
		var stderr bytes.Buffer
		child := exec.Command("sh", "-c", c.script)
		child.Stderr = &stderr
		code := supervise(child, &stderr)
		if code != c.code || !strings.Contains(stderr.String(), c.says) {
			t.Errorf("%q: exit %d, stderr %q; want %d saying %q", c.script, code, stderr.String(), c.code, c.says)
		}
	}
}

// TestBinaryExitCodes builds copydesk and runs it, parent and child: a
// usage error exits 2, an input that cannot be read 1, a run 0 with its
// report on standard output.
func TestBinaryExitCodes(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("builds the command")
	}
	bin := filepath.Join(t.TempDir(), "copydesk")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	writeCorpus(t)
	for _, c := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"scan", "--bogus", "corpus"}, exitUsage, ""},
		{[]string{"dupes", "no-such-folder"}, exitFailure, ""},
		{[]string{"dupes", "--quiet", "corpus"}, exitOK, "copydesk dupes: 10 documents in"},
	} {
		cmd := exec.Command(bin, c.args...)
		out, err := cmd.Output()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != c.code || !strings.Contains(string(out), c.out) {
			t.Errorf("copydesk %q: exit %d, stdout %.60q; want %d with %q", c.args, code, out, c.code, c.out)
		}
	}
}
