package tui

import (
	"strings"

	"github.com/dstail/dstail/reconcile"
)

// renderMessageHeader names who speaks: "You" or the assistant with its
// agent and model.
func renderMessageHeader(st *Styles, o renderOpts, m reconcile.Message) []string {
	if m.Role == "user" {
		return []string{oneLine("You", o.Width, st.User)}
	}
	s := "Assistant"
	if a := cleanLine(m.Agent); a != "" {
		s += " · " + a
	}
	if model := modelName(m.ProviderID, m.ModelID); model != "" {
		s += " · " + model
	}
	return []string{oneLine(s, o.Width, st.Assistant)}
}

func modelName(provider, model string) string {
	provider, model = cleanLine(provider), cleanLine(model)
	if provider != "" && model != "" {
		return provider + "/" + model
	}
	return provider + model
}

// renderMessageEnd marks how a message ended badly: failed, aborted or
// interrupted by a server stop. It renders nothing for a normal message.
func renderMessageEnd(st *Styles, o renderOpts, m reconcile.Message) []string {
	switch {
	case m.Aborted():
		return []string{oneLine("⊘ aborted", o.Width, st.Warning)}
	case m.Error != nil:
		s := cleanLine(m.Error.Name)
		if msg := strings.TrimSpace(clean(m.Error.Message)); msg != "" {
			s += ": " + msg
		}
		return block("✗ "+s, o, "", st.Error)
	case m.Interrupted:
		return []string{oneLine("⚠ interrupted: the server stopped before this message finished", o.Width, st.Warning)}
	}
	return nil
}
