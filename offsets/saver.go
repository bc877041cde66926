package offsets

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gofrs/flock"
)

// Saver holds one entry open for writing. Save records a position in memory;
// a background flusher writes it at most once per interval. All methods are
// safe for concurrent use.
type Saver struct {
	key      Key
	path     string
	create   createTempFunc
	now      func() time.Time
	interval time.Duration
	lock     *flock.Flock
	journal  *journal

	loaded    Position
	found     bool
	loadErr   error
	closeOnce sync.Once
	closeErr  error

	// writeMu serialises writes so an older snapshot never replaces a newer one.
	writeMu sync.Mutex
	// journalMu serialises journal writes (Commit) apart from writeMu.
	journalMu sync.Mutex

	mu       sync.Mutex // guards the fields below
	pos      Position
	dirty    bool
	closed   bool // Save is ignored from now on
	released bool // the lock is gone; nothing may be written
	err      error
	stats    Stats

	kick chan struct{} // capacity 1: "something is dirty"
	stop chan struct{}
	done chan struct{}
}

func newSaver(s *Store, key Key, path string, fl *flock.Flock, j *journal, pos Position, found bool, loadErr error) *Saver {
	sv := &Saver{
		key: key, path: path, create: s.createTemp, now: s.now, interval: s.interval, lock: fl, journal: j,
		loaded: pos, found: found, loadErr: loadErr, pos: pos,
		kick: make(chan struct{}, 1),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	go sv.run()
	return sv
}

// Key is the normalised key of this entry.
func (s *Saver) Key() Key { return s.key }

// Path is the entry's file.
func (s *Saver) Path() string { return s.path }

// Loaded is what Open found on disk: found == false with a nil error means
// there was no saved position; a *CorruptError means it was unusable.
func (s *Saver) Loaded() (pos Position, found bool, err error) {
	return s.loaded, s.found, s.loadErr
}

// Position is the latest position given to Save (or the loaded one).
func (s *Saver) Position() Position {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pos
}

// Save records pos; it does no I/O and does not allocate. Saves after Close
// are ignored.
func (s *Saver) Save(pos Position) {
	s.mu.Lock()
	s.stats.Saves++
	if s.closed || pos == s.pos {
		s.mu.Unlock()
		return
	}
	s.pos = pos
	s.dirty = true
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default: // the flusher already knows
	}
}

// Flush writes the position now if it changed since the last write.
func (s *Saver) Flush() error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.mu.Lock()
	released, dirty := s.released, s.dirty
	s.mu.Unlock()
	if released {
		if dirty {
			return fmt.Errorf("offsets: %s: %w", s.path, ErrClosed)
		}
		return nil
	}
	return s.write()
}

// Commit records pos and writes it to the journal at once (one pwrite, no
// fsync), so a process killed right after resumes exactly here; the flusher
// still makes it durable (fsync) at most once per interval. It is meant for
// once per batch handed on, not per message.
func (s *Saver) Commit(pos Position) error {
	// Only journalMu: waiting for the flusher's fsync here would widen the
	// window between a batch on stdout and its position on disk.
	s.journalMu.Lock()
	defer s.journalMu.Unlock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.stats.Saves++
	s.pos, s.dirty = pos, true
	now := s.now()
	s.mu.Unlock()
	err := s.writeJournal(pos, now)
	select {
	case s.kick <- struct{}{}:
	default:
	}
	return err
}

// Err is the error of the most recent write (nil once a write succeeds).
// Background failures also leave the position dirty, so Flush and Close retry
// and return them.
func (s *Saver) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Stats returns counters of the work done so far.
func (s *Saver) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Close stops the flusher, writes any pending position and releases the lock.
// It returns the final write's error; later calls return the same result.
func (s *Saver) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		close(s.stop)
		<-s.done

		s.writeMu.Lock()
		defer s.writeMu.Unlock()
		err := s.write()
		s.mu.Lock()
		s.released = true
		s.mu.Unlock()
		s.journalMu.Lock()
		defer s.journalMu.Unlock()
		if jerr := s.journal.close(); jerr != nil {
			err = errors.Join(err, jerr)
		}
		if uerr := s.lock.Close(); uerr != nil {
			err = errors.Join(err, fmt.Errorf("offsets: unlock %s: %w", s.lock.Path(), uerr))
		}
		s.closeErr = err
	})
	return s.closeErr
}

func (s *Saver) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// run writes when kicked, then waits out one interval per fsync the write
// issued before the next write, so a burst of Saves costs at most one fsync
// per interval (a write syncs the file and its directory: two intervals).
func (s *Saver) run() {
	defer close(s.done)
	timer := time.NewTimer(s.interval)
	timer.Stop()
	for {
		select {
		case <-s.kick:
		case <-s.stop:
			return
		}
		s.writeMu.Lock()
		before := s.Stats().Fsyncs
		_ = s.write() // kept in s.err; the position stays dirty on failure
		spent := s.Stats().Fsyncs - before
		s.writeMu.Unlock()
		timer.Reset(s.interval * time.Duration(max(spent, 1)))
		select {
		case <-timer.C:
		case <-s.stop:
			timer.Stop()
			return
		}
	}
}

// write persists the current position if dirty. The caller holds writeMu.
func (s *Saver) write() error {
	s.mu.Lock()
	if !s.dirty {
		s.mu.Unlock()
		return nil
	}
	// The time is taken with the position, under mu, so that on load a
	// journal written by a later Commit always has the later time.
	pos, now := s.pos, s.now()
	s.dirty = false
	s.mu.Unlock()

	data, err := encode(record{
		Version: formatVersion, Server: s.key.Server, Stream: s.key.Stream,
		Position: pos, Updated: now,
	})
	var fsyncs uint64
	if err == nil {
		fsyncs, err = writeAtomic(s.create, s.path, data)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.Fsyncs += fsyncs
	if err != nil {
		s.stats.Failures++
		s.dirty = true
		s.err = fmt.Errorf("offsets: save %s: %w", s.path, err)
		return s.err
	}
	s.stats.Writes++
	s.err = nil
	return nil
}

// writeJournal records pos in the journal at once. The caller holds journalMu.
func (s *Saver) writeJournal(pos Position, now time.Time) error {
	rec := record{Version: formatVersion, Server: s.key.Server, Stream: s.key.Stream, Position: pos, Updated: now}
	if reason := rec.invalid(); reason != "" {
		return fmt.Errorf("offsets: save %s: %s", journalPath(s.path), reason)
	}
	s.journal.scratch = appendRecord(s.journal.scratch[:0], s.key, pos, now)
	if err := s.journal.write(s.journal.scratch); err != nil {
		return fmt.Errorf("offsets: save %s: %w", journalPath(s.path), err)
	}
	return nil
}
