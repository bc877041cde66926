package main

import (
	"io"
	"os"

	"golang.org/x/term"

	"github.com/dstail/dstail/follower"
	"github.com/dstail/dstail/offsets"
	"github.com/dstail/dstail/reconcile"
)

// positionSet keeps one saved position per followed session. The follower
// calls it from one goroutine, so it needs no lock.
type positionSet struct {
	o      *options
	server string
	n      *noticePrinter
	savers map[string]*offsets.Saver
}

func newPositionSet(o *options, server string, n *noticePrinter) *positionSet {
	return &positionSet{o: o, server: server, n: n, savers: map[string]*offsets.Saver{}}
}

// start opens the session's saved position and says where it begins. A
// named session whose position is locked is an error, as for one session;
// a discovered one is followed without saving.
func (s *positionSet) start(id string, origin follower.Origin) (follower.Start, error) {
	key, err := offsets.NewKey(s.server, id)
	if err != nil {
		return follower.Start{}, err
	}
	saver, saved, found, err := openPosition(s.o, key, s.n)
	if err != nil {
		if origin == follower.OriginTarget {
			return follower.Start{}, err
		}
		s.n.warn("%v; following %s without saving", err, id)
		saver, found = nil, false
	}
	s.savers[id] = saver
	return sessionStart(s.o, origin, saved, found), nil
}

// sessionStart maps --from onto one of several sessions; a named session
// starts as it would alone (a seq number is its own). Sessions created
// while following are shown from their start; sessions that --all found
// at start begin at now (or their saved position) unless --from start,
// so an --all never replays the history of every old session.
func sessionStart(o *options, origin follower.Origin, saved offsets.Position, found bool) follower.Start {
	resume := follower.Start{Resume: true, ResumeSeq: saved.Seq, ResumeEventID: saved.EventID}
	hasSaved := found && !saved.IsZero()
	if origin == follower.OriginCreated {
		if hasSaved {
			return resume
		}
		return follower.Start{}
	}
	from := o.from
	if o.once && !o.fromSet && origin != follower.OriginListed {
		from = "start"
	}
	if seq, err := fromSeq(from); err == nil && origin == follower.OriginTarget {
		return follower.Start{Resume: true, ResumeSeq: seq} // --from SEQ names the target's seq
	}
	switch {
	case from == "start":
		return follower.Start{}
	case from == "now":
		return follower.Start{Silent: true}
	case hasSaved:
		return resume
	case origin == follower.OriginListed:
		return follower.Start{Silent: true}
	}
	return follower.Start{}
}

func (s *positionSet) commit(id string, events []reconcile.Event, m *reconcile.Model) {
	saver := s.savers[id]
	commitPosition(saver, sessionPosition(saver, events, m), s.n)
}

// drop lets go of a session no longer followed.
func (s *positionSet) drop(id string) {
	if err := closeSaver(s.savers[id], nil); err != nil {
		s.n.warn("%v", err)
	}
	delete(s.savers, id)
}

// close flushes every position; the first failure is returned unless err
// already says what went wrong.
func (s *positionSet) close(err error) error {
	for id, saver := range s.savers {
		err = closeSaver(saver, err)
		delete(s.savers, id)
	}
	return err
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
