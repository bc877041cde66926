package ocpeer

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
)

// Permission is a pending permission request (GET /permission).
type Permission struct {
	ID         string   `json:"id"`
	SessionID  string   `json:"sessionID"`
	Permission string   `json:"permission"` // e.g. external_directory
	Patterns   []string `json:"patterns"`
}

// Permissions lists the pending permission requests of the instance for
// dir ("" = Dir()). While one waits, its session stays busy.
func (s *Server) Permissions(t testing.TB, dir string) []Permission {
	t.Helper()
	if dir == "" {
		dir = s.Dir()
	}
	var out []Permission
	data := s.expect(t, http.MethodGet, InDir("/permission", dir), nil)
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("ocpeer: permissions: %v: %s", err, data)
	}
	return out
}

// ReplyPermission answers a permission request with "once", "always" or
// "reject".
func (s *Server) ReplyPermission(t testing.TB, dir, permissionID, reply string) {
	t.Helper()
	if dir == "" {
		dir = s.Dir()
	}
	path := InDir("/permission/"+url.PathEscape(permissionID)+"/reply", dir)
	s.expect(t, http.MethodPost, path, map[string]string{"reply": reply})
}
