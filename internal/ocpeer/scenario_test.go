package ocpeer

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

const turnTimeout = 60 * time.Second

// runTurn sends one tagged prompt in a new session and waits for the turn.
func runTurn(t *testing.T, s *Server, tag string) (string, []message) {
	t.Helper()
	id := s.CreateSession(t, "")
	s.Prompt(t, id, Tag(tag)+" please")
	s.WaitIdle(t, id, turnTimeout)
	return id, messages(t, s, id)
}

func TestScenariosProduceParts(t *testing.T) {
	s := sharedServer(t)
	tests := []struct {
		name  string
		tag   string
		check func(t *testing.T, id string, msgs []message)
	}{
		{"plain text is exactly the mock's", ScnPlain, func(t *testing.T, _ string, msgs []message) {
			as := assistants(msgs)
			if len(as) != 1 || as[0].Info.Finish != "stop" || as[0].Info.Time.Completed == 0 {
				t.Fatalf("want one finished assistant message, got %+v", as)
			}
			if got := texts(partsOf(as, "text")); !slices.Equal(got, []string{PlainText}) {
				t.Errorf("text parts = %q, want [%q]", got, PlainText)
			}
		}},
		{"reasoning comes before the answer", ScnReasoning, func(t *testing.T, _ string, msgs []message) {
			as := assistants(msgs)
			if got := texts(partsOf(as, "reasoning")); !slices.Equal(got, []string{ReasoningText}) {
				t.Errorf("reasoning parts = %q, want [%q]", got, ReasoningText)
			}
			if got := texts(partsOf(as, "text")); !slices.Equal(got, []string{ReasonedText}) {
				t.Errorf("text parts = %q, want [%q]", got, ReasonedText)
			}
		}},
		{"tools run in a first step", ScnTool, func(t *testing.T, _ string, msgs []message) {
			as := assistants(msgs)
			var finishes []string
			for _, a := range as {
				finishes = append(finishes, a.Info.Finish)
			}
			if !slices.Equal(finishes, []string{"tool-calls", "stop"}) {
				t.Fatalf("assistant finishes = %q, want [tool-calls stop]", finishes)
			}
			var calls []string
			for _, p := range partsOf(as, "tool") {
				calls = append(calls, p.Tool+":"+p.State.Status)
			}
			if want := []string{"read:completed", "read:error", "bash:completed"}; !slices.Equal(calls, want) {
				t.Errorf("tool parts = %q, want %q", calls, want)
			}
			if got := texts(partsOf(as, "text")); !slices.Equal(got, []string{ToolLeadText, ToolSummaryText}) {
				t.Errorf("text parts = %q", got)
			}
		}},
		{"subtask starts a child session", ScnSubtask, func(t *testing.T, id string, msgs []message) {
			tools := partsOf(assistants(msgs), "tool")
			if len(tools) != 1 || tools[0].Tool != "task" || tools[0].State.Status != "completed" {
				t.Fatalf("tool parts = %+v, want one completed task", tools)
			}
			child, _ := tools[0].State.Metadata["sessionId"].(string)
			var children []struct {
				ID       string `json:"id"`
				ParentID string `json:"parentID"`
			}
			_, body := s.Do(t, http.MethodGet, "/session/"+id+"/children", nil)
			if err := json.Unmarshal(body, &children); err != nil || len(children) != 1 {
				t.Fatalf("children of %s = %s (%v)", id, body, err)
			}
			if children[0].ID != child || children[0].ParentID != id {
				t.Errorf("child = %+v, task metadata names %q", children[0], child)
			}
			if got := texts(partsOf(assistants(messages(t, s, child)), "text")); !slices.Equal(got, []string{PlainText}) {
				t.Errorf("child text = %q", got)
			}
		}},
		{"non-retryable failure ends the turn", ScnFail + ".parts", func(t *testing.T, _ string, msgs []message) {
			as := assistants(msgs)
			if len(as) != 1 || as[0].Info.Error == nil || as[0].Info.Error.Name != "APIError" {
				t.Fatalf("want one assistant with APIError, got %+v", as)
			}
			if as[0].Info.Finish != "" || !strings.Contains(string(as[0].Info.Error.Data), "non-retryable") {
				t.Errorf("finish %q, error data %s", as[0].Info.Finish, as[0].Info.Error.Data)
			}
		}},
		{"big answer arrives whole", ScnBig, func(t *testing.T, _ string, msgs []message) {
			got := texts(partsOf(assistants(msgs), "text"))
			if len(got) != 1 || got[0] != BigText(5000) {
				t.Errorf("got %d text parts, first %d bytes; want %d bytes", len(got), len(strings.Join(got, "")), len(BigText(5000)))
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			id, msgs := runTurn(t, s, tc.tag)
			tc.check(t, id, msgs)
		})
	}
}

func TestUntitledSessionGetsMockTitle(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	id, _ := runTurn(t, s, ScnPlain+".title")
	want := "Mock title for " + ScnPlain + ".title"
	var title string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(pollEvery) {
		var info struct {
			Title string `json:"title"`
		}
		if err := json.Unmarshal(s.Session(t, id), &info); err != nil {
			t.Fatal(err)
		}
		if title = info.Title; title == want {
			return
		}
	}
	t.Errorf("title = %q, want %q", title, want)
}
