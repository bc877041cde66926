package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/sanitize"
)

// finalTexts is the final text of every streamed text or reasoning part.
func finalTexts(t *testing.T, m *reconcile.Model) []string {
	t.Helper()
	var texts []string
	for _, msg := range m.Messages() {
		for _, p := range msg.Parts {
			var pt part
			if err := json.Unmarshal(p.Raw, &pt); err != nil {
				t.Fatal(err)
			}
			if (pt.Type == "text" || pt.Type == "reasoning") && strings.TrimSpace(pt.Text) != "" {
				texts = append(texts, sanitize.Text(pt.Text))
			}
		}
	}
	if len(texts) == 0 {
		t.Fatal("the capture has no streamed text")
	}
	return texts
}

// dropDeltas removes the deltas with index in [from, to) among all deltas.
func dropDeltas(evs []reconcile.Event, from, to int) []reconcile.Event {
	var kept []reconcile.Event
	n := 0
	for _, ev := range evs {
		if ev.Type == reconcile.TypePartDelta {
			n++
			if n-1 >= from && n-1 < to {
				continue
			}
		}
		kept = append(kept, ev)
	}
	return kept
}

// Deltas lost in a gap are never replayed: the line output must still show
// every part's final text, so nothing the server said is missing.
func TestSessionLinesFillStreamedTextLostInAGap(t *testing.T) {
	for _, file := range []string{"a-plain.global.sse", "b-reasoning.global.sse", "c-tool.global.sse"} {
		evs, m := replay(t, file)
		deltas := 0
		for _, ev := range evs {
			if ev.Type == reconcile.TypePartDelta {
				deltas++
			}
		}
		cases := map[string][2]int{
			"none lost":      {0, 0},
			"middle lost":    {deltas / 3, deltas / 2},
			"tail lost":      {deltas / 2, deltas},
			"all but first":  {1, deltas},
			"every one lost": {0, deltas},
		}
		for name, cut := range cases {
			var out bytes.Buffer
			if err := NewSessionLines(&out).WriteEvents(dropDeltas(evs, cut[0], cut[1]), m); err != nil {
				t.Fatal(err)
			}
			for _, text := range finalTexts(t, m) {
				if !strings.Contains(out.String(), strings.TrimSpace(text)) {
					t.Errorf("%s, %s: output lacks %q:\n%s", file, name, text, out.String())
				}
			}
			if name == "none lost" && strings.Contains(out.String(), "↻") {
				t.Errorf("%s: nothing was lost, yet a part was written again:\n%s", file, out.String())
			}
		}
	}
}
