package reconcile

import "encoding/json"

// Event is one server event in the bus shape: Type and Data are the event's
// `type` and `properties`, whichever stream or endpoint delivered it.
type Event struct {
	// Type is the event name, e.g. "message.part.updated". For sync twins
	// and history entries the schema suffix (".1") is removed; see Version.
	Type string
	// Session is the session the event belongs to, "" when it has none
	// (server.connected, project.updated, ...).
	Session string
	// Seq is the per-session sequence number of a durable event. Only
	// meaningful when Sync is true (seq 0 is session.created).
	Seq int64
	// Sync marks the durable copy of an event: a `sync` twin on
	// /global/event or an entry of POST /sync/history. Seq is set.
	Sync bool
	// Version is the schema version from a sync type suffix, 0 otherwise.
	Version int
	// ID is the server's event id (evt_…), "" if none. Ids ascend in the
	// order the server emitted the events.
	ID string
	// Directory is the instance directory from the /global/event envelope.
	Directory string
	// Data is the server's properties object.
	Data json.RawMessage
	// Synthetic marks events produced by Merge from REST state. They carry
	// no id or seq and are ordered against stored state by content.
	Synthetic bool

	// delta holds a delta's members when the decoder read them with the
	// frame, so that applying it reads nothing again.
	delta *deltaProps
	// held is the item an event made by the merger wraps, or the part or
	// message info the decoder found in a frame, with its head, so that
	// applying it reads nothing again.
	held *heldItem
}

// Event types the model understands, named as the server names them.
const (
	TypeServerConnected   = "server.connected"
	TypeServerHeartbeat   = "server.heartbeat"
	TypeInstanceDisposed  = "server.instance.disposed"
	TypeGlobalDisposed    = "global.disposed"
	TypeSessionCreated    = "session.created"
	TypeSessionUpdated    = "session.updated"
	TypeSessionDeleted    = "session.deleted"
	TypeSessionStatus     = "session.status"
	TypeSessionIdle       = "session.idle"
	TypeSessionError      = "session.error"
	TypeSessionDiff       = "session.diff"
	TypeTodoUpdated       = "todo.updated"
	TypeMessageUpdated    = "message.updated"
	TypeMessageRemoved    = "message.removed"
	TypePartUpdated       = "message.part.updated"
	TypePartRemoved       = "message.part.removed"
	TypePartDelta         = "message.part.delta"
	TypePermissionAsked   = "permission.asked"
	TypePermissionReplied = "permission.replied"
	TypeQuestionAsked     = "question.asked"
	TypeQuestionReplied   = "question.replied"
	TypeQuestionRejected  = "question.rejected"
)

var knownTypes = map[string]bool{
	TypeServerConnected: true, TypeServerHeartbeat: true,
	TypeInstanceDisposed: true, TypeGlobalDisposed: true,
	TypeSessionCreated: true, TypeSessionUpdated: true, TypeSessionDeleted: true,
	TypeSessionStatus: true, TypeSessionIdle: true, TypeSessionError: true,
	TypeSessionDiff: true, TypeTodoUpdated: true,
	TypeMessageUpdated: true, TypeMessageRemoved: true,
	TypePartUpdated: true, TypePartRemoved: true, TypePartDelta: true,
	TypePermissionAsked: true, TypePermissionReplied: true,
	TypeQuestionAsked: true, TypeQuestionReplied: true, TypeQuestionRejected: true,
}

// Known reports whether the model understands events of type t. Other types
// (plugin.added, session.next.*, ...) are valid events the model ignores.
func Known(t string) bool { return knownTypes[t] }

// IsDurable reports whether events of type t are stored by the server and
// therefore carry a seq on /global/event and in /sync/history.
func IsDurable(t string) bool {
	switch t {
	case TypeSessionCreated, TypeSessionUpdated, TypeSessionDeleted,
		TypeMessageUpdated, TypeMessageRemoved, TypePartUpdated, TypePartRemoved:
		return true
	}
	return false
}
