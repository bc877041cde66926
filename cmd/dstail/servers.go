package main

import (
	"io"
	"time"

	"github.com/dstail/dstail/app"
	"github.com/spf13/cobra"
)

func newServersCmd(stdout, stderr io.Writer) *cobra.Command {
	o, wait, mdns := &options{}, time.Duration(0), true
	cmd := &cobra.Command{
		Use: "servers", Short: "List the OpenCode servers it can find: announced over mDNS, named in the config, the default",
		Long: `dstail servers lists the OpenCode servers announced over mDNS ('opencode serve --mdns',
heard within --timeout), named in [servers.NAME] tables of the config file, and the default
(` + app.DefaultOpenCodeServer + `) if it answers: URL, name, version, sessions, needs a password.`,
		Args: noArgs("servers"), SilenceErrors: true, SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.settleServer(cmd, stderr); err != nil {
				return err
			}
			return app.ListServers(cmd.Context(), &o.Config, o.streams(stdout, stderr), wait, mdns)
		},
	}
	f := cmd.Flags()
	f.DurationVar(&wait, "timeout", app.DiscoverWait, "how long to listen for mDNS announcements")
	f.BoolVar(&mdns, "mdns", true, "listen for mDNS announcements (--mdns=false: only named and default servers)")
	f.BoolVar(&o.JSON, "json", false, "write one JSON object per server per line")
	addAuthFlags(f, o)
	return cmd
}
