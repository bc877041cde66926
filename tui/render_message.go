package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

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

// renderDivider is the rule before the first message created after the
// user last looked (seen, epoch ms): a day-old look shows its date.
func renderDivider(st *Styles, o renderOpts, seen int64) []string {
	t := time.UnixMilli(seen)
	layout := "15:04"
	if o.TimeLayout != "" {
		layout = o.TimeLayout
	} else if time.Since(t) > 20*time.Hour {
		layout = "Jan 2 15:04"
	}
	label := " new since you last looked (" + t.Format(layout) + ") "
	side := max(0, (o.Width-ansi.StringWidth(label))/2)
	line := strings.Repeat("─", min(side, 3)) + label
	line += strings.Repeat("─", max(0, o.Width-ansi.StringWidth(line)))
	return []string{oneLine(line, o.Width, st.Warning)}
}
