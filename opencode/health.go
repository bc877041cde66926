package opencode

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/dstail/dstail/transport"
)

// maxHealthBody bounds GET /global/health: {"healthy":true,"version":"…"}.
const maxHealthBody = 64 << 10

// Health is GET /global/health: the server's version. A server that wants
// a password answers a *transport.StatusError with status 401; anything
// that is not OpenCode's health answer is a *transport.ProtocolError.
func Health(ctx context.Context, server string, hc *http.Client, header http.Header, timeout time.Duration) (string, error) {
	base, err := transport.ParseURL(server, "server")
	if err != nil {
		return "", err
	}
	what := "health of " + transport.RedactURL(server)
	api := NewOpenCodeAPI(base, transport.ClientOr(hc), header, timeout)
	body, err := api.callLimit(ctx, http.MethodGet, "/global/health", nil, nil, what, maxHealthBody)
	if err != nil {
		return "", err
	}
	var h struct {
		Healthy *bool  `json:"healthy"`
		Version string `json:"version"`
	}
	if json.Unmarshal(body, &h) != nil || h.Healthy == nil {
		return "", &transport.ProtocolError{What: what, Msg: "not an OpenCode health answer"}
	}
	return h.Version, nil
}
