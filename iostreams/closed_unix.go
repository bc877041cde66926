//go:build unix

package iostreams

import (
	"context"
	"os"

	"golang.org/x/sys/unix"
)

// outClosed polls f, a pipe or socket, for its reader going away: the write
// end of a pipe reports an error (POLLERR) once the read end is closed,
// even when nothing is written.
func outClosed(ctx context.Context, f *os.File) <-chan struct{} {
	fi, err := f.Stat()
	if err != nil || fi.Mode()&(os.ModeNamedPipe|os.ModeSocket) == 0 {
		return nil
	}
	fd := int(f.Fd())
	done := make(chan struct{})
	go func() {
		fds := []unix.PollFd{{Fd: int32(fd)}}
		for ctx.Err() == nil {
			fds[0].Revents = 0
			n, err := unix.Poll(fds, int(closedPoll.Milliseconds()))
			if err != nil && err != unix.EINTR {
				return
			}
			if n > 0 && fds[0].Revents&(unix.POLLERR|unix.POLLHUP|unix.POLLNVAL) != 0 {
				close(done)
				return
			}
		}
	}()
	return done
}
