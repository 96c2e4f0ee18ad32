// Package serve offers an archive (package archive) over HTTP, for a
// content management system that checks each article before it goes out
// and adds it once published.
//
//	POST /check   one article as a JSON object ({"id", "text", and
//	              optionally "outlet", "published", "title", "url"}), or
//	              several as JSON Lines: the report of copydesk archive
//	              check, as JSON (scan.schema.json), or ?format=html
//	              (one self-contained page), text or csv. ?add=1 adds
//	              the articles once checked, with no other add between.
//	POST /add     the same bodies: adds them; JSON of what was added,
//	              replaced, passed over and skipped.
//	GET  /healthz 200 and the archive's statistics as JSON.
//
// Checks run side by side, each on a snapshot of the archive; adds take
// turns. A body larger than Options.MaxBody is refused (413); a body with
// no article that can be analysed is a 400 that says why, record by
// record. The Server's handler has no timeouts of its own: the
// http.Server that runs it sets them (package cmd/copydesk does).
package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/copydesk/copydesk/archive"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
)

// DefaultMaxBody is the default of Options.MaxBody.
const DefaultMaxBody = 32 << 20

// Options configures a Server. The zero value means the defaults.
type Options struct {
	MaxBody int64                // the largest request body, in bytes; 0 means DefaultMaxBody
	Check   archive.CheckOptions // how each check runs (its Add is set by ?add=1)
}

// Server answers requests about one archive.
type Server struct {
	a    *archive.Archive
	opts Options
	mux  *http.ServeMux
}

// New returns a Server of the archive a, which the caller opened and
// closes once the server is done.
func New(a *archive.Archive, opts Options) *Server {
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	s := &Server{a: a, opts: opts, mux: http.NewServeMux()}
	s.mux.HandleFunc("POST /check", s.check)
	s.mux.HandleFunc("POST /add", s.add)
	s.mux.HandleFunc("GET /healthz", s.healthz)
	return s
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// articles reads a request's body as the source of its articles.
func (s *Server) articles(w http.ResponseWriter, r *http.Request) (corpus.Source, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d bytes", tooBig.Limit))
		return nil, false
	case err != nil:
		httpError(w, http.StatusBadRequest, "reading the body: "+err.Error())
		return nil, false
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		httpError(w, http.StatusBadRequest, `the body is not a JSON object ({"id": ..., "text": ...}) or JSON Lines of them`)
		return nil, false
	}
	// One object, perhaps indented, is made one line of JSON Lines.
	if json.Valid(body) {
		var line bytes.Buffer
		if json.Compact(&line, body) == nil {
			body = line.Bytes()
		}
	}
	return corpus.Open([]string{"-"}, corpus.Options{Stdin: bytes.NewReader(body)}), true
}

func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "json"
	}
	if !map[string]bool{"json": true, "html": true, "text": true, "csv": true}[format] {
		httpError(w, http.StatusBadRequest, fmt.Sprintf("format %q is not json, html, text or csv", format))
		return
	}
	src, ok := s.articles(w, r)
	if !ok {
		return
	}
	opts := s.opts.Check
	opts.Add = r.URL.Query().Get("add") == "1"
	ch, err := s.a.Check(src, opts)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	rep := ch.Report
	if len(rep.Documents) == rep.ArchivedDocuments() {
		httpError(w, http.StatusBadRequest, "no article to check: "+reasons(rep.Skipped))
		return
	}
	write := map[string]func(io.Writer) error{"json": rep.WriteJSON, "html": rep.WriteHTML, "text": rep.WriteText, "csv": rep.WriteCSV}[format]
	var out bytes.Buffer // the whole report, so that a failure is an error status, not a cut body
	if err := write(&out); err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", map[string]string{"json": "application/json", "html": "text/html; charset=utf-8",
		"text": "text/plain; charset=utf-8", "csv": "text/csv; charset=utf-8"}[format])
	w.Write(out.Bytes())
}

func reasons(skipped []report.Skipped) string {
	if len(skipped) == 0 {
		return "the body holds none"
	}
	var b strings.Builder
	for i, s := range skipped {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %s", s.Path, s.Reason)
	}
	return b.String()
}

// added is the JSON answer of POST /add.
type added struct {
	Added     int              `json:"added"`
	Replaced  int              `json:"replaced"`
	Unchanged int              `json:"unchanged"`
	Notes     []note           `json:"notes"`
	Skipped   []report.Skipped `json:"skipped"`
}

type note struct {
	ID   string `json:"id"`
	Note string `json:"note"`
}

func (s *Server) add(w http.ResponseWriter, r *http.Request) {
	src, ok := s.articles(w, r)
	if !ok {
		return
	}
	res, err := s.a.Add(src)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := added{Added: res.Added, Replaced: res.Replaced, Unchanged: res.Unchanged, Notes: []note{}, Skipped: res.Skipped}
	for _, n := range res.Notes {
		out.Notes = append(out.Notes, note{n.ID, n.Note})
	}
	if out.Skipped == nil {
		out.Skipped = []report.Skipped{}
	}
	status := http.StatusOK
	if res.Added+res.Replaced+res.Unchanged == 0 {
		status = http.StatusBadRequest
	}
	writeJSON(w, status, out)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	st, err := s.a.Stats()
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "documents": st.Documents, "removed": st.Removed,
		"text_bytes": st.TextBytes, "disk_bytes": st.DiskBytes})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// httpError answers with a status and a JSON error.
func httpError(w http.ResponseWriter, status int, msg string) {
	b, _ := json.Marshal(map[string]string{"error": msg})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}
