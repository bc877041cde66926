package app

import (
	"errors"
	"time"

	"github.com/dstail/dstail/offsets"
	"github.com/dstail/dstail/reconcile"
)

// positions keeps one saved position per followed stream or session and
// commits each only after its output is written. The source calls it from
// one goroutine, so it needs no lock.
type positions struct {
	c      *Config
	n      *notices
	store  *offsets.Store
	savers map[string]*offsets.Saver
	seen   map[string]*seenMark // views: when each session was last shown
}

func newPositions(c *Config, n *notices) *positions {
	return &positions{c: c, n: n, savers: map[string]*offsets.Saver{}}
}

// open takes the saved position of key (and its lock), unless --no-save. A
// corrupt file is a warning; a second dstail on the same key is an error.
func (p *positions) open(id string, key offsets.Key) (offsets.Position, bool, error) {
	if p.c.NoSave {
		return offsets.Position{}, false, nil
	}
	if p.store == nil {
		store, err := OpenStore(p.c.StateDir)
		if err != nil {
			return offsets.Position{}, false, err
		}
		p.store = store
	}
	saver, err := p.store.Open(key)
	if errors.Is(err, offsets.ErrLocked) {
		return offsets.Position{}, false, errors.New("another dstail is already following " + key.Stream + " on " + key.Server + "; stop it, or run this one with --no-save")
	}
	if err != nil {
		return offsets.Position{}, false, errors.New(err.Error() + " (use --no-save to follow without saving)")
	}
	p.savers[id] = saver
	pos, found, loadErr := saver.Loaded()
	if loadErr != nil {
		p.n.warn("ignoring saved position: %v", loadErr)
		found = false
	}
	return pos, found, nil
}

// openSeen reads when a view last showed key, the view's mark of what is
// new. A view takes no lock and leaves the position of line and JSON output
// alone: any number of views follow one session beside one such reader.
// Unless --no-save, the view's own mark is written as it shows more.
func (p *positions) openSeen(id string, key offsets.Key) (time.Time, error) {
	m, err := p.openView(id, key)
	return m.At, err
}

// openView is openSeen with where a view of a Durable Stream stopped, its
// own mark (nil when no view marked one): never the position of line and
// JSON output, which says what another reader saw.
func (p *positions) openView(id string, key offsets.Key) (offsets.ViewMark, error) {
	if p.store == nil {
		store, err := OpenStore(p.c.StateDir)
		if err != nil {
			return offsets.ViewMark{}, err
		}
		p.store = store
	}
	mark, _, err := p.store.SeenMark(key)
	if err != nil {
		p.n.warn("ignoring what a view last showed: %v", err)
		mark = offsets.ViewMark{}
	}
	if !p.c.NoSave {
		if p.seen == nil {
			p.seen = map[string]*seenMark{}
		}
		p.seen[id] = &seenMark{key: key}
	}
	return mark, nil
}

// seenMark is a view's mark of one session or stream, written at most
// every seenEvery while it shows more, and at the end.
type seenMark struct {
	key     offsets.Key
	written time.Time
	pos     *offsets.Position // a stream view's: where it stopped showing
}

// viewed notes that a stream view has shown everything before pos. The
// mark is written when the view ends, not as it goes: a second view opened
// meanwhile starts where the first one started, and so shows what it shows.
func (p *positions) viewed(id string, pos offsets.Position) {
	if m := p.seen[id]; m != nil {
		m.pos = &pos
	}
}

const seenEvery = 2 * time.Second

// markSeen writes id's mark; with force even if it was written just now.
func (p *positions) markSeen(id string, force bool) {
	m := p.seen[id]
	now := time.Now()
	if m == nil || !force && now.Sub(m.written) < seenEvery {
		return
	}
	m.written = now
	if err := p.store.MarkViewed(m.key, offsets.ViewMark{At: now, Position: m.pos}); err != nil && !p.n.saveFailed {
		p.n.saveFailed = true
		p.n.warn("cannot save what the view last showed: %v", err)
	}
}

// OpenStore opens dir, or the default state directory.
func OpenStore(dir string) (*offsets.Store, error) {
	if dir != "" {
		return offsets.NewStore(dir), nil
	}
	return offsets.Default()
}

// commit writes pos through once its output is out. A failure (disk full)
// is reported once and retried by the flusher; the output itself goes on.
func (p *positions) commit(id string, pos offsets.Position) {
	s := p.savers[id]
	if s == nil {
		return
	}
	if err := s.Commit(pos); err != nil && !p.n.saveFailed {
		p.n.saveFailed = true
		p.n.warn("cannot save position (will retry): %v", err)
	}
}

// commitSession commits the seq (and newest event id) handed on so far.
func (p *positions) commitSession(id string, events []reconcile.Event, m *reconcile.Model) {
	p.markSeen(id, false)
	s := p.savers[id]
	if s == nil {
		return
	}
	pos := s.Position()
	if seq, ok := m.LastSeq(); ok {
		pos.Seq = seq
	}
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].ID != "" {
			pos.EventID = events[i].ID
			break
		}
	}
	p.commit(id, pos)
}

// drop lets go of one position (a session no longer followed).
func (p *positions) drop(id string) {
	p.markSeen(id, true)
	delete(p.seen, id)
	if err := closeSaver(p.savers[id], nil); err != nil {
		p.n.warn("%v", err)
	}
	delete(p.savers, id)
}

// close flushes every position; the first failure is returned unless err
// already says what went wrong, since the next run would repeat what this
// one printed.
func (p *positions) close(err error) error {
	for id := range p.seen {
		p.markSeen(id, true)
	}
	p.seen = nil
	for id, s := range p.savers {
		err = closeSaver(s, err)
		delete(p.savers, id)
	}
	return err
}

func closeSaver(s *offsets.Saver, err error) error {
	if s == nil {
		return err
	}
	if cerr := s.Close(); cerr != nil && err == nil {
		return errors.New("saving position: " + cerr.Error())
	}
	return err
}
