package reconcile

// MergeStream is Merge with the message list given one message at a time,
// as a streaming reader decodes it: the events of each message can be
// handed on before the next one is read. Merge is StartMerge, Message for
// each listed message, and End; the events come out in the same order.
type MergeStream struct {
	g         merger
	snap      Snapshot
	list      bool // a message list is merged: End removes what it lacks
	snapNewer bool
	listed    map[string]bool
	oldest    string
	newest    string
	spare     []Event // what the last Take returned, for the next events
	// Forget drops each message and its parts from the model once merged:
	// for a one-off read (--once) whose model is never asked about them
	// again, so that memory does not grow with the session. Only for a
	// model that held no messages before.
	Forget bool
}

// StartMerge merges the session and children of snap and returns the
// stream for its message list; snap.Messages is ignored. list says a
// message list follows (a nil Snapshot.Messages in Merge means none).
// Status and pending requests of snap are merged by End.
func (m *Model) StartMerge(snap Snapshot, list bool) *MergeStream {
	s := &MergeStream{g: merger{m: m}, snap: snap, list: list, listed: map[string]bool{}}
	s.snapNewer = m.snapshotNewer(snap.Session)
	s.g.session(snap.Session)
	for _, child := range snap.Children {
		s.g.child(child)
	}
	return s
}

// Message merges one message of the list and returns its id ("" when it
// is not a message of this session).
func (s *MergeStream) Message(wm WireMessage) string {
	id, ok := s.g.message(wm, s.snapNewer)
	if !ok {
		return ""
	}
	if s.oldest == "" || id < s.oldest {
		s.oldest = id
	}
	if id > s.newest {
		s.newest = id
	}
	if s.Forget {
		s.g.forget(id)
		return id
	}
	s.listed[id] = true
	return id
}

// Take returns the events merged since the last Take and forgets them.
// They are the caller's until the next Take (or End): the stream gathers
// the next ones in the slice it returned the time before, so that a long
// list goes through two slices, not one for every slice handed on.
func (s *MergeStream) Take() []Event {
	out := s.g.out
	clear(s.spare) // no event of the time before stays reachable
	s.g.out, s.spare = s.spare[:0], out
	return out
}

// End removes local messages the list must have included but lacks (see
// Merge), merges status and pending requests, and returns the events not
// taken yet.
func (s *MergeStream) End() []Event {
	g, m := &s.g, s.g.m
	if s.list {
		for _, id := range sortedKeys(m.messages) {
			if s.listed[id] || (id > s.newest && !s.snapNewer) || (s.snap.Truncated && id < s.oldest) {
				continue
			}
			for _, partID := range g.partsOf(id) {
				g.emit(synthetic(TypePartRemoved, m.id, map[string]any{"sessionID": m.id, "messageID": id, "partID": partID}))
			}
			g.emit(synthetic(TypeMessageRemoved, m.id, map[string]any{"sessionID": m.id, "messageID": id}))
		}
	}
	if s.snap.Status != nil {
		g.status(s.snap.Status)
	}
	if s.snap.Permissions != nil {
		g.requests(s.snap.Permissions, m.permissions, TypePermissionAsked, TypePermissionReplied)
	}
	if s.snap.Questions != nil {
		g.requests(s.snap.Questions, m.questions, TypeQuestionAsked, TypeQuestionReplied)
	}
	return s.Take()
}

// forget drops a merged message and its parts from the model.
func (g *merger) forget(id string) {
	for _, partID := range g.partsOf(id) {
		delete(g.m.parts, partID)
	}
	delete(g.byMessage, id)
	delete(g.m.messages, id)
}
