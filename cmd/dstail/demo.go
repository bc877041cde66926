package main

import (
	"context"
	"io"
	"math"
	"time"

	"github.com/spf13/cobra"

	"github.com/dstail/dstail/demo"
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
			if err := applyEnv(cmd.Flags()); err != nil {
				return err
			}
			return runDemo(cmd.Context(), o, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.Float64Var(&o.speed, "speed", 1, "replay speed factor (2 plays twice as fast)")
	f.BoolVar(&o.json, "json", false, "write one JSON object per event per line (NDJSON)")
	f.BoolVar(&o.plain, "plain", false, "write readable lines even on a terminal")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print no connection notices on stderr")
	return cmd
}

// runDemo serves the recording and follows it like any session, without
// saved positions; line output stops once the turn is over.
func runDemo(ctx context.Context, o *demoOptions, stdout, stderr io.Writer) error {
	if math.IsNaN(o.speed) || o.speed <= 0 || o.speed > 1000 {
		return usagef("--speed must be above 0 and at most 1000, not %g", o.speed)
	}
	// The outage lasts a second even when sped up, so the reconnect shows.
	srv, err := demo.Start(demo.Options{Speed: o.speed, MinOutage: time.Second})
	if err != nil {
		return err
	}
	defer srv.Close()
	so := &o.options
	so.server, so.noSave, so.from, so.live = srv.URL(), true, "start", "sse"
	so.username, so.maxEventSize = "opencode", 64<<20
	so.untilIdle = !useTUI(so, stdout)
	n := &noticePrinter{w: stderr, quiet: so.quiet}
	return followSession(ctx, so, srv.URL(), srv.Session(), stdout, n)
}
