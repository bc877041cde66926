package offsets

import (
	"errors"
	"fmt"
	"os"

	"github.com/gofrs/flock"
)

// lockAttempts bounds the retries when Remove deletes a lock file between our
// open and our lock.
const lockAttempts = 3

// acquire takes an exclusive, non-blocking lock on the sidecar file at path.
// After locking it checks that path still names the file it locked: Remove
// unlinks lock files, and a lock on an unlinked file protects nothing.
func acquire(path string) (*flock.Flock, error) {
	for range lockAttempts {
		fl := flock.New(path, flock.SetPermissions(0o600), flock.SetFlag(os.O_CREATE|os.O_RDONLY|oNoFollow))
		ok, err := fl.TryLock()
		if err != nil && isLink(path) {
			return nil, linkError(path)
		}
		if err != nil {
			return nil, fmt.Errorf("offsets: lock %s: %w", path, err)
		}
		if !ok {
			return nil, fmt.Errorf("offsets: %s: %w", path, ErrLocked)
		}
		held, errHeld := fl.Stat()
		onDisk, errDisk := os.Lstat(path)
		if errHeld == nil && errDisk == nil && os.SameFile(held, onDisk) {
			return fl, nil
		}
		_ = fl.Close()
		if errDisk != nil && !errors.Is(errDisk, os.ErrNotExist) {
			return nil, fmt.Errorf("offsets: lock %s: %w", path, errDisk)
		}
	}
	return nil, fmt.Errorf("offsets: %s: lock file keeps being replaced: %w", path, ErrLocked)
}
