package reconcile

// Resume says where the output of a session's next catch-up begins.
type Resume struct {
	// Resumed: the model continues after a saved seq (Seq) and lacks the
	// older state; only newer changes are handed on.
	Resumed bool
	Seq     int64
	// EventID is the newest event id already handed on before a stop: a
	// durable event printed live whose seq was not yet saved comes back
	// from history and must not be handed on twice.
	EventID string
	// Silent applies the catch-up without handing anything on (--from now).
	Silent bool
}

// HistoryAfter is the seq to read POST /sync/history after for the next
// catch-up; ok is false when the catch-up needs no history. History pays
// only when resuming without the older state: a model that holds it is
// brought up to date by the message list, which (unlike history) never
// grows with the rest of the server's database.
func (m *Model) HistoryAfter(r Resume) (seq int64, ok bool) {
	if !r.Resumed {
		return 0, false
	}
	if seq, ok := m.LastSeq(); ok {
		return seq, true
	}
	return r.Seq, true
}

// CatchUp brings the model to the server's state and returns the events
// that did it, to hand on (none when r.Silent). snap is the REST state,
// read before history; history is the answer of POST /sync/history after
// HistoryAfter, nil when it was not read (not needed, or the server has
// none). History events of other sessions are ignored.
//
// A resumed model takes the durable changes from history (exact, and only
// what is new); otherwise the message list brings them. REST also gives
// what history lacks: status, pending requests, and parts still streaming.
func (m *Model) CatchUp(snap Snapshot, history []Event, r Resume) []Event {
	var out []Event
	for _, ev := range history {
		if ev.Session != m.id {
			continue
		}
		printed := r.Resumed && ev.ID != "" && ev.ID <= r.EventID
		if m.Apply(ev) && !printed {
			ev.Synthetic = true
			out = append(out, ev)
		}
	}
	merged := m.Merge(snap)
	if r.Resumed && history != nil {
		// Every durable change in the message list is either at or below
		// the saved seq (printed before the stop) or in history, which was
		// read after the list and applied first: so the list only fills in
		// the older state, silently, so that later re-sends of old objects
		// are known and not printed. Read the other way round, a change
		// landing between the reads would be absorbed here unprinted, and
		// its live event would then change nothing.
		merged = ephemeralOnly(merged)
	}
	out = append(out, merged...)
	if r.Silent {
		return nil
	}
	return out
}

// ephemeralOnly keeps the events history cannot carry: status, errors and
// pending requests.
func ephemeralOnly(evs []Event) []Event {
	var out []Event
	for _, ev := range evs {
		if !IsDurable(ev.Type) {
			out = append(out, ev)
		}
	}
	return out
}
