package offsets

import (
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

// List reads every entry in dir, sorted by server, stream and path. Unusable
// files are listed with Err set rather than failing the whole listing. A
// missing dir yields no entries. No locks are taken.
func List(dir string) ([]Entry, error) {
	files, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("offsets: list %s: %w", dir, err)
	}
	var out []Entry
	for _, f := range files {
		name := f.Name()
		if f.IsDir() || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, entrySuffix) {
			continue // lock files, temp files, foreign files
		}
		path := filepath.Join(dir, name)
		rec, found, err := readEntry(path)
		switch {
		case err != nil:
			out = append(out, Entry{Path: path, Err: err})
		case !found:
			// removed since ReadDir
		case fileBase(rec.key())+entrySuffix != name:
			// Open would never use it: a copied or renamed file.
			out = append(out, Entry{Path: path, Err: corrupt(path, "file name does not match its contents", nil)})
		default:
			out = append(out, Entry{
				Server: rec.Server, Stream: rec.Stream, Position: rec.Position,
				Updated: rec.Updated, Path: path,
			})
		}
	}
	slices.SortFunc(out, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(a.Server, b.Server), cmp.Compare(a.Stream, b.Stream), cmp.Compare(a.Path, b.Path))
	})
	return out, nil
}

func (r record) key() Key { return Key{Server: r.Server, Stream: r.Stream} }
