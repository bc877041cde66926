package reconcile

import "encoding/json"

// Model is the state of one OpenCode session (and the list of its child
// sessions) folded from server events. It does no I/O and is not safe for
// concurrent use; the zero value is not usable, call New.
type Model struct {
	id       string
	session  *sessionRec
	children map[string]*sessionRec

	messages map[string]*messageRec
	parts    map[string]*partRec
	// removed holds ids of deleted messages, parts and child sessions:
	// ids are never reused, so any later copy of them is stale.
	removed map[string]bool

	status     rawValue
	statusNow  Status // status.raw decoded (without Raw): read after every event
	sessionErr rawValue
	errCleared string // id of the status event that cleared the last error
	todos      rawValue
	diff       rawValue

	permissions map[string]json.RawMessage
	questions   map[string]json.RawMessage
	resolved    map[string]bool // answered permission/question ids

	lastSeq int64
	hasSeq  bool
	stats   Stats
}

// Stats counts what Apply did with the events it was given.
type Stats struct {
	Changed      int // events that changed the state
	Unchanged    int // understood but nothing new: duplicates, older copies, no-ops
	Unknown      int // types the model does not model (plugin.added, ...)
	OtherSession int // events of sessions that are neither this one nor a child
	Malformed    int // known types whose properties lack what the model needs
}

type outcome int

const (
	changedState outcome = iota
	unchanged
	ignoredType
	otherSession
	malformed
)

func changedIf(b bool) outcome {
	if b {
		return changedState
	}
	return unchanged
}

type rawValue struct {
	raw json.RawMessage
	ver version
}

// New returns an empty model for session id.
func New(sessionID string) *Model {
	return &Model{
		id:          sessionID,
		children:    map[string]*sessionRec{},
		messages:    map[string]*messageRec{},
		parts:       map[string]*partRec{},
		removed:     map[string]bool{},
		permissions: map[string]json.RawMessage{},
		questions:   map[string]json.RawMessage{},
		resolved:    map[string]bool{},
	}
}

// SessionID returns the id the model was created for.
func (m *Model) SessionID() string { return m.id }

// Stats returns the counters of all Apply calls so far.
func (m *Model) Stats() Stats { return m.stats }

// LastSeq returns the highest seq seen for this session in sync events, the
// value to send to POST /sync/history. ok is false before any sync event.
func (m *Model) LastSeq() (seq int64, ok bool) { return m.lastSeq, m.hasSeq }

// SeqGap reports whether ev is a sync event of this session that skips at
// least one seq after LastSeq: events were missed and history should be
// fetched before going on.
func (m *Model) SeqGap(ev Event) bool {
	return ev.Sync && ev.Session == m.id && m.hasSeq && ev.Seq > m.lastSeq+1
}

// Apply folds one event into the model and reports whether the state
// changed. Applying an event again, or an older copy of an object after a
// newer one, changes nothing. Events of other sessions are ignored, except
// session info of child sessions.
func (m *Model) Apply(ev Event) bool {
	if ev.Sync && ev.Session == m.id && (!m.hasSeq || ev.Seq > m.lastSeq) {
		m.lastSeq, m.hasSeq = ev.Seq, true
	}
	out := m.dispatch(ev)
	switch out {
	case changedState:
		m.stats.Changed++
	case unchanged:
		m.stats.Unchanged++
	case ignoredType:
		m.stats.Unknown++
	case otherSession:
		m.stats.OtherSession++
	case malformed:
		m.stats.Malformed++
	}
	return out == changedState
}

func (m *Model) dispatch(ev Event) outcome {
	switch ev.Type {
	case TypeSessionCreated, TypeSessionUpdated:
		return m.applySessionInfo(ev)
	case TypeSessionDeleted:
		return m.applySessionDeleted(ev)
	case TypeServerConnected, TypeServerHeartbeat, TypeInstanceDisposed, TypeGlobalDisposed:
		return unchanged
	}
	if !Known(ev.Type) {
		return ignoredType
	}
	if ev.Session != m.id {
		return otherSession
	}
	switch ev.Type {
	case TypeSessionStatus:
		return m.applyStatus(ev)
	case TypeSessionIdle:
		return m.setStatus(ev, json.RawMessage(`{"type":"idle"}`))
	case TypeSessionError:
		return m.applySessionError(ev)
	case TypeTodoUpdated:
		return m.applyLatest(ev, &m.todos, "todos")
	case TypeSessionDiff:
		return m.applyLatest(ev, &m.diff, "diff")
	case TypeMessageUpdated:
		return m.applyMessageUpdated(ev)
	case TypeMessageRemoved:
		return m.applyMessageRemoved(ev)
	case TypePartUpdated:
		return m.applyPartUpdated(ev)
	case TypePartRemoved:
		return m.applyPartRemoved(ev)
	case TypePartDelta:
		return m.applyDelta(ev)
	}
	return m.applyRequest(ev)
}
