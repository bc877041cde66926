package main

import (
	"context"
	"errors"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/term"

	"github.com/dstail/dstail/client"
	"github.com/dstail/dstail/tui"
)

// useTUI picks the full-screen view: stdout is a terminal, TERM is not dumb,
// and neither --json nor --plain asked for lines. It is decided before
// anything is drawn, so pipes and cron never see escape codes.
func useTUI(o *options, stdout io.Writer) bool {
	f, ok := stdout.(*os.File)
	if !ok || o.json || o.plain || o.once || o.untilIdle || os.Getenv("TERM") == "dumb" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

// runTUI runs the view while follow feeds it from another goroutine. A
// failure of follow ends the view and is returned once the terminal is
// restored, so the error is one clean line; a stream that ends cleanly stays
// on screen, marked closed, until the user quits.
func runTUI(ctx context.Context, server string, stdout io.Writer, follow func(ctx context.Context, p *tea.Program) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := tea.NewProgram(tui.New(tui.Options{Server: redacted(server), AltScreen: true, Dark: true}),
		tea.WithContext(ctx), tea.WithOutput(stdout))
	done := make(chan error, 1)
	go func() {
		err := follow(ctx, p)
		done <- err
		if err != nil { // a closed stream stays on screen until the user quits
			p.Quit()
		}
	}()
	_, runErr := p.Run()
	cancel()
	err := <-done
	switch {
	case errors.Is(runErr, tea.ErrProgramKilled), errors.Is(runErr, tea.ErrInterrupted):
		runErr = nil
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return runErr
}

// tuiNotices sends connection changes to the view instead of stderr, which
// would tear the screen.
func tuiNotices(p *tea.Program) func(client.State) {
	return func(s client.State) { p.Send(tui.ConnMsg{State: s}) }
}
