package offsets

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
)

// tempFile is the part of *os.File that writeAtomic uses, so tests can inject
// a file whose Write or Sync fails (disk full) without touching permissions.
type tempFile interface {
	io.Writer
	Sync() error
	Close() error
	Name() string
}

type createTempFunc func(dir, pattern string) (tempFile, error)

func osCreateTemp(dir, pattern string) (tempFile, error) {
	return os.CreateTemp(dir, pattern) // mode 0600
}

// tempPattern names temp files after their target so Open can clean up the
// ones a crash left behind, and List never mistakes them for entries.
func tempPattern(path string) string { return filepath.Base(path) + ".tmp-*" }

// writeAtomic replaces path with data: temp file in the same directory, write,
// fsync, rename, fsync the directory. On failure the temp file is removed and
// path keeps its previous content. fsyncs counts the fsync calls issued.
func writeAtomic(create createTempFunc, path string, data []byte) (fsyncs uint64, err error) {
	dir := filepath.Dir(path)
	f, err := create(dir, tempPattern(path))
	if err != nil {
		return 0, err
	}
	closed := false
	defer func() {
		if err == nil {
			return
		}
		if !closed {
			_ = f.Close()
		}
		_ = os.Remove(f.Name())
	}()
	if _, err = f.Write(data); err != nil {
		return fsyncs, err
	}
	fsyncs++
	if err = f.Sync(); err != nil {
		return fsyncs, err
	}
	closed = true
	if err = f.Close(); err != nil {
		return fsyncs, err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fsyncs, err
	}
	if runtime.GOOS == "windows" {
		return fsyncs, nil // directories cannot be synced there
	}
	fsyncs++
	return fsyncs, syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	// Some file systems cannot sync a directory; the rename is as durable as
	// they allow.
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) {
		return nil
	}
	return err
}
