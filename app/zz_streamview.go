package app

import "github.com/dstail/dstail/tui"

// TEMP until the stream view root lands.
func newStreamView(o tui.Options) wentBack { return tui.New(o) }
