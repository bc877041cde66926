package main

import (
	"context"
	"io"

	"github.com/dstail/dstail/app"
	"github.com/spf13/cobra"
)

// sessionsOptions are the flags of `dstail sessions`.
type sessionsOptions struct {
	options
	allDirs bool
	limit   int
}

func newSessionsCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &sessionsOptions{}
	cmd := &cobra.Command{
		Use:     "sessions",
		Aliases: []string{"ls"},
		Short:   "List the sessions of an OpenCode server, newest activity first",
		Long: `dstail sessions lists the sessions of an OpenCode server, newest activity
first, with their status (idle, busy, retry), last update, cost and title.
Without --all-dirs only the sessions of the server's working directory are
listed. Follow one with 'dstail ses_...', several with 'dstail ses_a ses_b'.`,
		Args:          noArgs("sessions"),
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.settleServer(cmd, stderr); err != nil {
				return err
			}
			return listSessions(cmd.Context(), o, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.JSON, "json", false, "write one JSON object per session per line")
	f.BoolVar(&o.allDirs, "all-dirs", false, "list the sessions of every project the server knows")
	f.IntVar(&o.limit, "limit", 0, "list at most this many sessions (0: all)")
	addServerFlags(f, &o.options)
	return cmd
}

func listSessions(ctx context.Context, o *sessionsOptions, stdout, stderr io.Writer) error {
	return app.ListSessions(ctx, &o.Config, o.streams(stdout, stderr), o.allDirs, o.limit)
}
