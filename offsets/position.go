package offsets

// Position is where a reader stopped in one stream or session. It is a plain
// comparable value shared by both transports; which fields are set depends on
// the transport.
type Position struct {
	// Offset is the Durable Streams offset (opaque, compared byte-wise).
	Offset string `json:"offset,omitempty"`
	// Skip counts the units (messages, lines or bytes) of the batch starting
	// at Offset that were already handed on, so a resume does not repeat them.
	Skip int64 `json:"skip,omitempty"`
	// Seq is the last applied per-session sync sequence (OpenCode).
	Seq int64 `json:"seq,omitempty"`
	// EventID is the last event ID seen (OpenCode).
	EventID string `json:"event_id,omitempty"`
	// Cursor is the Durable Streams cursor for CDN collapsing.
	Cursor string `json:"cursor,omitempty"`
}

// IsZero reports whether no field is set.
func (p Position) IsZero() bool { return p == Position{} }

// Stats counts work done by a Saver (or a Set, summed over its savers).
type Stats struct {
	Saves    uint64 // calls to Save
	Writes   uint64 // files successfully renamed into place
	Fsyncs   uint64 // fsync calls issued, on files and directories
	Failures uint64 // writes that failed
}

func (s *Stats) add(o Stats) {
	s.Saves += o.Saves
	s.Writes += o.Writes
	s.Fsyncs += o.Fsyncs
	s.Failures += o.Failures
}
