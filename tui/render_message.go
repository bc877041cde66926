package tui

import (
	"strings"
	"time"

	"github.com/dstail/dstail/reconcile"
)

// renderMessageHeader names who speaks: "You" or the assistant with its
// agent and model, and when asked the time the message was created.
func renderMessageHeader(st *Styles, o renderOpts, m reconcile.Message) []string {
	s, style := "You", st.User
	if m.Role != "user" {
		s, style = "Assistant", st.Assistant
		if a := cleanLine(m.Agent); a != "" {
			s += " · " + a
		}
		if model := modelName(m.ProviderID, m.ModelID); model != "" {
			s += " · " + model
		}
	}
	line := style.Render(s)
	if o.Timestamps && m.Created > 0 {
		line = style.Render(s) + st.Meta.Render(" · "+stamp(m.Created, o.TimeLayout))
	}
	return []string{fit(line, o.Width)}
}

// stamp formats an epoch-milliseconds time in the local zone.
func stamp(ms int64, layout string) string {
	if layout == "" {
		layout = time.TimeOnly
	}
	return time.UnixMilli(ms).Format(layout)
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
