//go:build unix

package offsets

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// oNoFollow makes open fail on a symbolic link instead of following it.
const oNoFollow = syscall.O_NOFOLLOW

// checkOwner refuses a directory owned by another user or writable by the
// group or others: they could plant links or positions in it.
func checkOwner(dir string, info fs.FileInfo) error {
	if st, ok := info.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Geteuid() {
		return fmt.Errorf("offsets: %w: %s belongs to user id %d, not to you; use a directory of your own (--state-dir)", ErrInsecure, dir, st.Uid)
	}
	if perm := info.Mode().Perm(); perm&0o022 != 0 {
		return fmt.Errorf("offsets: %w: %s is writable by other users (mode %04o); fix it with: chmod go-w %s", ErrInsecure, dir, perm, dir)
	}
	return nil
}
