// Package corpus reads the documents of a corpus from the file system:
// folders of .txt files, walked recursively in lexical order, and single
// files named on the command line. A document's id is its file name without
// the extension.
//
// Text is repaired on the way in: mojibake (UTF-8 read as GBK) is undone by
// package repair, and each Doc records what was changed.
//
// Nothing is lost: every file found is either delivered as a Doc or reported
// as a Skip with its reason (not a .txt file, unreadable, binary, no text,
// duplicate id). Reading never stops at a bad file; the caller decides
// whether a Skip is fatal.
package corpus

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/repair"
)

// Doc is one document.
type Doc struct {
	ID        string
	Path      string
	Outlet    string       // who published it; "" when unknown
	Title     string       // "" when unknown
	URL       string       // "" when unknown
	Published time.Time    // zero when unknown
	Text      []byte       // as analysed: after mojibake repair (package repair)
	Repairs   []repair.Fix // what repair changed; offsets index Text
}

// Skip is a file that was found but not delivered, and why.
type Skip struct {
	ID     string // may be empty when no id could be made
	Path   string
	Reason string
}

// Walk reads the documents under paths (folders, walked recursively, or
// single files) in order, calling doc for each document and skip for each
// file passed over. It returns the first error doc or skip returns; a path
// that does not exist is a Skip, not an error.
func Walk(paths []string, doc func(Doc) error, skip func(Skip) error) error {
	seen := map[string]string{} // id -> first path
	visit := func(path string, explicit bool) error {
		id := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		if !explicit && !strings.EqualFold(filepath.Ext(path), ".txt") {
			return skip(Skip{ID: id, Path: path, Reason: "not a .txt file"})
		}
		if first, dup := seen[id]; dup {
			return skip(Skip{ID: id, Path: path, Reason: "duplicate id: " + id + " was read from " + first})
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return skip(Skip{ID: id, Path: path, Reason: "unreadable: " + unwrapPathError(err)})
		}
		if reason := unusable(text); reason != "" {
			return skip(Skip{ID: id, Path: path, Reason: reason})
		}
		seen[id] = path
		text, fixes := repair.Text(nil, text)
		return doc(Doc{ID: id, Path: path, Text: text, Repairs: fixes})
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			if err := skip(Skip{Path: root, Reason: "cannot open: " + unwrapPathError(err)}); err != nil {
				return err
			}
			continue
		}
		if !info.IsDir() {
			if err := visit(root, true); err != nil {
				return err
			}
			continue
		}
		var files []string
		walkErr := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return skip(Skip{Path: path, Reason: "cannot read: " + unwrapPathError(err)})
			}
			if d.Type().IsRegular() {
				files = append(files, path)
			} else if !d.IsDir() {
				return skip(Skip{Path: path, Reason: "not a regular file"})
			}
			return nil
		})
		if walkErr != nil {
			return walkErr
		}
		sort.Strings(files)
		for _, f := range files {
			if err := visit(f, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// unusable returns why text cannot be analysed, or "".
func unusable(text []byte) string {
	if bytes.IndexByte(text, 0) >= 0 {
		return "binary file (contains NUL bytes)"
	}
	for len(text) > 0 {
		r, size := utf8.DecodeRune(text)
		if !unicode.IsSpace(r) && r != '\uFEFF' {
			return ""
		}
		text = text[size:]
	}
	return "no text (empty or white space only)"
}

func unwrapPathError(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return fmt.Sprintf("%s: %v", pe.Op, pe.Err)
	}
	return err.Error()
}
