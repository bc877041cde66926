package app

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/dstail/dstail/iostreams"
	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/transport"
	"github.com/dstail/dstail/tui"
)

// An Action is what a watcher does to a session from a script: answer a
// permission or a question, abort the running turn, or send a prompt. It
// goes to the session's server with the same auth as its events.
type Action struct {
	Session    string
	Permission string     // a permission request to answer with Reply
	Question   string     // a question request to answer with Answers, or to Skip
	Reply      string     // allow, always or reject
	Message    string     // why, with reject
	Answers    []string   // the chosen labels (or free text) of the question's first question
	AllAnswers [][]string // one list per question (the view); Answers when nil
	Skip       bool       // decline the question
	Abort      bool
	Prompt     string
}

// permissionReplies maps the words a user types to OpenCode's replies.
var permissionReplies = map[string]string{
	"allow": opencode.ReplyOnce, "once": opencode.ReplyOnce,
	"always": opencode.ReplyAlways, "reject": opencode.ReplyReject, "deny": opencode.ReplyReject,
}

// actionTimeout bounds one action's requests.
const actionTimeout = 15 * time.Second

// Act carries out a on its session and says what happened in one line on
// stdout. A session, permission or question the server does not know (or
// no longer knows: answered elsewhere) exits 3.
func Act(ctx context.Context, c *Config, io *iostreams.IOStreams, a Action) error {
	if !isSession(a.Session) {
		return Usagef("%q is not a ses_… session ID", a.Session)
	}
	_, ok := permissionReplies[a.Reply]
	switch {
	case a.Permission != "" && !ok:
		return Usagef("answer a permission with allow, always or reject, not %q", a.Reply)
	case a.Question != "" && !a.Skip && len(a.Answers) == 0:
		return Usagef("answer a question with its chosen labels (or text), or --skip it")
	case a.Permission == "" && a.Question == "" && !a.Abort && a.Prompt == "":
		return Usagef("nothing to do: name a --permission, a --question, or a prompt")
	}
	server, err := c.oneServer(&notices{w: io.ErrOut, quiet: c.Quiet})
	if err != nil {
		return err
	}
	done, err := newSessionActions(c, server).do(ctx, a)
	if err != nil {
		if transport.NotFound(err) {
			return fmt.Errorf("%w (answered or gone already?)", err)
		}
		return err
	}
	_, err = fmt.Fprintln(io.Out, done)
	return err
}

// sessionActions carries out actions on the sessions of one server, with
// the auth of its events; it is what both the commands and the view use.
type sessionActions struct {
	api  *opencode.OpenCodeAPI
	mu   sync.Mutex
	dirs map[string]string // session -> its directory, which routes its requests
}

func newSessionActions(c *Config, server string) *sessionActions {
	base, _ := parseServer(server)
	return &sessionActions{api: opencode.NewOpenCodeAPI(base, c.http, c.sessionHeader(), actionTimeout),
		dirs: map[string]string{}}
}

// dir is the directory of session id, asked once.
func (s *sessionActions) dir(ctx context.Context, id string) (string, error) {
	s.mu.Lock()
	dir, ok := s.dirs[id]
	s.mu.Unlock()
	if ok {
		return dir, nil
	}
	dir, err := s.api.Directory(ctx, id)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	s.dirs[id] = dir
	s.mu.Unlock()
	return dir, nil
}

// do carries out a checked action and says in a few words what it did.
func (s *sessionActions) do(ctx context.Context, a Action) (string, error) {
	dir, err := s.dir(ctx, a.Session)
	if err != nil {
		return "", err
	}
	api := s.api
	switch reply := permissionReplies[a.Reply]; {
	case a.Permission != "":
		return "permission " + a.Permission + ": " + reply, api.ReplyPermission(ctx, dir, a.Permission, reply, a.Message)
	case a.Question != "" && a.Skip:
		return "question " + a.Question + ": skipped", api.RejectQuestion(ctx, dir, a.Question)
	case a.Question != "":
		return "question " + a.Question + ": answered", api.ReplyQuestion(ctx, dir, a.Question, a.answers())
	case a.Abort:
		return "session " + a.Session + ": aborted", api.Abort(ctx, dir, a.Session)
	case a.Prompt != "":
		return "session " + a.Session + ": prompt sent", api.Prompt(ctx, dir, a.Session, a.Prompt)
	}
	return "", Usagef("nothing to do: name a --permission, a --question, or a prompt")
}

// answers is the reply to a question request: AllAnswers (one list per
// question, from the view) or Answers to its first question.
func (a Action) answers() [][]string {
	if a.AllAnswers != nil {
		return a.AllAnswers
	}
	return [][]string{a.Answers}
}

// viewActor is the view's write path: the session actions, on the run's
// context. A request the server no longer knows is tui.ErrGone.
type viewActor struct {
	ctx context.Context
	s   *sessionActions
}

func (v viewActor) act(a Action) error {
	_, err := v.s.do(v.ctx, a)
	if transport.NotFound(err) {
		return fmt.Errorf("%w: %v", tui.ErrGone, err)
	}
	return err
}

func (v viewActor) ReplyPermission(session, id, reply, message string) error {
	return v.act(Action{Session: session, Permission: id, Reply: reply, Message: message})
}

func (v viewActor) ReplyQuestion(session, id string, answers [][]string) error {
	return v.act(Action{Session: session, Question: id, AllAnswers: answers})
}

func (v viewActor) RejectQuestion(session, id string) error {
	return v.act(Action{Session: session, Question: id, Skip: true})
}

func (v viewActor) Abort(session string) error { return v.act(Action{Session: session, Abort: true}) }

func (v viewActor) Prompt(session, text string) error {
	return v.act(Action{Session: session, Prompt: text})
}
