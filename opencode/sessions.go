package opencode

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/dstail/dstail/transport"
)

// SessionSummary is one row of a session listing.
type SessionSummary struct {
	ID        string
	Title     string
	Directory string
	ParentID  string
	// Status is the type from GET /session/status: idle, busy, retry, or
	// whatever newer servers send.
	Status  string
	Created time.Time
	Updated time.Time
	Cost    float64
}

// ListOptions configure ListSessions.
type ListOptions struct {
	Server string
	Header http.Header
	HTTP   *http.Client
	// AllDirs covers every project the server knows, not only the
	// server's working directory.
	AllDirs bool
	Limit   int // 0: all
}

// SessionObject is the part of the server's Session object a listing needs.
type SessionObject struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Directory string  `json:"directory"`
	ParentID  string  `json:"parentID"`
	Cost      float64 `json:"cost"`
	Time      struct {
		Created int64 `json:"created"`
		Updated int64 `json:"updated"`
	} `json:"time"`
}

// ListSessions returns the server's sessions, newest activity first, each
// with its status. Without AllDirs it lists the sessions of the server's
// working directory (GET /session); with it, those of every directory
// (GET /experimental/session, else GET /project and each project's list).
func ListSessions(ctx context.Context, opts ListOptions) ([]SessionSummary, error) {
	base, err := transport.ParseURL(opts.Server, "server")
	if err != nil {
		return nil, err
	}
	api := NewOpenCodeAPI(base, transport.ClientOr(opts.HTTP), opts.Header, 30*time.Second)
	objs, err := api.Sessions(ctx, opts.AllDirs, opts.Limit)
	if err != nil {
		return nil, err
	}
	statuses, err := api.statusesOf(ctx, objs)
	if err != nil {
		return nil, err
	}
	out := make([]SessionSummary, 0, len(objs))
	for _, o := range objs {
		status := statuses[o.ID]
		if status == "" {
			status = "idle"
		}
		out = append(out, SessionSummary{
			ID: o.ID, Title: o.Title, Directory: o.Directory, ParentID: o.ParentID, Status: status,
			Created: time.UnixMilli(o.Time.Created), Updated: time.UnixMilli(o.Time.Updated), Cost: o.Cost,
		})
	}
	slices.SortStableFunc(out, func(a, b SessionSummary) int {
		return cmp.Or(b.Updated.Compare(a.Updated), cmp.Compare(a.ID, b.ID))
	})
	if opts.Limit > 0 && len(out) > opts.Limit {
		out = out[:opts.Limit]
	}
	return out, nil
}

// Sessions lists session objects, without duplicates: those of the
// server's working directory, or with allDirs those of every directory.
func (a *OpenCodeAPI) Sessions(ctx context.Context, allDirs bool, limit int) ([]SessionObject, error) {
	if !allDirs {
		q := url.Values{}
		if limit > 0 {
			q.Set("limit", strconv.Itoa(limit))
		}
		return a.sessionList(ctx, "/session", q)
	}
	objs, err := a.sessionList(ctx, "/experimental/session", nil)
	var se *transport.StatusError
	if !errors.As(err, &se) || se.Status != http.StatusNotFound {
		return objs, err
	}
	dirs, err := a.projectDirs(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, dir := range dirs {
		list, err := a.sessionList(ctx, "/session", dirQuery(dir))
		if err != nil {
			return nil, err
		}
		for _, o := range list {
			if !seen[o.ID] {
				seen[o.ID] = true
				objs = append(objs, o)
			}
		}
	}
	return objs, nil
}

func (a *OpenCodeAPI) sessionList(ctx context.Context, path string, q url.Values) ([]SessionObject, error) {
	body, err := a.call(ctx, http.MethodGet, path, q, nil, "session list")
	if err != nil {
		return nil, err
	}
	var list []SessionObject
	if err := json.Unmarshal(body, &list); err != nil {
		return nil, &transport.ProtocolError{What: "session list", Msg: "not a list of sessions"}
	}
	out := list[:0]
	for _, o := range list {
		if o.ID != "" {
			out = append(out, o)
		}
	}
	return out, nil
}

// projectDirs lists the worktree (and sandbox directories) of every project.
func (a *OpenCodeAPI) projectDirs(ctx context.Context) ([]string, error) {
	body, err := a.call(ctx, http.MethodGet, "/project", nil, nil, "project list")
	if err != nil {
		return nil, err
	}
	var projects []struct {
		Worktree  string   `json:"worktree"`
		Sandboxes []string `json:"sandboxes"`
	}
	if err := json.Unmarshal(body, &projects); err != nil {
		return nil, &transport.ProtocolError{What: "project list", Msg: "not a list of projects"}
	}
	var dirs []string
	for _, p := range projects {
		for _, d := range append([]string{p.Worktree}, p.Sandboxes...) {
			if d != "" && d != "/" && !slices.Contains(dirs, d) {
				dirs = append(dirs, d)
			}
		}
	}
	return dirs, nil
}

// statusesOf reads GET /session/status once per directory of objs: the map
// only names the non-idle sessions of one instance.
func (a *OpenCodeAPI) statusesOf(ctx context.Context, objs []SessionObject) (map[string]string, error) {
	out := map[string]string{}
	asked := map[string]bool{}
	for _, o := range objs {
		if asked[o.Directory] {
			continue
		}
		asked[o.Directory] = true
		body, err := a.Status(ctx, o.Directory)
		if err != nil {
			return nil, err
		}
		var m map[string]struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(body, &m); err != nil {
			return nil, &transport.ProtocolError{What: "session status", Msg: "not a status map"}
		}
		for id, st := range m {
			out[id] = st.Type
		}
	}
	return out, nil
}

// Children is GET /session/ID/children: the session's subagent sessions.
func (a *OpenCodeAPI) Children(ctx context.Context, id string) ([]SessionObject, error) {
	return a.sessionList(ctx, "/session/"+url.PathEscape(id)+"/children", nil)
}
