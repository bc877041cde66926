package tui

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dstail/dstail/reconcile"
)

// renderReasoning renders a reasoning part dimmed: collapsed it is a
// header with the first line as a preview, expanded the whole text.
func renderReasoning(st *Styles, o renderOpts, p reconcile.Part) []string {
	text := strings.TrimSpace(clean(p.Text))
	n := lineCount(text)
	head := "∴ thinking"
	if !p.Ended {
		head += " …"
	} else if d := partDuration(p.Raw); d > 0 {
		head = "∴ thought for " + roundDuration(d)
	}
	if n > 0 {
		head += " · " + plural(n, "line")
	}
	out := []string{oneLine(head, o.Width, st.Reasoning)}
	if p.Incomplete {
		out = append(out, incompleteLine(st, o))
	}
	if text == "" {
		return out
	}
	if !o.Expanded {
		first, _, _ := strings.Cut(text, "\n")
		return append(out, oneLine("  "+first, o.Width, st.Reasoning))
	}
	return append(out, block(text, o, st.Meta.Render("│ "), st.Reasoning)...)
}

// partDuration is how long a part took, from its time.start and time.end
// (epoch ms); 0 when the server did not say.
func partDuration(raw json.RawMessage) time.Duration {
	var v struct {
		Time struct{ Start, End int64 } `json:"time"`
	}
	if json.Unmarshal(raw, &v) != nil || v.Time.Start <= 0 || v.Time.End < v.Time.Start {
		return 0
	}
	return time.Duration(v.Time.End-v.Time.Start) * time.Millisecond
}

// roundDuration is a short human duration: 0.4s, 12s, 3m05s.
func roundDuration(d time.Duration) string {
	switch {
	case d < 10*time.Second:
		return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + "s"
	case d < time.Minute:
		return strconv.Itoa(int(d.Round(time.Second)/time.Second)) + "s"
	}
	d = d.Round(time.Second)
	return fmt.Sprintf("%dm%02ds", int(d/time.Minute), int(d%time.Minute/time.Second))
}
