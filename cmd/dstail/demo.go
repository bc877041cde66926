package main

import (
	"context"
	"io"

	"github.com/dstail/dstail/app"
	"github.com/dstail/dstail/config"
	"github.com/spf13/cobra"
)

// demoOptions are the flags of `dstail demo`.
type demoOptions struct {
	options
	speed float64
}

func newDemoCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &demoOptions{}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Tail a recorded OpenCode session from a built-in server; nothing to install",
		Long: `dstail demo starts a small server on 127.0.0.1 that plays a recorded real
OpenCode session (reasoning, tool calls, a markdown answer) with its
original timing, and tails it exactly as 'dstail ses_...' would. Midway the
server drops the connection and refuses new ones for a moment, so you see
dstail reconnect and fill the gap from the server without losing text.

On a terminal it opens the live view (q quits). With --json, --plain or a
pipe it writes lines and exits once the recorded turn is over. Nothing is
saved.`,
		Args:          noArgs("demo"),
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := config.ApplyEnv(cmd.Flags()); err != nil {
				return app.UsageError{Msg: err.Error()}
			}
			return runDemo(cmd.Context(), o, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.Float64Var(&o.speed, "speed", 1, "replay speed factor (2 plays twice as fast)")
	f.BoolVar(&o.JSON, "json", false, "write one JSON object per event per line (NDJSON)")
	f.BoolVar(&o.Plain, "plain", false, "write readable lines even on a terminal")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "print no connection notices on stderr")
	return cmd
}

// runDemo follows the built-in recording like any session.
func runDemo(ctx context.Context, o *demoOptions, stdout, stderr io.Writer) error {
	return app.Demo(ctx, &o.Config, o.streams(stdout, stderr), o.speed)
}
