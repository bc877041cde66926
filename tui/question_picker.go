package tui

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// The question picker: the options of each question of a request in turn,
// then the answers go in one reply. Free text is the last entry where the
// question allows it.

// openPicker starts (or resumes) answering the first pending question.
func (r *requests) openPicker() {
	q := r.question()
	if q == nil {
		return
	}
	if r.pickID != q.id {
		r.pickID, r.qi, r.answers = q.id, 0, nil
	}
	r.picking, r.cursor, r.chosen = true, 0, map[int]bool{}
	r.say("", false)
}

func (r *requests) closePicker() {
	r.picking, r.pickID, r.qi, r.answers, r.chosen = false, "", 0, nil, nil
}

// current is the question being answered.
func (r *requests) current() (*questionReq, *questionInfo) {
	q := r.question()
	if q == nil || q.id != r.pickID || r.qi >= len(q.qs) {
		return q, nil
	}
	return q, &q.qs[r.qi]
}

// entries is how many lines the picker offers: the options, then free text.
func entries(qi *questionInfo) int {
	n := len(qi.Options)
	if qi.custom() {
		n++
	}
	return n
}

// pickKey moves, toggles and chooses in the picker.
func (r *requests) pickKey(msg tea.KeyPressMsg) tea.Cmd {
	q, qi := r.current()
	if qi == nil {
		if q != nil && len(q.qs) == 0 { // nothing to choose: an empty answer
			return r.answer(nil)
		}
		r.closePicker()
		return nil
	}
	n := entries(qi)
	s := msg.String()
	switch s {
	case "esc":
		r.picking = false
	case "up", "k":
		r.cursor = (r.cursor + n - 1) % max(1, n)
	case "down", "j", "tab":
		r.cursor = (r.cursor + 1) % max(1, n)
	case "r":
		return r.rejectQuestion(q.id)
	case "space":
		if qi.Multiple && r.cursor < len(qi.Options) {
			r.chosen[r.cursor] = !r.chosen[r.cursor]
		}
	case "enter":
		return r.choose(qi)
	default:
		if d, err := strconv.Atoi(s); err == nil && d >= 1 && d <= n {
			r.cursor = d - 1
			if !qi.Multiple {
				return r.choose(qi)
			}
			r.chosen[r.cursor] = !r.chosen[r.cursor]
		}
	}
	return nil
}

// choose takes the entry under the cursor (or the ticked ones).
func (r *requests) choose(qi *questionInfo) tea.Cmd {
	if r.cursor >= len(qi.Options) {
		r.picking = false
		return r.in.start(inputAnswer, "answer› ")
	}
	var labels []string
	for i, o := range qi.Options {
		if r.chosen[i] {
			labels = append(labels, o.Label)
		}
	}
	if len(labels) == 0 {
		labels = []string{qi.Options[r.cursor].Label}
	}
	return r.answer(labels)
}

// answer records the answer to the current question and moves on; after
// the last one the reply goes out.
func (r *requests) answer(labels []string) tea.Cmd {
	q := r.question()
	if q == nil || q.id != r.pickID {
		r.closePicker()
		return nil
	}
	r.answers = append(r.answers, labels)
	r.qi++
	if r.qi < len(q.qs) {
		r.picking, r.cursor, r.chosen = true, 0, map[int]bool{}
		return nil
	}
	answers, id := r.answers, q.id
	r.closePicker()
	return r.call(id, "question answered", func(a Actor, s string) error { return a.ReplyQuestion(s, id, answers) })
}

// pickerLines draws the picker: the question, its options, its keys.
func (r *requests) pickerLines(st *Styles) []string {
	q, qi := r.current()
	if qi == nil {
		return nil
	}
	head := "? " + cleanLine(qi.Header)
	if len(q.qs) > 1 {
		head += " (" + strconv.Itoa(r.qi+1) + "/" + strconv.Itoa(len(q.qs)) + ")"
	}
	out := []string{st.Badge.Render(head) + " " + cleanLine(qi.Question)}
	for i := 0; i < entries(qi); i++ {
		mark := "  "
		if i == r.cursor {
			mark = "▸ "
		}
		label := "type your own answer"
		if i < len(qi.Options) {
			o := qi.Options[i]
			label = cleanLine(o.Label)
			if qi.Multiple {
				box := "[ ] "
				if r.chosen[i] {
					box = "[x] "
				}
				label = box + label
			}
			if d := cleanLine(o.Description); d != "" {
				label += st.Meta.Render(" — " + d)
			}
		}
		out = append(out, mark+strconv.Itoa(i+1)+". "+label)
	}
	keys := "enter choose · 1-9 pick · r skip · esc close"
	if qi.Multiple {
		keys = "space tick · " + keys
	}
	return append(out, st.Meta.Render(strings.TrimSpace(keys)))
}
