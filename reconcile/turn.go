package reconcile

// Turn is how the newest turn of a session stands: over or not, and when
// over, how it ended.
type Turn struct {
	Over bool
	// Failure says why a turn that is over did not finish well; "" when it did.
	Failure string
	// Interrupted: the turn was cut off by a server stop, not failed by the
	// model, so its final updates may still be on their way.
	Interrupted bool
}

// LastTurn reads the newest turn: it is over once the session is not busy
// and its last message is a finished assistant message.
func (m *Model) LastTurn() Turn {
	last, found := m.LastMessage()
	return turnOf(m.Status(), last, found)
}

func turnOf(status Status, last Message, found bool) Turn {
	if status.Busy() || !found || last.Role != "assistant" || last.Running() {
		return Turn{}
	}
	switch {
	case last.Aborted():
		return Turn{Over: true, Failure: "the turn was aborted"}
	case last.Error != nil:
		return Turn{Over: true, Failure: "the turn failed: " + last.Error.Name + ": " + last.Error.Message}
	case last.Interrupted:
		return Turn{Over: true, Failure: "the turn was interrupted (server stopped)", Interrupted: true}
	}
	return Turn{Over: true}
}
