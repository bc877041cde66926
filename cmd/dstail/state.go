package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"strings"

	"github.com/spf13/cobra"

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
				return usagef("unknown command %q for dstail state (want ls, rm or path)", args[0])
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
	f.StringVar(&o.stateDir, "state-dir", "", "where positions are saved (default $XDG_STATE_HOME/dstail/offsets)")
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
			entries, err := store.List()
			if err != nil {
				return err
			}
			if o.json {
				return writeStateJSON(stdout, entries)
			}
			return writeStateTable(stdout, entries)
		},
	}
	stateFlags(cmd, o)
	cmd.Flags().BoolVar(&o.json, "json", false, "one JSON object per saved position per line")
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
				return usagef("dstail state rm needs a TARGET or --all, not both")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := o.stateStore(cmd)
			if err != nil {
				return err
			}
			if o.all {
				return removeAll(store, stdout)
			}
			for _, target := range args {
				if err := o.removeTarget(store, target, stdout); err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.ValidArgsFunction = func(cmd *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return o.savedTargets(cmd), cobra.ShellCompDirectiveNoFileComp
	}
	stateFlags(cmd, o)
	f := cmd.Flags()
	f.StringVar(&o.server, "server", "", "server URL or config name, as for dstail TARGET (env DSTAIL_SERVER)")
	f.BoolVar(&o.all, "all", false, "forget every saved position")
	_ = f.SetAnnotation("all", cliOnlyAnnotation, []string{"true"})
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
	return openStore(&o.options)
}

// removeTarget forgets TARGET's position, found as `dstail TARGET` would
// find it.
func (o *stateOptions) removeTarget(store *offsets.Store, target string, stdout io.Writer) error {
	key, err := positionKey(target, o.server)
	if err != nil {
		return err
	}
	err = store.Remove(key)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("no saved position for %s on %s ('dstail state ls' lists them)", key.Stream, key.Server)
	case errors.Is(err, offsets.ErrLocked):
		return fmt.Errorf("a running dstail is following %s on %s; stop it first", key.Stream, key.Server)
	case err != nil:
		return err
	}
	_, err = fmt.Fprintf(stdout, "removed %s %s\n", key.Server, key.Stream)
	return err
}

// positionKey is the key follow saves TARGET's position under.
func positionKey(target, server string) (offsets.Key, error) {
	kind, where, err := resolveTarget(target, server)
	if err != nil {
		return offsets.Key{}, err
	}
	if kind == targetSession {
		return offsets.NewKey(where, target)
	}
	u, err := url.Parse(where)
	if err != nil {
		return offsets.Key{}, usagef("TARGET %q: %v", target, err)
	}
	return offsets.NewKey(where, u.EscapedPath())
}

// removeAll forgets every entry; entries held by a running dstail are kept
// and reported.
func removeAll(store *offsets.Store, stdout io.Writer) error {
	entries, err := store.List()
	if err != nil {
		return err
	}
	var busy []string
	removed := 0
	for _, e := range entries {
		err := store.RemoveEntry(e)
		switch {
		case errors.Is(err, offsets.ErrLocked):
			busy = append(busy, e.Stream)
		case errors.Is(err, fs.ErrNotExist): // removed meanwhile
		case err != nil:
			return err
		default:
			removed++
		}
	}
	if _, err := fmt.Fprintf(stdout, "removed %d saved position(s) from %s\n", removed, store.Dir()); err != nil {
		return err
	}
	if len(busy) > 0 {
		return fmt.Errorf("kept %d position(s) a running dstail is following: %s", len(busy), strings.Join(busy, ", "))
	}
	return nil
}

// savedTargets completes `state rm` with the saved streams (as URLs) and
// sessions (with their server as the description).
func (o *stateOptions) savedTargets(cmd *cobra.Command) []cobra.Completion {
	store, err := o.stateStore(cmd)
	if err != nil {
		return nil
	}
	entries, _ := store.List()
	var out []cobra.Completion
	for _, e := range entries {
		switch {
		case e.Err != nil:
		case isSession(e):
			out = append(out, cobra.CompletionWithDesc(e.Stream, "on "+redacted(e.Server)))
		default:
			out = append(out, cobra.CompletionWithDesc(redacted(e.Server)+e.Stream, positionText(e)))
		}
	}
	return out
}
