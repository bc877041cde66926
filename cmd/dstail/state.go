package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/dstail/dstail/app"
	"github.com/dstail/dstail/config"
	"github.com/dstail/dstail/offsets"
)

// stateOptions are the flags of `dstail state …`.
type stateOptions struct {
	options
	all bool
}

func newStateCmd(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "state",
		Short: "List, show or remove saved positions",
		Long: `dstail saves where it stopped in each stream and session, so the next run
resumes there. 'state ls' shows every saved position (why did it start
there?), 'state rm TARGET' forgets one so the next run starts over, and
'state path' prints the directory they live in.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return app.Usagef("unknown command %q for dstail state (want ls, rm or path)", args[0])
			}
			return cmd.Help()
		},
	}
	cmd.AddCommand(newStateLsCmd(stdout), newStateRmCmd(stdout), newStatePathCmd(stdout))
	return cmd
}

// stateFlags are the flags every state command reads.
func stateFlags(cmd *cobra.Command, o *stateOptions) {
	f := cmd.Flags()
	f.StringVar(&o.StateDir, "state-dir", "", "where positions are saved (default $XDG_STATE_HOME/dstail/offsets)")
	f.StringVar(&o.configPath, "config", "", "config file (env DSTAIL_CONFIG; default $XDG_CONFIG_HOME/dstail/config.toml)")
}

func newStateLsCmd(stdout io.Writer) *cobra.Command {
	o := &stateOptions{}
	cmd := &cobra.Command{
		Use:     "ls",
		Aliases: []string{"list"},
		Short:   "List every saved position: server, stream or session, position, last update",
		Args:    noArgs("state ls"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := o.stateStore(cmd)
			if err != nil {
				return err
			}
			return app.ListState(store, stdout, o.JSON)
		},
	}
	stateFlags(cmd, o)
	cmd.Flags().BoolVar(&o.JSON, "json", false, "one JSON object per saved position per line")
	return cmd
}

func newStateRmCmd(stdout io.Writer) *cobra.Command {
	o := &stateOptions{}
	cmd := &cobra.Command{
		Use:   "rm TARGET... | --all",
		Short: "Forget saved positions, so the next run starts over",
		Long: `Forget the saved position of each TARGET (the same TARGET and --server as
'dstail TARGET'), or of everything with --all. The next run then starts as
--from says when nothing is saved: at the start.`,
		Args: func(_ *cobra.Command, args []string) error {
			if (len(args) == 0) == !o.all {
				return app.Usagef("dstail state rm needs a TARGET or --all, not both")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := o.stateStore(cmd)
			if err != nil {
				return err
			}
			if o.all {
				return app.RemoveAll(store, stdout)
			}
			return app.RemoveTargets(store, args, o.Server, stdout)
		},
	}
	cmd.ValidArgsFunction = func(cmd *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return o.savedTargets(cmd), cobra.ShellCompDirectiveNoFileComp
	}
	stateFlags(cmd, o)
	f := cmd.Flags()
	f.StringVar(&o.Server, "server", "", "server URL or config name, as for dstail TARGET (env DSTAIL_SERVER)")
	f.BoolVar(&o.all, "all", false, "forget every saved position")
	_ = f.SetAnnotation("all", config.CLIOnlyAnnotation, []string{"true"})
	return cmd
}

func newStatePathCmd(stdout io.Writer) *cobra.Command {
	o := &stateOptions{}
	cmd := &cobra.Command{
		Use:   "path",
		Short: "Print the directory that holds the saved positions",
		Args:  noArgs("state path"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := o.stateStore(cmd)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(stdout, store.Dir())
			return err
		},
	}
	stateFlags(cmd, o)
	return cmd
}

// stateStore settles the flags and opens the store they name.
func (o *stateOptions) stateStore(cmd *cobra.Command) (*offsets.Store, error) {
	if err := o.settle(cmd); err != nil {
		return nil, err
	}
	return app.OpenStore(o.StateDir)
}

// savedTargets completes `state rm` with the saved positions.
func (o *stateOptions) savedTargets(cmd *cobra.Command) []cobra.Completion {
	store, err := o.stateStore(cmd)
	if err != nil {
		return nil
	}
	var out []cobra.Completion
	for _, t := range app.SavedTargets(store) {
		out = append(out, cobra.CompletionWithDesc(t.ID, t.Title))
	}
	return out
}
