package offsets

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// seenSuffix names the sidecar file that holds when a view last showed a
// stream. It is no position: any number of views write it, without a lock
// (each write is one atomic rename, the last one wins), and it never moves
// the position that line and JSON output resume from.
const seenSuffix = ".seen"

type seenRecord struct {
	Version int       `json:"version"`
	Server  string    `json:"server"`
	Stream  string    `json:"stream"`
	Seen    time.Time `json:"seen"`
	// Position is where a view of a Durable Stream stopped showing it, so
	// the next view goes on from there; views of sessions keep none.
	Position *Position `json:"position,omitempty"`
}

// Seen returns when a view last showed key's stream: the time MarkSeen
// wrote, else the time its position was saved (what line output printed was
// seen too); zero with found false when neither exists.
func (s *Store) Seen(key Key) (seen time.Time, found bool, err error) {
	m, found, err := s.SeenMark(key)
	return m.At, found, err
}

// ViewMark is what a view left of key's stream: when it last showed it and,
// for a Durable Stream, where it stopped (nil when it kept no position).
type ViewMark struct {
	At       time.Time
	Position *Position
}

// SeenMark is Seen with the position a stream view stopped at, if any.
func (s *Store) SeenMark(key Key) (mark ViewMark, found bool, err error) {
	key, err = key.normalize()
	if err != nil {
		return ViewMark{}, false, err
	}
	if err := s.checkPrivate(); err != nil {
		return ViewMark{}, false, err
	}
	path := s.base(key) + seenSuffix
	data, err := readNoFollow(path, maxFileSize+1)
	if err == nil {
		var rec seenRecord
		if jerr := json.Unmarshal(data, &rec); jerr != nil || rec.Version != formatVersion || rec.Server != key.Server || rec.Stream != key.Stream || rec.Seen.IsZero() {
			return ViewMark{}, false, corrupt(path, "not a seen mark", jerr)
		}
		return ViewMark{At: rec.Seen, Position: rec.Position}, true, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return ViewMark{}, false, corrupt(path, "unreadable", err)
	}
	rec, found, err := loadNewestRecord(s.base(key)+entrySuffix, key)
	return ViewMark{At: rec.Updated}, found && err == nil, err
}

// MarkSeen records that a view showed key's stream up to t.
func (s *Store) MarkSeen(key Key, t time.Time) error { return s.MarkViewed(key, ViewMark{At: t}) }

// MarkViewed records what a view showed of key's stream: when, and where
// a stream view stopped. Like MarkSeen it takes no lock.
func (s *Store) MarkViewed(key Key, m ViewMark) error {
	key, err := key.normalize()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return unwritable(s.dir, err)
	}
	if err := s.checkPrivate(); err != nil {
		return err
	}
	path := s.base(key) + seenSuffix
	if err := checkNoLinks(path); err != nil {
		return err
	}
	data, err := json.Marshal(seenRecord{Version: formatVersion, Server: key.Server, Stream: key.Stream, Seen: m.At.UTC(), Position: m.Position})
	if err != nil {
		return err
	}
	if _, err := writeAtomic(s.createTemp, path, append(data, '\n')); err != nil {
		return fmt.Errorf("offsets: save %s: %w", path, err)
	}
	return nil
}
