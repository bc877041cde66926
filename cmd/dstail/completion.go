package main

import (
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dstail/dstail/app"
	"github.com/dstail/dstail/output"
)

// completionTimeout bounds the server round trip behind a Tab press.
const completionTimeout = 2 * time.Second

func newCompletionCmd(stdout io.Writer) *cobra.Command {
	shells := []string{"bash", "zsh", "fish", "powershell"}
	return &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print a shell completion script",
		Long: `Print a completion script for the shell. Session IDs complete from the
configured OpenCode server (--server, DSTAIL_SERVER or the config file).

  bash:        source <(dstail completion bash)
  zsh:         dstail completion zsh > "${fpath[1]}/_dstail"
  fish:        dstail completion fish > ~/.config/fish/completions/dstail.fish
  powershell:  dstail completion powershell | Out-String | Invoke-Expression`,
		ValidArgs: shells,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 || !slices.Contains(shells, args[0]) {
				return app.Usagef("dstail completion needs one shell: %s", strings.Join(shells, ", "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(stdout, true)
			case "zsh":
				return root.GenZshCompletion(stdout)
			case "fish":
				return root.GenFishCompletion(stdout, true)
			}
			return root.GenPowerShellCompletionWithDesc(stdout)
		},
	}
}

// registerCompletions completes TARGET with the server's session IDs and
// the flags with fixed values or the config file's server names.
func registerCompletions(cmd *cobra.Command, o *options) {
	cmd.ValidArgsFunction = func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if !strings.HasPrefix("ses_", toComplete) && !strings.HasPrefix(toComplete, "ses_") {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return sessionCompletions(cmd, o, args), cobra.ShellCompDirectiveNoFileComp
	}
	fixed := map[string][]string{
		"from":       {"saved", "start", "now"},
		"live":       {"sse", "long-poll"},
		"compress":   app.Compressions,
		"parts":      output.PartKinds,
		"timestamps": {output.TimestampsShort, output.TimestampsRFC3339},
	}
	for flag, values := range fixed {
		_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
	}
	_ = cmd.RegisterFlagCompletionFunc("server", func(cmd *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		_ = o.settle(cmd) // reads the config file named by --config or DSTAIL_CONFIG
		file := o.file
		if file == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for _, name := range file.ServerNames() {
			out = append(out, cobra.CompletionWithDesc(name, app.Redact(file.Servers[name].URL)))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
}

// sessionCompletions asks the configured server for its sessions. Any
// failure (no server, wrong password, time-out) completes nothing: a Tab
// press must never print an error into the command line.
func sessionCompletions(cmd *cobra.Command, o *options, given []string) []cobra.Completion {
	ctx, cancel := context.WithTimeout(context.Background(), completionTimeout)
	defer cancel()
	if o.settle(cmd) != nil || o.resolvePassword(ctx) != nil {
		return nil
	}
	var out []cobra.Completion
	for _, s := range app.SessionCompletions(ctx, &o.Config) {
		if !slices.Contains(given, s.ID) {
			out = append(out, cobra.CompletionWithDesc(s.ID, s.Title))
		}
	}
	return out
}
