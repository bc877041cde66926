package offsets

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Entry is one saved position as found on disk.
type Entry struct {
	Server   string
	Stream   string
	Position Position
	Updated  time.Time
	Path     string
	// Err is set (to a *CorruptError) when the file cannot be used; only Path
	// is meaningful then.
	Err error
}

// Key returns the entry's key.
func (e Entry) Key() Key { return Key{Server: e.Server, Stream: e.Stream} }

// List reads every entry in dir, sorted by server, stream and path. Each
// entry holds the newer of its main file and its journal, as Open would
// load it. Unusable files are listed with Err set rather than failing the
// whole listing. A missing dir yields no entries. No locks are taken.
func List(dir string) ([]Entry, error) {
	if err := checkPrivate(dir); err != nil {
		return nil, err
	}
	files, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("offsets: list %s: %w", dir, err)
	}
	var bases []string
	for _, f := range files {
		name := f.Name()
		if f.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		base, ok := strings.CutSuffix(name, entrySuffix)
		if !ok {
			base, ok = strings.CutSuffix(name, journalSuffix)
		}
		if ok && !slices.Contains(bases, base) { // lock files, temp files, foreign files are skipped
			bases = append(bases, base)
		}
	}
	var out []Entry
	for _, base := range bases {
		if e, ok := listEntry(dir, base); ok {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(a.Server, b.Server), cmp.Compare(a.Stream, b.Stream), cmp.Compare(a.Path, b.Path))
	})
	return out, nil
}

// listEntry reads one entry's main file and journal; ok is false when
// neither holds a record (a journal created by a run that printed nothing).
func listEntry(dir, base string) (Entry, bool) {
	path := filepath.Join(dir, base+entrySuffix)
	main, found, err := readEntry(path)
	best, ok := main, found && err == nil
	if j, jok := readJournal(journalPath(path)); jok && fileBase(j.key()) == base &&
		(!ok || j.key() == main.key() && !main.Updated.After(j.Updated)) {
		best, ok = j, true
		if !found {
			path = journalPath(path)
		}
	}
	switch {
	case ok && fileBase(best.key()) != base:
		// Open would never use it: a copied or renamed file.
		return Entry{Path: path, Err: corrupt(path, "file name does not match its contents", nil)}, true
	case ok:
		return Entry{Server: best.Server, Stream: best.Stream, Position: best.Position, Updated: best.Updated, Path: path}, true
	case err != nil:
		return Entry{Path: path, Err: err}, true
	}
	return Entry{}, false
}

// readJournal decodes a journal; ok is false when it is missing, empty or
// torn.
func readJournal(path string) (record, bool) {
	data, err := readNoFollow(path, maxFileSize+1)
	if err != nil || len(bytes.TrimSpace(data)) == 0 {
		return record{}, false
	}
	rec, err := decode(path, bytes.TrimRight(data, " "))
	return rec, err == nil
}

func (r record) key() Key { return Key{Server: r.Server, Stream: r.Stream} }
