package app

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"strings"

	"github.com/dstail/dstail/offsets"
)

// RemoveTargets forgets each TARGET's position, found as `dstail TARGET`
// would find it, and stops at the first it cannot.
func RemoveTargets(store *offsets.Store, targets []string, server string, stdout io.Writer) error {
	for _, target := range targets {
		if err := removeTarget(store, target, server, stdout); err != nil {
			return err
		}
	}
	return nil
}

func removeTarget(store *offsets.Store, target, server string, stdout io.Writer) error {
	key, err := PositionKey(target, server)
	if err != nil {
		return err
	}
	err = store.Remove(key)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("no saved position for %s on %s ('dstail state ls' lists them)", key.Stream, key.Server)
	case errors.Is(err, offsets.ErrLocked):
		return fmt.Errorf("a running dstail is following %s on %s; stop it first", key.Stream, key.Server)
	case err != nil:
		return err
	}
	_, err = fmt.Fprintf(stdout, "removed %s %s\n", key.Server, key.Stream)
	return err
}

// PositionKey is the key follow saves TARGET's position under.
func PositionKey(target, server string) (offsets.Key, error) {
	kind, where, err := resolveTarget(target, server)
	if err != nil {
		return offsets.Key{}, err
	}
	if kind == targetSession {
		return offsets.NewKey(where, target)
	}
	u, err := url.Parse(where)
	if err != nil {
		return offsets.Key{}, Usagef("TARGET %q: %v", target, err)
	}
	return offsets.NewKey(where, u.EscapedPath())
}

// RemoveAll forgets every entry; entries held by a running dstail are kept
// and reported.
func RemoveAll(store *offsets.Store, stdout io.Writer) error {
	entries, err := store.List()
	if err != nil {
		return err
	}
	var busy []string
	removed := 0
	for _, e := range entries {
		err := store.RemoveEntry(e)
		switch {
		case errors.Is(err, offsets.ErrLocked):
			busy = append(busy, e.Stream)
		case errors.Is(err, fs.ErrNotExist): // removed meanwhile
		case err != nil:
			return err
		default:
			removed++
		}
	}
	if _, err := fmt.Fprintf(stdout, "removed %d saved position(s) from %s\n", removed, store.Dir()); err != nil {
		return err
	}
	if len(busy) > 0 {
		return fmt.Errorf("kept %d position(s) a running dstail is following: %s", len(busy), strings.Join(busy, ", "))
	}
	return nil
}

// SavedTargets lists the saved streams (as URLs) and sessions (with their
// server as the description), for completing `state rm`.
func SavedTargets(store *offsets.Store) []Completion {
	entries, _ := store.List()
	var out []Completion
	for _, e := range entries {
		switch {
		case e.Err != nil:
		case isSessionEntry(e):
			out = append(out, Completion{ID: e.Stream, Title: "on " + Redact(e.Server)})
		default:
			out = append(out, Completion{ID: Redact(e.Server) + e.Stream, Title: positionText(e)})
		}
	}
	return out
}
