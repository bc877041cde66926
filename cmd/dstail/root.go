package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// version and commit are stamped at release time with -ldflags.
var (
	version = "dev"
	commit  = "none"
)

// options is everything the command line (or the environment) says.
type options struct {
	server       string
	json         bool
	plain        bool
	once         bool
	from         string
	live         string
	noSave       bool
	headers      []string
	idleTimeout  time.Duration
	maxRetries   int
	maxEventSize int
	quiet        bool
	stateDir     string
	username     string
	password     string
	untilIdle    bool
	fromSet      bool // --from was given (flag or env), not defaulted
	liveSet      bool // --live was given (flag or env), not defaulted
}

func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd := newRootCmd(stdout, stderr)
	cmd.SetArgs(args)
	return exitCode(cmd.ExecuteContext(ctx), stderr)
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &options{}
	cmd := &cobra.Command{
		Use:   "dstail [flags] TARGET",
		Short: "Tail live AI-agent sessions and Durable Streams without losing an event",
		Long: `dstail follows a Durable Stream or an OpenCode session live, resumes exactly
where it stopped after any disconnect or restart, and prints each message once.

TARGET is one of:
  https://host/path/to/stream   a Durable Streams stream URL
  NAME                          a stream name on --server: /v1/stream/NAME when the
                                server URL has no path, else <server path>/NAME
  ses_...                       an OpenCode session on --server (default http://127.0.0.1:4096)`,
		Version: version + " (" + commit + ")",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("need exactly one TARGET (a stream URL, a stream name or a ses_… ID), got %d", len(args))
			}
			return nil
		},
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := applyEnv(cmd.Flags()); err != nil {
				return err
			}
			_, envFrom := os.LookupEnv("DSTAIL_FROM")
			o.fromSet = cmd.Flags().Changed("from") || envFrom
			_, envLive := os.LookupEnv("DSTAIL_LIVE")
			o.liveSet = cmd.Flags().Changed("live") || envLive
			return follow(cmd.Context(), o, args[0], stdout, stderr)
		},
	}
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err.Error()} })
	cmd.SetVersionTemplate("dstail {{.Version}}\n")
	f := cmd.Flags()
	f.StringVar(&o.server, "server", "", "server URL for bare stream names and OpenCode sessions (env DSTAIL_SERVER)")
	f.BoolVar(&o.json, "json", false, "write one JSON object per message per line (NDJSON)")
	f.BoolVar(&o.plain, "plain", false, "write readable lines even on a terminal")
	f.BoolVar(&o.once, "once", false, "catch up to the present, print, and exit 0")
	f.StringVar(&o.from, "from", "saved", "where to start: saved (else start), start, now, or an offset")
	f.StringVar(&o.live, "live", "sse", "how to follow once caught up: sse or long-poll")
	f.BoolVar(&o.noSave, "no-save", false, "do not read or write saved positions")
	f.StringArrayVarP(&o.headers, "header", "H", nil, "extra request header 'Name: value' (repeatable)")
	f.DurationVar(&o.idleTimeout, "idle-timeout", 0, "reconnect after this long without a byte (default 45s streams, 30s OpenCode)")
	f.IntVar(&o.maxRetries, "max-retries", 0, "give up after this many failed attempts in a row (0: retry forever)")
	f.IntVar(&o.maxEventSize, "max-event-size", 64<<20, "largest event or response body in bytes")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print no connection notices on stderr")
	f.StringVar(&o.stateDir, "state-dir", "", "where positions are saved (default $XDG_STATE_HOME/dstail/offsets)")
	f.StringVarP(&o.username, "username", "u", "opencode", "OpenCode basic-auth user (env OPENCODE_SERVER_USERNAME)")
	f.StringVarP(&o.password, "password", "p", "", "OpenCode basic-auth password (env OPENCODE_SERVER_PASSWORD)")
	f.BoolVar(&o.untilIdle, "until-idle", false, "OpenCode: exit once the session is idle after work (exit 4 if the turn failed)")
	return cmd
}

// envAliases are variables other tools already define for the same setting.
var envAliases = map[string]string{
	"username": "OPENCODE_SERVER_USERNAME",
	"password": "OPENCODE_SERVER_PASSWORD",
}

// applyEnv fills every flag not given on the command line from DSTAIL_<FLAG>
// (or its alias), so flags override the environment.
func applyEnv(fs *pflag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Changed || err != nil || f.Name == "help" || f.Name == "version" {
			return
		}
		name := "DSTAIL_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		v, ok := os.LookupEnv(name)
		if alias, has := envAliases[f.Name]; !ok && has {
			name = alias
			v, ok = os.LookupEnv(alias)
		}
		if !ok {
			return
		}
		if f.Value.Type() == "stringArray" {
			for _, line := range strings.Split(v, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					if e := f.Value.Set(line); e != nil {
						err = usagef("%s: %v", name, e)
					}
				}
			}
			return
		}
		if e := f.Value.Set(v); e != nil {
			err = usagef("%s=%q: %v", name, v, e)
		}
	})
	return err
}
