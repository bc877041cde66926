package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/dstail/dstail/app"
	"github.com/dstail/dstail/config"
	"github.com/dstail/dstail/iostreams"
)

// version and commit are stamped at release time with -ldflags.
var (
	version = "dev"
	commit  = "none"
)

// options is the command line: the run's configuration, plus what only
// parsing needs.
type options struct {
	app.Config
	color        string // --color: auto, always or never
	passwordFile string // --password-file (password_flags.go)
	noChildren   bool
	configPath   string            // --config
	parts        []string          // --parts, as given
	include      []string          // --include, as given
	exclude      []string          // --exclude, as given
	timestamps   string            // --timestamps: "", short or rfc3339
	toolLines    int               // --tool-lines, as given
	set          map[string]string // where each flag not defaulted came from: flag, env, alias or config
	file         *config.File      // the config file read, if any
	named        *config.Server    // the [servers.NAME] table --server named, if any
}

func run(args []string, stdout, stderr io.Writer) int {
	ctx, caught, stop := app.NotifySignals(context.Background())
	defer stop()
	cmd := newRootCmd(stdout, stderr)
	cmd.SetArgs(args)
	return app.SignalExit(app.ExitCode(cmd.ExecuteContext(ctx), stderr), caught())
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &options{}
	cmd := &cobra.Command{
		Use:   "dstail [flags] TARGET...",
		Short: "Tail live AI-agent sessions and Durable Streams without losing an event",
		Long: `dstail follows a Durable Stream or an OpenCode session live, resumes exactly
where it stopped after any disconnect or restart, and prints each message once.

TARGET is one of:
  https://host/path/to/stream   a Durable Streams stream URL
  NAME                          a stream name on --server: /v1/stream/NAME when the
                                server URL has no path, else <server path>/NAME
  ses_...                       an OpenCode session on --server (default http://127.0.0.1:4096)

Several ses_... IDs, or --all, follow several sessions over one event stream,
each line labelled with its session. 'dstail sessions' lists the sessions,
'dstail servers' the OpenCode servers it can find (mDNS, config, default).`,
		Version:       versionLine(),
		Args:          cobra.ArbitraryArgs, // app.Follow checks them
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.settle(cmd); err != nil {
				return err
			}
			if err := o.readPasswordFlags(cmd, stderr); err != nil {
				return err
			}
			if o.Replay == "" {
				if err := o.resolvePassword(cmd.Context()); err != nil {
					return err
				}
			}
			o.FromSet, o.LiveSet = o.given("from"), o.given("live")
			o.Children = o.Children && !o.noChildren
			return app.Follow(cmd.Context(), &o.Config, o.streams(stdout, stderr), args)
		},
	}
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return app.UsageError{Msg: err.Error()} })
	cmd.SetVersionTemplate("dstail {{.Version}}\n")
	cmd.CompletionOptions.DisableDefaultCmd = true
	cmd.AddCommand(newSessionsCmd(stdout, stderr), newServersCmd(stdout, stderr))
	cmd.AddCommand(newActionCmds(stdout, stderr)...)
	cmd.AddCommand(newDemoCmd(stdout, stderr), newRelayCmd(stdout, stderr))
	cmd.AddCommand(newStateCmd(stdout), newVersionCmd(stdout), newCompletionCmd(stdout))
	f := cmd.Flags()
	f.StringVar(&o.Server, "server", "", "server URL for bare stream names and OpenCode sessions (env DSTAIL_SERVER)")
	f.BoolVar(&o.JSON, "json", false, "write one JSON object per message per line (NDJSON)")
	f.BoolVar(&o.Plain, "plain", false, "write readable lines even on a terminal")
	f.BoolVar(&o.Once, "once", false, "catch up to the present, print, and exit 0")
	f.StringVar(&o.From, "from", "saved", "where to start: saved (else start), start, now, or an offset")
	f.StringVar(&o.Live, "live", "sse", "how to follow once caught up: sse or long-poll")
	f.BoolVar(&o.NoSave, "no-save", false, "do not read or write saved positions")
	f.StringVar(&o.Replay, "replay", "", "show a saved --json capture (FILE, or - for stdin) instead of following a TARGET; no network")
	f.StringArrayVarP(&o.Headers, "header", "H", nil, "extra request header 'Name: value' (repeatable)")
	f.DurationVar(&o.IdleTimeout, "idle-timeout", 0, "reconnect after this long without a byte (default 45s streams, 30s OpenCode)")
	f.IntVar(&o.MaxRetries, "max-retries", 0, "give up after this many failed attempts in a row (0: retry forever)")
	f.IntVar(&o.MaxEventSize, "max-event-size", app.DefaultMaxEventSize, "largest event or message in bytes")
	f.IntVar(&o.MaxBuffer, "max-buffer", app.DefaultMaxBuffer, "most bytes held before they can be shown: SSE data awaiting its control event, OpenCode events queued during a catch-up")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "print no connection notices on stderr")
	f.StringVar(&o.StateDir, "state-dir", "", "where positions are saved (default $XDG_STATE_HOME/dstail/offsets)")
	f.StringVarP(&o.Username, "username", "u", "opencode", "OpenCode basic-auth user (env OPENCODE_SERVER_USERNAME)")
	f.StringVarP(&o.Password, "password", "p", "", "OpenCode basic-auth password (env OPENCODE_SERVER_PASSWORD)")
	f.BoolVar(&o.UntilIdle, "until-idle", false, "OpenCode: exit once the session is idle after work (exit 4 if the turn failed)")
	f.Var(newChoice(&o.color, iostreams.ColorAuto, iostreams.ColorModes...), "color", "colour: auto (terminals, unless NO_COLOR is set), always or never")
	f.BoolVar(&o.Inline, "inline", false, "terminal view without the alternate screen: finished messages go to the scrollback")
	f.BoolVar(&o.ReadOnly, "read-only", false, "view: take no action on a session (no answers, interrupts or prompts)")
	f.BoolVar(&o.All, "all", false, "OpenCode: follow every session of the server, and each new one")
	f.BoolVar(&o.Children, "children", true, "OpenCode: follow child (subagent) sessions too (--no-children turns it off)")
	f.BoolVar(&o.noChildren, "no-children", false, "OpenCode: do not follow child sessions")
	f.IntVar(&o.MaxSessions, "max-sessions", app.DefaultMaxSessions, "OpenCode: most sessions --all and --children follow at once")
	f.BoolVar(&o.Insecure, "insecure", false, "do not verify TLS certificates (prints a warning; prefer --cacert)")
	f.StringVar(&o.CACert, "cacert", "", "PEM file of CA certificates to trust besides the system roots")
	addCompressFlag(f, o)
	addLineFlags(f, o)
	addPasswordFileFlag(f, o)
	registerCompletions(cmd, o)
	return cmd
}
