package tui

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/reconcile"
)

// Actor carries out what a watcher does to a session: answer a permission
// or a question, interrupt the running turn, send a prompt. Each call
// blocks until the server answered; the view runs them as commands. Reply
// is OpenCode's word: "once", "always" or "reject".
type Actor interface {
	ReplyPermission(session, id, reply, message string) error
	ReplyQuestion(session, id string, answers [][]string) error
	RejectQuestion(session, id string) error
	Abort(session string) error
	Prompt(session, text string) error
}

// ErrGone is what an Actor returns when the request (or session) is no
// longer there: answered elsewhere. The view takes it quietly.
var ErrGone = errors.New("already answered or gone")

// actionDoneMsg is the outcome of one Actor call.
type actionDoneMsg struct {
	session, request, done string
	err                    error
}

// ActionKeys are the keys that act on the session shown.
type ActionKeys struct {
	Allow, Always, Reject, Answer, Interrupt, Prompt key.Binding
}

func defaultActionKeys() ActionKeys {
	return ActionKeys{
		Allow:     key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "allow / answer")),
		Always:    key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "allow always")),
		Reject:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reject / skip")),
		Answer:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "answer")),
		Interrupt: key.NewBinding(key.WithKeys("x"), key.WithHelp("x x", "interrupt")),
		Prompt:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "prompt")),
	}
}

// help is the action keys for the help bar and the full help.
func (k ActionKeys) help() []key.Binding {
	return []key.Binding{k.Prompt, k.Interrupt, k.Allow, k.Always, k.Reject}
}

// abortWindow is how long a first x waits for the second.
const abortWindow = 3 * time.Second

// permReq is a pending permission as the panel shows it.
type permReq struct {
	id, permission, callID string
	patterns               []string
	command                string
}

// questionReq is a pending question request: one or more questions.
type questionReq struct {
	id     string
	callID string
	qs     []questionInfo
}

type questionInfo struct {
	Question, Header string
	Options          []struct{ Label, Description string }
	Multiple         bool
	Custom           *bool
}

// custom: free text is allowed unless the question says otherwise.
func (q questionInfo) custom() bool { return q.Custom == nil || *q.Custom }

// requests is the pending requests of a session and what the watcher is
// doing about them: the panel under the conversation and its keys.
type requests struct {
	actor   Actor
	off     string // why there is no write path, when actor is nil
	keys    ActionKeys
	session string

	perms     []permReq
	questions []questionReq
	sent      map[string]bool // answered from here, not gone yet
	waiting   map[string]bool // call ids of tool calls waiting for an answer

	in      promptInput
	picking bool   // the question picker is open
	pickID  string // the request it answers
	qi      int    // the question of the request being answered
	cursor  int
	chosen  map[int]bool
	answers [][]string

	abortAt   time.Time // first x, waiting for the second
	notice    string
	noticeErr bool
}

func newRequests(opts Options) requests {
	off := opts.ActionsOff
	if off == "" {
		off = "this view has no write path"
	}
	return requests{actor: opts.Actions, off: off, keys: defaultActionKeys(), sent: map[string]bool{},
		waiting: map[string]bool{}, in: newPromptInput()}
}

// sync takes the pending requests from a session's state.
func (r *requests) sync(st *reconcile.State) {
	if st.Session != nil && r.session == "" {
		r.session = st.Session.ID
	}
	live := map[string]bool{}
	r.perms, r.questions = r.perms[:0], r.questions[:0]
	clear(r.waiting)
	for _, q := range st.Permissions {
		if !r.mine(q) {
			continue
		}
		var p struct {
			Permission string
			Patterns   []string
			Metadata   map[string]any
			Tool       struct{ CallID string }
		}
		_ = json.Unmarshal(q.Raw, &p)
		cmd, _ := p.Metadata["command"].(string)
		r.perms = append(r.perms, permReq{id: q.ID, permission: p.Permission, callID: p.Tool.CallID,
			patterns: p.Patterns, command: cmd})
		live[q.ID] = true
		r.waiting[p.Tool.CallID] = p.Tool.CallID != ""
	}
	for _, q := range st.Questions {
		if !r.mine(q) {
			continue
		}
		var p struct {
			Questions []questionInfo
			Tool      struct{ CallID string }
		}
		_ = json.Unmarshal(q.Raw, &p)
		r.questions = append(r.questions, questionReq{id: q.ID, callID: p.Tool.CallID, qs: p.Questions})
		live[q.ID] = true
		r.waiting[p.Tool.CallID] = p.Tool.CallID != ""
	}
	for id := range r.sent {
		if !live[id] {
			delete(r.sent, id)
		}
	}
	if q := r.question(); r.pickID != "" && (q == nil || q.id != r.pickID) {
		r.closePicker() // answered elsewhere
	}
	if r.in.mode == inputReject && r.perm() == nil || r.in.mode == inputAnswer && r.question() == nil {
		r.in.close()
	}
}

func (r *requests) mine(q reconcile.Request) bool {
	return q.SessionID == "" || r.session == "" || q.SessionID == r.session
}

