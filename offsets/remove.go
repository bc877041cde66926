package offsets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// RemoveEntry deletes an entry found by List, including one whose file is
// unusable (Err set), which Remove cannot name by key. Like Remove it fails
// with ErrLocked while a Saver holds the entry.
func (s *Store) RemoveEntry(e Entry) error {
	if e.Err == nil {
		return s.Remove(e.Key())
	}
	if filepath.Dir(e.Path) != s.dir {
		return fmt.Errorf("offsets: %s is not in %s", e.Path, s.dir)
	}
	base := strings.TrimSuffix(strings.TrimSuffix(e.Path, entrySuffix), journalSuffix)
	fl, err := acquire(base + lockSuffix)
	if err != nil {
		return err
	}
	defer fl.Close()
	removeTemps(base + entrySuffix)
	errMain := os.Remove(base + entrySuffix)
	errJournal := os.Remove(base + journalSuffix)
	_ = os.Remove(base + seenSuffix)
	_ = os.Remove(base + lockSuffix)
	if errors.Is(errMain, fs.ErrNotExist) && errors.Is(errJournal, fs.ErrNotExist) {
		return fmt.Errorf("offsets: %s: %w", e.Path, fs.ErrNotExist)
	}
	for _, err := range []error{errMain, errJournal} {
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("offsets: remove %s: %w", e.Path, err)
		}
	}
	return nil
}
