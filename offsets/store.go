package offsets

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/adrg/xdg"
)

// DefaultInterval is how often a Saver writes at most while positions change.
const DefaultInterval = 100 * time.Millisecond

const (
	entrySuffix = ".json"
	lockSuffix  = ".lock"
)

// Store is a directory of saved positions, one file per Key.
type Store struct {
	dir        string
	interval   time.Duration
	createTemp createTempFunc   // replaced by tests to simulate a full disk
	now        func() time.Time // stamps the "updated" field
	private    []string         // directories that must be the user's alone
}

// Option configures a Store.
type Option func(*Store)

// WithInterval sets the minimum time between two writes of one entry.
// Values <= 0 select DefaultInterval.
func WithInterval(d time.Duration) Option {
	return func(s *Store) {
		if d > 0 {
			s.interval = d
		}
	}
}

// NewStore returns a Store for dir (for tests and an explicit --state-dir).
// Nothing touches the disk until Open, Load, Remove or List.
func NewStore(dir string, opts ...Option) *Store {
	s := &Store{
		dir:        filepath.Clean(dir),
		interval:   DefaultInterval,
		createTemp: osCreateTemp,
		now:        time.Now,
	}
	s.private = []string{s.dir}
	for _, opt := range opts {
		opt(s)
	}
	return s
}

// DefaultDir is $XDG_STATE_HOME/dstail/offsets (xdg's platform default when
// the variable is unset). xdg reads the environment once; after changing it,
// call xdg.Reload.
func DefaultDir() (string, error) {
	if xdg.StateHome == "" {
		return "", errors.New("offsets: cannot determine the XDG state directory")
	}
	return filepath.Join(xdg.StateHome, "dstail", "offsets"), nil
}

// Default returns the Store at DefaultDir.
func Default(opts ...Option) (*Store, error) {
	dir, err := DefaultDir()
	if err != nil {
		return nil, err
	}
	s := NewStore(dir, opts...)
	s.private = append([]string{filepath.Dir(dir)}, s.private...) // dstail's own, made 0700 too
	return s, nil
}

// Dir is the directory holding the entries.
func (s *Store) Dir() string { return s.dir }

// Path is the file that holds key's position.
func (s *Store) Path(key Key) (string, error) {
	key, err := key.normalize()
	if err != nil {
		return "", err
	}
	return s.base(key) + entrySuffix, nil
}

func (s *Store) base(key Key) string { return filepath.Join(s.dir, fileBase(key)) }

// Load reads key's position without locking (for --no-save and listing).
// A missing file gives found == false and no error; an unusable one gives a
// *CorruptError.
func (s *Store) Load(key Key) (pos Position, found bool, err error) {
	key, err = key.normalize()
	if err != nil {
		return Position{}, false, err
	}
	if err := s.checkPrivate(); err != nil {
		return Position{}, false, err
	}
	return loadNewest(s.base(key)+entrySuffix, key)
}

// Open locks key's entry for writing and starts its background flusher. It
// fails with ErrLocked if the entry is already open, and with ErrUnwritable if
// the directory cannot be created or written. The position found on disk is
// available from the Saver's Loaded method.
func (s *Store) Open(key Key) (*Saver, error) {
	key, err := key.normalize()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return nil, unwritable(s.dir, err)
	}
	base := s.base(key)
	if err := s.checkPrivate(); err != nil {
		return nil, err
	}
	if err := checkNoLinks(base+lockSuffix, base+entrySuffix, base+journalSuffix); err != nil {
		return nil, err
	}
	fl, err := acquire(base + lockSuffix)
	if errors.Is(err, ErrLocked) {
		return nil, err
	}
	if err != nil {
		return nil, unwritable(s.dir, err)
	}
	path := base + entrySuffix
	if err := prepareDir(s.createTemp, path); err != nil {
		_ = fl.Close()
		return nil, unwritable(s.dir, err)
	}
	pos, found, loadErr := loadNewest(path, key)
	j, err := openJournal(journalPath(path))
	if err != nil {
		_ = fl.Close()
		return nil, unwritable(s.dir, err)
	}
	return newSaver(s, key, path, fl, j, pos, found, loadErr), nil
}

// Remove deletes key's entry and lock file. It fails with ErrLocked while the
// entry is open and wraps fs.ErrNotExist when there is nothing to remove.
func (s *Store) Remove(key Key) error {
	key, err := key.normalize()
	if err != nil {
		return err
	}
	base := s.base(key)
	path, lockPath := base+entrySuffix, base+lockSuffix
	if _, err := os.Stat(s.dir); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("offsets: no saved position for %s: %w", key, fs.ErrNotExist)
	}
	if err := s.checkPrivate(); err != nil {
		return err
	}
	fl, err := acquire(lockPath)
	if err != nil {
		return err
	}
	defer fl.Close()
	removeTemps(path)
	_, inJournal := readJournal(journalPath(path))
	_ = os.Remove(journalPath(path))
	_ = os.Remove(base + seenSuffix)
	err = os.Remove(path)
	// Unlink the lock file while holding it; acquire notices and retries.
	_ = os.Remove(lockPath)
	if errors.Is(err, fs.ErrNotExist) && inJournal {
		err = nil // only the journal held it: a run killed before its first flush
	}
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("offsets: no saved position for %s: %w", key, fs.ErrNotExist)
	}
	if err != nil {
		return fmt.Errorf("offsets: remove %s: %w", path, err)
	}
	return nil
}

// List returns every entry in the Store's directory.
func (s *Store) List() ([]Entry, error) {
	if err := s.checkPrivate(); err != nil {
		return nil, err
	}
	return List(s.dir)
}

// checkPrivate refuses a state directory (or dstail's own parent of the
// default one) that another user could change.
func (s *Store) checkPrivate() error {
	for _, dir := range s.private {
		if err := checkPrivate(dir); err != nil {
			return err
		}
	}
	return nil
}

// prepareDir runs under the entry's lock: it drops temp files a crash left
// behind and proves the directory is writable now rather than at first flush.
func prepareDir(create createTempFunc, path string) error {
	removeTemps(path)
	probe, err := create(filepath.Dir(path), tempPattern(path))
	if err != nil {
		return err
	}
	_ = probe.Close()
	return os.Remove(probe.Name())
}

func removeTemps(path string) {
	dir := filepath.Dir(path)
	prefix := filepath.Base(path) + ".tmp-"
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

func unwritable(dir string, cause error) error {
	return fmt.Errorf("offsets: %w: %s: %w", ErrUnwritable, dir, cause)
}

// readEntry reads and decodes one file; a missing file is not an error.
func readEntry(path string) (record, bool, error) {
	f, err := openNoFollow(path)
	if errors.Is(err, fs.ErrNotExist) {
		return record{}, false, nil
	}
	if err != nil {
		return record{}, false, corrupt(path, "unreadable", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return record{}, false, corrupt(path, "unreadable", err)
	}
	rec, err := decode(path, data)
	if err != nil {
		return record{}, false, err
	}
	return rec, true, nil
}
