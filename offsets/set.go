package offsets

import (
	"errors"
	"fmt"
	"sync"
)

// Set holds the savers of several keys, e.g. every OpenCode session followed
// on one server, and flushes or closes them together.
type Set struct {
	store *Store

	mu      sync.Mutex // held across Close of members so Stats stays exact
	savers  map[Key]*Saver
	retired Stats // counters of savers no longer held
	closed  bool
}

// NewSet returns an empty Set backed by s.
func (s *Store) NewSet() *Set {
	return &Set{store: s, savers: make(map[Key]*Saver)}
}

// Open returns the open Saver for key, opening (and locking) it on first use
// or after it was closed.
func (s *Set) Open(key Key) (*Saver, error) {
	key, err := key.normalize()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, fmt.Errorf("offsets: set: %w", ErrClosed)
	}
	old, ok := s.savers[key]
	if ok && !old.isClosed() {
		return old, nil
	}
	sv, err := s.store.Open(key)
	if err != nil {
		return nil, err
	}
	if ok {
		s.retire(key, old)
	}
	s.savers[key] = sv
	return sv, nil
}

// Release closes key's Saver (flushing it) and forgets it.
func (s *Set) Release(key Key) error {
	key, err := key.normalize()
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sv, ok := s.savers[key]
	if !ok {
		return nil
	}
	err = sv.Close()
	s.retire(key, sv)
	return err
}

// Flush flushes every Saver and joins their errors.
func (s *Set) Flush() error {
	var errs []error
	for _, sv := range s.members() {
		errs = append(errs, sv.Flush())
	}
	return errors.Join(errs...)
}

// Close closes every Saver and joins their errors; Open fails afterwards.
func (s *Set) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	var errs []error
	for key, sv := range s.savers {
		errs = append(errs, sv.Close())
		s.retire(key, sv)
	}
	return errors.Join(errs...)
}

// Err joins the most recent write error of every Saver.
func (s *Set) Err() error {
	var errs []error
	for _, sv := range s.members() {
		errs = append(errs, sv.Err())
	}
	return errors.Join(errs...)
}

// Stats sums the counters of every Saver the Set has held.
func (s *Set) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	total := s.retired
	for _, sv := range s.savers {
		total.add(sv.Stats())
	}
	return total
}

// retire moves sv's counters into s.retired; the caller holds s.mu.
func (s *Set) retire(key Key, sv *Saver) {
	s.retired.add(sv.Stats())
	delete(s.savers, key)
}

func (s *Set) members() []*Saver {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*Saver, 0, len(s.savers))
	for _, sv := range s.savers {
		out = append(out, sv)
	}
	return out
}
