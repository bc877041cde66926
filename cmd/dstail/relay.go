package main

import (
	"io"

	"github.com/dstail/dstail/app"
	"github.com/spf13/cobra"
)

func newRelayCmd(stdout, stderr io.Writer) *cobra.Command {
	o, r := &options{}, app.RelayOptions{}
	cmd := &cobra.Command{
		Use:   "relay --to URL ses_... | --all",
		Short: "Append OpenCode sessions to Durable Streams, for any number of viewers",
		Long: `dstail relay follows OpenCode sessions over one event stream and appends each
session's records (what --json writes) to its own Durable Stream, <URL>/<session
id> (or URL with {session} replaced), created on first use. Viewers run
'dstail <stream URL>' and never touch the OpenCode server. Every record is
stored once: a restarted relay resumes after the last record the stream holds.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.settleServer(cmd, stderr); err != nil {
				return err
			}
			o.Live, o.From, o.MaxEventSize, o.MaxBuffer, o.Children = "sse", "saved", app.DefaultMaxEventSize, app.DefaultMaxBuffer, !o.noChildren
			return app.Relay(cmd.Context(), &o.Config, o.streams(stdout, stderr), args, r)
		},
	}
	f := cmd.Flags()
	f.StringVar(&r.To, "to", "", "Durable Streams base URL (streams are <URL>/<session id>) or a template with {session}")
	f.StringVar(&r.Index, "index", "", "also announce sessions (id, title, status) on this stream under --to, e.g. _sessions")
	f.StringVar(&r.Producer, "producer-id", app.DefaultRelayProducer, "Producer-Id of the appends; one per relayed server")
	f.DurationVar(&r.Linger, "linger", 0, "wait this long for more records before each append (fewer requests, more latency)")
	f.BoolVar(&o.All, "all", false, "relay every session of the server, and each new one")
	f.BoolVar(&o.noChildren, "no-children", false, "do not relay child (subagent) sessions of the named ones")
	f.IntVar(&o.MaxSessions, "max-sessions", app.DefaultMaxSessions, "most sessions relayed at once")
	f.IntVar(&o.MaxRetries, "max-retries", 0, "give up after this many failed attempts in a row (0: retry forever)")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "print no connection notices on stderr")
	addServerFlags(f, o)
	return cmd
}
