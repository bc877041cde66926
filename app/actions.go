package app

import (
	"context"
	"fmt"
	"time"

	"github.com/dstail/dstail/iostreams"
	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/transport"
)

// An Action is what a watcher does to a session from a script: answer a
// permission or a question, abort the running turn, or send a prompt. It
// goes to the session's server with the same auth as its events.
type Action struct {
	Session    string
	Permission string   // a permission request to answer with Reply
	Question   string   // a question request to answer with Answers, or to Skip
	Reply      string   // allow, always or reject
	Message    string   // why, with reject
	Answers    []string // the chosen labels (or free text) of the question's first question
	Skip       bool     // decline the question
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
	reply, ok := permissionReplies[a.Reply]
	switch {
	case a.Permission != "" && !ok:
		return Usagef("answer a permission with allow, always or reject, not %q", a.Reply)
	case a.Question != "" && !a.Skip && len(a.Answers) == 0:
		return Usagef("answer a question with its chosen labels (or text), or --skip it")
	}
	server, err := c.oneServer(&notices{w: io.ErrOut, quiet: c.Quiet})
	if err != nil {
		return err
	}
	base, _ := parseServer(server)
	api := opencode.NewOpenCodeAPI(base, c.http, c.sessionHeader(), actionTimeout)
	dir, err := api.Directory(ctx, a.Session)
	if err != nil {
		return err
	}
	var done string
	switch {
	case a.Permission != "":
		done, err = "permission "+a.Permission+": "+reply, api.ReplyPermission(ctx, dir, a.Permission, reply, a.Message)
	case a.Question != "" && a.Skip:
		done, err = "question "+a.Question+": skipped", api.RejectQuestion(ctx, dir, a.Question)
	case a.Question != "":
		done, err = "question "+a.Question+": answered", api.ReplyQuestion(ctx, dir, a.Question, [][]string{a.Answers})
	case a.Abort:
		done, err = "session "+a.Session+": aborted", api.Abort(ctx, dir, a.Session)
	case a.Prompt != "":
		done, err = "session "+a.Session+": prompt sent", api.Prompt(ctx, dir, a.Session, a.Prompt)
	default:
		return Usagef("nothing to do: name a --permission, a --question, or a prompt")
	}
	if err != nil {
		if transport.NotFound(err) {
			return fmt.Errorf("%w (answered or gone already?)", err)
		}
		return err
	}
	_, err = fmt.Fprintln(io.Out, done)
	return err
}
