package offsets

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrInsecure means the state directory or one of its files could be
// changed by someone else: a directory another user owns or may write, or a
// symbolic link where a state file belongs. dstail refuses rather than let a
// planted link make it write (or create) a file elsewhere.
var ErrInsecure = errors.New("state directory is not private")

// checkPrivate refuses a directory another user can change. A directory
// that does not exist yet passes: dstail creates it 0700.
func checkPrivate(dir string) error {
	info, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("offsets: %w: %s", ErrUnwritable, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("offsets: %w: %s is not a directory", ErrUnwritable, dir)
	}
	return checkOwner(dir, info)
}

// checkNoLinks refuses when any of paths is a symbolic link. Open checks
// before it touches them, so it never writes through a link, nor creates
// the target of a dangling one.
func checkNoLinks(paths ...string) error {
	for _, p := range paths {
		if info, err := os.Lstat(p); err == nil && info.Mode()&fs.ModeSymlink != 0 {
			return linkError(p)
		}
	}
	return nil
}

func linkError(path string) error {
	return fmt.Errorf("offsets: %w: %s is a symbolic link, which dstail does not follow; remove it", ErrInsecure, path)
}

// openNoFollow opens path for reading and fails on a symbolic link.
func openNoFollow(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|oNoFollow, 0)
	if err != nil && isLink(path) {
		return nil, linkError(path)
	}
	return f, err
}

// readNoFollow is os.ReadFile without following a symbolic link.
func readNoFollow(path string, limit int64) ([]byte, error) {
	f, err := openNoFollow(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

func isLink(path string) bool {
	info, err := os.Lstat(path)
	return err == nil && info.Mode()&fs.ModeSymlink != 0
}
