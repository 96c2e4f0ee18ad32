package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The report file (-o): checked before the analysis, so that a run that
// cannot write its report fails at once and a slip on the command line
// cannot overwrite an article, and written atomically, so that a run
// killed while writing leaves the previous report whole.

// errOutputIsInput is a report file that names an input: a usage error.
var errOutputIsInput = errors.New("is one of the inputs")

// checkOutput reports what is wrong with writing the report to the file
// out ("" or "-": standard output, always fine) for a run over the inputs
// paths: a folder that is missing or cannot be written to, a folder
// where the file should be, or a file that an input names or holds (the
// same file, or a file inside an input folder), or an existing file that
// is no copydesk report, beside inputs with its extension (a glob slip:
// "copydesk scan -o *.txt" makes the first article the report file). The
// errors of the last kinds wrap errOutputIsInput.
func checkOutput(out string, paths []string) error {
	if out == "" || out == "-" || isStream(out) {
		return nil
	}
	if err := checkWritableDir(filepath.Dir(resolve(out))); err != nil {
		return err
	}
	info, err := os.Stat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case info.IsDir():
		return fmt.Errorf("%s is a folder", out)
	}
	for _, p := range paths {
		if p == "-" {
			continue
		}
		in, err := os.Stat(p)
		if err != nil {
			continue // a missing input is listed as skipped
		}
		switch {
		case os.SameFile(in, info):
			return fmt.Errorf("%s %w", out, errOutputIsInput)
		case in.IsDir() && within(out, p):
			return fmt.Errorf("%s is inside the input folder %s: %w", out, p, errOutputIsInput)
		case !in.IsDir() && filepath.Dir(filepath.Clean(p)) == filepath.Dir(filepath.Clean(out)) &&
			strings.EqualFold(filepath.Ext(p), filepath.Ext(out)) && !isReport(out):
			return fmt.Errorf("%s is a document beside the input %s, not a copydesk report (a glob after -o?): %w", out, p, errOutputIsInput)
		}
	}
	return nil
}

// checkWritableDir reports whether a file can be made in the folder dir:
// it makes one and removes it.
func checkWritableDir(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("report folder %s: %w", dir, unwrapPath(err))
	}
	if !info.IsDir() {
		return fmt.Errorf("report folder %s is not a folder", dir)
	}
	f, err := os.CreateTemp(dir, ".copydesk-check-*")
	if err != nil {
		return fmt.Errorf("report folder %s cannot be written to: %w", dir, unwrapPath(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// unwrapPath returns the error a *fs.PathError wraps ("permission
// denied"), for a message that names the path once.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// within reports whether the file name lies inside the folder dir, by
// their absolute paths (links not followed).
func within(name, dir string) bool {
	n, err1 := filepath.Abs(name)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, n)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// isReport reports whether the file name starts as a copydesk report
// does: a text report's first line, an HTML report's title, a CSV
// report's header row, or a JSON report's version and params.
func isReport(name string) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 1024)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	return bytes.HasPrefix(head, []byte("copydesk ")) ||
		bytes.Contains(head, []byte("<title>copydesk")) ||
		bytes.HasPrefix(head, []byte("\uFEFFdocument,outlet,published,start,end,words,kind,source,")) || // report.WriteCSV's header
		bytes.HasPrefix(bytes.TrimSpace(head), []byte("{")) && bytes.Contains(head, []byte(`"version"`)) && bytes.Contains(head, []byte(`"params"`))
}

// isStream reports whether name is a file that exists and is no regular
// file nor folder: a device (/dev/null, /dev/stdout), a named pipe or a
// socket, which the report is written to as it is, not replaced.
func isStream(name string) bool {
	info, err := os.Stat(name)
	return err == nil && !info.Mode().IsRegular() && !info.IsDir()
}

// resolve returns the file a symbolic link name leads to, or name itself:
// the report replaces the file the link names and keeps the link.
func resolve(name string) string {
	if target, err := filepath.EvalSymlinks(name); err == nil {
		return target
	}
	return name
}

// writeAtomic writes the file name with write: to a new file beside it,
// synced, then renamed over it, so that the file is the whole new report
// or, if anything fails, still the old one. A new file gets mode 0644;
// one that exists keeps its mode. A symbolic link stays: the file it
// leads to is replaced. A device, pipe or socket is written as it is.
func writeAtomic(name string, write func(io.Writer) error) (err error) {
	if isStream(name) {
		return writeStream(name, write)
	}
	name = resolve(name)
	mode := fs.FileMode(0o644)
	if info, err := os.Stat(name); err == nil {
		mode = info.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	w := bufio.NewWriterSize(f, 1<<16)
	if err = write(w); err != nil {
		return err
	}
	if err = w.Flush(); err != nil {
		return err
	}
	if err = f.Chmod(mode); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

// writeStream writes to the device, pipe or socket name, buffered.
func writeStream(name string, write func(io.Writer) error) error {
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	if err := write(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
