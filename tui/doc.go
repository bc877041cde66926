// Package tui is dstail's terminal view, built on Bubble Tea v2.
//
// It holds no network code and reads no environment. There are two views:
// Tabs for OpenCode sessions (one session is a Tabs with one tab, whose bar
// stays hidden) and Stream for a Durable Stream. app/ creates one, starts a
// tea.Program and forwards what the sources deliver as typed messages:
//
//	v := tui.NewTabs(tui.Options{Server: url, Color: colour}, sessionID)
//	p := tea.NewProgram(v)
//	go func() { // on the reading goroutine
//		p.Send(tui.ConnMsg{State: st})                        // connection changes
//		p.Send(tui.TabMsg{Session: id,                        // after applying events
//			SessionMsg: tui.NewSessionMsg(model, events)})
//	}()
//	_, err := p.Run()
//
// A Stream takes tui.NewStreamMsg(batch) instead. Incoming messages are
// applied at once, but the layout is rebuilt at most FrameRate times a
// second, and a frame only renders the visible lines, so the cost of a
// frame does not grow with the session. Nor with the answer: a streaming
// text part keeps what its complete lines made (render_text_stream.go),
// so a token re-renders only the block it extends. Bubble Tea calls View
// after every message and writes to the terminal at most 60 times a
// second; View puts the screen together from what it drew before
// (view_memo.go), so a flood of tokens between two frames costs little.
package tui
