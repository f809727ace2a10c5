package procman

import (
	"context"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
)

// waitTimeout bounds every wait in these tests; nothing asserts how long
// anything took.
const waitTimeout = 30 * time.Second

// newTestManager returns a Manager logging to the returned buffer, with
// its Auto logs in a temporary directory, shut down and closed at the end
// of the test.
func newTestManager(t *testing.T) (*Manager, *testkit.LogBuffer) {
	t.Helper()
	log := &testkit.LogBuffer{}
	m := New(WithChildLogDir(t.TempDir()), WithLogger(slog.New(slog.NewTextHandler(log, nil))))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		if err := m.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		m.Close()
	})
	return m, log
}

// addProcess adds a one-process group made from NewProcessConfig(name,
// command), changed by edit.
func addProcess(t *testing.T, m *Manager, name, command string, edit func(*ProcessConfig)) *Process {
	t.Helper()
	pc := NewProcessConfig(name, command)
	pc.Autostart = false
	if edit != nil {
		edit(&pc)
	}
	g, err := m.AddGroup(GroupConfig{Name: name, Priority: pc.Priority, Processes: []ProcessConfig{pc}})
	if err != nil {
		t.Fatal(err)
	}
	return g.Process(name)
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	t.Cleanup(cancel)
	return ctx
}

// waitState waits until p is in one of states.
func waitState(t *testing.T, p *Process, states ...State) Info {
	t.Helper()
	info, err := p.WaitFor(ctxT(t), func(i Info) bool {
		for _, s := range states {
			if i.State == s {
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("%s: waiting for %v: %v (state %v, spawnerr %q)", p.Name(), states, err, info.State, info.SpawnErr)
	}
	return info
}

// waitFor polls cond until it holds, failing the test at the deadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func readString(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// waitLog waits until the file at path contains s.
func waitLog(t *testing.T, path, s string) string {
	t.Helper()
	waitFor(t, path+" to contain "+strconv.Quote(s), func() bool { return strings.Contains(readString(path), s) })
	return readString(path)
}

// pidGone reports whether pid is no process or a zombie nobody reaped
// yet (only for processes that are not our children).
func pidGone(pid int, zombieIsGone bool) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	// pid (comm) S ...: the state follows the last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return zombieIsGone && i >= 0 && i+2 < len(s) && s[i+2] == 'Z'
}

func requireProc(t *testing.T) {
	t.Helper()
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc")
	}
}
