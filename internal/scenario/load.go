package scenario

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// LoadDir reads every *.yaml and *.yml file of dir (not its subdirectories),
// in name order: rules of an earlier file win over a later file's. Dot files
// are skipped because editors leave lock and backup files there (Emacs's
// ".#x.yaml" is a dangling symlink). Errors of all files are reported at
// once; on any error no rules are returned.
func LoadDir(dir string, cat Catalogue) ([]Rule, error) {
	files, err := readFiles(os.DirFS(dir), ".", func(name string) string { return filepath.Join(dir, name) })
	if err != nil {
		return nil, err
	}
	return parseFiles(files, cat)
}

// LoadFS is LoadDir for a file system such as the scenarios embedded in the
// binary; sources read "embedded:<dir>/<file>:<line>".
func LoadFS(fsys fs.FS, dir string, cat Catalogue) ([]Rule, error) {
	files, err := readFiles(fsys, dir, func(name string) string { return "embedded:" + path.Join(dir, name) })
	if err != nil {
		return nil, err
	}
	return parseFiles(files, cat)
}

type sourceFile struct {
	display string // name used in sources and errors
	data    []byte
	size    int64
	mod     time.Time
}

func readFiles(fsys fs.FS, dir string, display func(name string) string) ([]sourceFile, error) {
	entries, err := fs.ReadDir(fsys, dir) // sorted by name
	if err != nil {
		return nil, err
	}
	var out []sourceFile
	var errs []error
	for _, e := range entries {
		name := e.Name()
		ext := strings.ToLower(path.Ext(name))
		if e.IsDir() || strings.HasPrefix(name, ".") || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) && e.Type()&fs.ModeSymlink == 0 {
			// Listed, then gone: an editor replacing it (delete, then
			// rename a temporary file into place). Read as it is now.
			continue
		}
		if err != nil {
			errs = append(errs, &LoadError{File: display(name), Reason: err.Error()})
			continue
		}
		f := sourceFile{display: display(name), data: data, size: int64(len(data))}
		if info, err := e.Info(); err == nil {
			f.mod = info.ModTime()
		}
		out = append(out, f)
	}
	return out, errors.Join(errs...)
}

func parseFiles(files []sourceFile, cat Catalogue) ([]Rule, error) {
	var rules []Rule
	var errs []error
	for _, f := range files {
		rs, err := Parse(f.display, f.data, cat)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		rules = append(rules, rs...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return rules, nil
}

// Reloader keeps a Set's dir group in step with a directory. The poller calls
// Check on a ticker; tests call Check directly instead of sleeping.
type Reloader struct {
	dir string
	cat Catalogue
	set *Set
	log *slog.Logger

	mu      sync.Mutex // one Check at a time
	seen    bool       // the first Check has read the directory
	last    [sha256.Size]byte
	pending [sha256.Size]byte // a changed directory seen by the previous Check, not yet loaded
	lastErr string
}

// NewReloader prepares a Reloader; nothing is read until the first Check.
// A nil logger discards.
func NewReloader(dir string, cat Catalogue, set *Set, log *slog.Logger) *Reloader {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Reloader{dir: dir, cat: cat, set: set, log: log}
}

// Check re-reads the directory. The first Check loads what it finds. Later,
// when any file's name, size, modification time or content differs from what
// was loaded, Check waits for the directory to stop changing: only when two
// Checks in a row read the same files does it parse them and, on success,
// replace the Set's dir group (reloaded is true). A file caught between an
// in-place rewrite's truncate and its write (empty, or half its rules) is
// thus never loaded unless it stays so for a whole poll interval; with the
// default interval of 1s a change takes 1–2s to apply. A file that stays
// empty is loaded (as no rules), as is any other settled file.
//
// On a broken file Check logs every "file:line: reason", keeps the previous
// rules and returns the error. An unchanged directory costs one read of each
// file, and is neither re-parsed nor re-logged.
//
// Content is hashed, not just stat'ed: an edit within the file system's
// timestamp granularity that keeps the size, or a Kubernetes ConfigMap
// update (which swaps a symlink target), would otherwise go unnoticed.
// Editors that save by writing a temporary file and renaming it over the
// old one are safe: temporary names (dot files, "x.yaml~", "x.yaml.tmp") are
// skipped, and a file that vanishes between listing and reading is taken as
// a change in progress.
func (r *Reloader) Check() (reloaded bool, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	files, err := readFiles(os.DirFS(r.dir), ".", func(name string) string { return filepath.Join(r.dir, name) })
	if err != nil {
		// An unreadable directory is reported once, not on every tick, and
		// forgets the fingerprint so the directory's return reloads it.
		r.last, r.pending = [sha256.Size]byte{}, [sha256.Size]byte{}
		if msg := err.Error(); msg != r.lastErr {
			r.lastErr = msg
			r.log.Error("scenario directory unreadable; keeping previous rules", "dir", r.dir, "error", msg)
		}
		return false, err
	}
	sum := fingerprint(files)
	if r.seen {
		if sum == r.last {
			r.pending = [sha256.Size]byte{}
			return false, nil
		}
		if sum != r.pending {
			// Changed since the previous Check: maybe mid-write.
			r.pending = sum
			r.log.Debug("scenario files changed; waiting for them to settle", "dir", r.dir)
			return false, nil
		}
	}
	r.seen, r.last, r.pending = true, sum, [sha256.Size]byte{}

	rules, err := parseFiles(files, r.cat)
	if err == nil {
		err = r.set.SetGroup(GroupDir, rules)
	}
	if err != nil {
		r.lastErr = err.Error()
		for _, line := range strings.Split(err.Error(), "\n") {
			r.log.Error("scenario reload failed; keeping previous rules", "dir", r.dir, "error", line)
		}
		return false, err
	}
	r.lastErr = ""
	r.log.Info("scenarios loaded", "dir", r.dir, "files", len(files), "rules", len(rules))
	return true, nil
}

func fingerprint(files []sourceFile) [sha256.Size]byte {
	h := sha256.New()
	var num [8]byte
	for _, f := range files {
		h.Write([]byte(f.display))
		h.Write([]byte{0})
		binary.BigEndian.PutUint64(num[:], uint64(f.size))
		h.Write(num[:])
		binary.BigEndian.PutUint64(num[:], uint64(f.mod.UnixNano()))
		h.Write(num[:])
		h.Write(f.data)
	}
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// Run calls Check on every tick of interval (default 1s) until ctx ends. A
// change applies on the first tick that reads it unchanged since the tick
// before (see Check).
func (r *Reloader) Run(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_, _ = r.Check() // Check logs its own errors
		}
	}
}
