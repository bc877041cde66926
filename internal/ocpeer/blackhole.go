package ocpeer

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"
)

// blackhole is the HTTP(S) proxy and npm registry handed to OpenCode. It
// answers every request with 502 and remembers what was asked, so the server
// under test never reaches the internet (models.dev, npm plugin installs)
// and tests can still see what it tried.
type blackhole struct {
	ln net.Listener
	wg sync.WaitGroup

	mu       sync.Mutex
	attempts []string
}

func startBlackhole() (*blackhole, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b := &blackhole{ln: ln}
	b.wg.Add(1)
	go b.serve()
	return b, nil
}

func (b *blackhole) url() string { return "http://" + b.ln.Addr().String() }

func (b *blackhole) serve() {
	defer b.wg.Done()
	for {
		conn, err := b.ln.Accept()
		if err != nil {
			return
		}
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			b.refuse(conn)
		}()
	}
}

func (b *blackhole) refuse(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	req, err := http.ReadRequest(bufio.NewReader(conn))
	if err != nil {
		return
	}
	target := req.Host // CONNECT host:port
	if req.Method != http.MethodConnect {
		target = req.URL.String()
		if req.URL.Host == "" { // asked directly, as the npm registry
			target = req.Host + target
		}
	}
	b.mu.Lock()
	b.attempts = append(b.attempts, req.Method+" "+target)
	b.mu.Unlock()
	_, _ = conn.Write([]byte("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
}

func (b *blackhole) list() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.attempts...)
}

func (b *blackhole) close() error {
	err := b.ln.Close()
	b.wg.Wait()
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}
