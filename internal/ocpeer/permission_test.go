package ocpeer

import (
	"slices"
	"testing"
	"time"
)

func TestPermissionScenarioAsksForOutsideFile(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	id := s.CreateSession(t, "")
	s.Prompt(t, id, Tag(ScnPerm)+" read outside")
	var pending []Permission
	for deadline := time.Now().Add(turnTimeout); len(pending) == 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no permission request appeared")
		}
		for _, p := range s.Permissions(t, "") {
			if p.SessionID == id {
				pending = append(pending, p)
			}
		}
	}
	if pending[0].Permission != "external_directory" {
		t.Errorf("permission = %+v, want external_directory", pending[0])
	}
	if st := s.Status(t, "")[id]; st.Type != "busy" {
		t.Errorf("status while asking = %+v, want busy", st)
	}
	s.ReplyPermission(t, "", pending[0].ID, "once")
	s.WaitIdle(t, id, turnTimeout)
	as := assistants(messages(t, s, id))
	tools := partsOf(as, "tool")
	if len(tools) != 1 || tools[0].Tool != "read" || tools[0].State.Status != "completed" {
		t.Errorf("tool parts = %+v, want one completed read", tools)
	}
	if got := texts(partsOf(as, "text")); !slices.Equal(got, []string{PermText}) {
		t.Errorf("text = %q, want [%q]", got, PermText)
	}
}
