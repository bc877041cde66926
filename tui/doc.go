// Package tui is dstail's full-screen terminal UI, built on Bubble Tea v2.
//
// The model holds no network code. cmd/ creates it with New, starts a
// tea.Program and forwards what the transports report as typed messages:
//
//	m := tui.New(tui.Options{Server: url})
//	p := tea.NewProgram(m)
//	go func() { // on the reading goroutine
//		p.Send(tui.ConnMsg{State: st})                 // connection changes
//		p.Send(tui.NewSessionMsg(model, events))       // after applying events
//		p.Send(tui.NewStreamMsg(batch))                // Durable Streams batches
//	}()
//	_, err := p.Run()
//
// Incoming messages are applied at once, but the conversation layout is
// rebuilt at most FrameRate times a second, and a frame only renders the
// visible lines, so the cost of a frame does not grow with the session.
package tui