// perm is the first permission not answered from here, nil if none.
func (r *requests) perm() *permReq {
	for i := range r.perms {
		if !r.sent[r.perms[i].id] {
			return &r.perms[i]
		}
	}
	return nil
}

// question is the first question not answered from here, nil if none.
func (r *requests) question() *questionReq {
	for i := range r.questions {
		if !r.sent[r.questions[i].id] {
			return &r.questions[i]
		}
	}
	return nil
}

// blocked reports whether the session waits for the watcher.
func (r *requests) blocked() bool { return r.perm() != nil || r.question() != nil }

// typing: keys go to the panel, not to the view.
func (r *requests) typing() bool { return r.in.open() || r.picking }

func (r *requests) say(s string, isErr bool) { r.notice, r.noticeErr = s, isErr }

// call runs an Actor call as a command; its outcome comes back as an
// actionDoneMsg.
func (r *requests) call(request, done string, f func(Actor, string) error) tea.Cmd {
	if request != "" {
		r.sent[request] = true
	}
	r.say("sending…", false)
	a, s := r.actor, r.session
	return func() tea.Msg { return actionDoneMsg{session: s, request: request, done: done, err: f(a, s)} }
}

// done takes an action's outcome: a failure shows the server's answer and
// puts the request back; one answered elsewhere is a quiet notice.
func (r *requests) done(msg actionDoneMsg) {
	switch {
	case msg.err == nil:
		r.say("✓ "+msg.done, false)
	case errors.Is(msg.err, ErrGone) && msg.request != "":
		r.say("already answered elsewhere: nothing sent", false)
	default:
		delete(r.sent, msg.request)
		r.say("✗ "+cleanLine(msg.err.Error()), true)
	}
}

// key handles a key press meant for the panel; ok false leaves it to the
// view. busy says whether a turn is running.
func (r *requests) key(msg tea.KeyPressMsg, busy bool) (cmd tea.Cmd, ok bool) {
	if msg.String() == "ctrl+c" {
		return nil, false
	}
	switch {
	case r.in.open():
		return r.inputKey(msg), true
	case r.picking:
		return r.pickKey(msg), true
	}
	k := r.keys
	p, q := r.perm(), r.question()
	answering := key.Matches(msg, k.Allow, k.Always, k.Reject)
	if !answering && !key.Matches(msg, k.Interrupt, k.Prompt) || answering && p == nil && q == nil {
		return nil, false // with nothing waiting, a, A and r are the view's own keys (r: retry now)
	}
	if r.actor == nil {
		r.say("read-only: "+r.off, true)
		return nil, true
	}
	if !key.Matches(msg, k.Interrupt) {
		r.abortAt = time.Time{}
	}
	switch {
	case key.Matches(msg, k.Prompt):
		return r.in.start(inputPrompt, "prompt› "), true
	case key.Matches(msg, k.Interrupt):
		return r.interrupt(busy), true
	case p != nil && key.Matches(msg, k.Allow):
		return r.replyPermission(p.id, "once", "", "allowed once"), true
	case p != nil && key.Matches(msg, k.Always):
		return r.replyPermission(p.id, "always", "", "allowed always"), true
	case p != nil && key.Matches(msg, k.Reject):
		return r.in.start(inputReject, "reject, why (enter to skip)› "), true
	case q != nil && key.Matches(msg, k.Answer):
		r.openPicker()
		return nil, true
	case q != nil && key.Matches(msg, k.Reject):
		return r.rejectQuestion(q.id), true
	}
	return nil, false
}

func (r *requests) replyPermission(id, reply, message, done string) tea.Cmd {
	return r.call(id, "permission "+done, func(a Actor, s string) error { return a.ReplyPermission(s, id, reply, message) })
}

func (r *requests) rejectQuestion(id string) tea.Cmd {
	r.closePicker()
	return r.call(id, "question skipped", func(a Actor, s string) error { return a.RejectQuestion(s, id) })
}

// interrupt arms on the first x and aborts on a second one soon after.
func (r *requests) interrupt(busy bool) tea.Cmd {
	now := time.Now()
	switch {
	case !busy:
		r.say("nothing to interrupt: the session is idle", false)
	case !r.abortAt.IsZero() && now.Sub(r.abortAt) < abortWindow:
		r.abortAt = time.Time{}
		return r.call("", "interrupt sent", func(a Actor, s string) error { return a.Abort(s) })
	default:
		r.abortAt = now
		r.say("press x again to interrupt the running turn", false)
	}
	return nil
}

// inputKey edits the open input: enter sends, esc closes.
func (r *requests) inputKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		r.in.close()
		r.say("", false)
		return nil
	case "enter":
		text, mode := strings.TrimSpace(r.in.value()), r.in.mode
		r.in.close()
		switch mode {
		case inputPrompt:
			if text == "" {
				return nil
			}
			return r.call("", "prompt sent", func(a Actor, s string) error { return a.Prompt(s, text) })
		case inputReject:
			if p := r.perm(); p != nil {
				return r.replyPermission(p.id, "reject", text, "rejected")
			}
		case inputAnswer:
			if text == "" {
				r.openPicker()
				return nil
			}
			return r.answer([]string{text})
		}
		return nil
	}
	return r.in.update(msg)
}
