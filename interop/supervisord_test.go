package interop_test

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/example/supervisor"
	"github.com/supervisorrpc/rpcinterface/internal/testkit"
)

// supervisordConfig is the config of a real supervisord started by a test:
// a unix socket without credentials and TCP with user/123. %[1]s is the
// directory, %[2]s the socket, %[3]d the port, %[4]s the programs.
const supervisordConfig = `
[supervisord]
logfile = %[1]s/supervisord.log
pidfile = %[1]s/supervisord.pid
childlogdir = %[1]s
identifier = interop

[unix_http_server]
file = %[2]s

[inet_http_server]
port = 127.0.0.1:%[3]d
username = user
password = 123

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
%[4]s`

// supervisordProc is a real supervisord 4.2.5, run by a test.
type supervisordProc struct {
	dir, conf, sock string
	port            int
	cmd             *exec.Cmd
	out             *testkit.LogBuffer
	done            chan struct{} // closed when it exited
}

// unixURL and tcpURL are its server URLs, as supervisorctl's serverurl.
func (s *supervisordProc) unixURL() string { return "unix://" + s.sock }
func (s *supervisordProc) tcpURL() string  { return fmt.Sprintf("http://127.0.0.1:%d", s.port) }

// typed returns the typed client over the unix socket.
func (s *supervisordProc) typed(t *testing.T) *supervisor.Client {
	c, err := client.Dial(s.unixURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return supervisor.NewClient(c)
}

// startSupervisord runs supervisord in the foreground on supervisordConfig
// with programs, on a port of the project's test range, until it answers
// on its unix socket. At the end of the test it is stopped with SIGTERM
// (it stops its programs), killed only if that fails. Without supervisord
// on PATH the test is skipped (failed with RPCINTERFACE_REQUIRE_INTEROP=1).
func startSupervisord(t *testing.T, programs string) *supervisordProc {
	t.Helper()
	bin := requireTool(t, "supervisord")
	dir := ctlTempDir(t)
	s := &supervisordProc{dir: dir, conf: filepath.Join(dir, "supervisord.conf"), sock: filepath.Join(dir, "s.sock")}
	for range 20 {
		s.port = nextPort()
		if ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", s.port)); err != nil {
			continue
		} else {
			ln.Close()
		}
		if err := os.WriteFile(s.conf, []byte(fmt.Sprintf(supervisordConfig, dir, s.sock, s.port, programs)), 0o644); err != nil {
			t.Fatal(err)
		}
		s.out, s.done = &testkit.LogBuffer{}, make(chan struct{})
		s.cmd = exec.Command(bin, "-n", "-c", s.conf)
		s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
		if err := s.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() {
			s.cmd.Wait()
			close(s.done)
		}()
		if err := waitAccepting(fmt.Sprintf("127.0.0.1:%d", s.port), s.done); err != nil {
			<-s.done
			if strings.Contains(s.out.String(), "already listening") {
				continue
			}
			log, _ := os.ReadFile(filepath.Join(dir, "supervisord.log"))
			t.Fatalf("%v\nsupervisord output:\n%s\nlog:\n%s", err, s.out, log)
		}
		t.Cleanup(func() {
			s.cmd.Process.Signal(syscall.SIGTERM)
			if !s.exited() {
				s.cmd.Process.Kill()
				<-s.done
			}
			if t.Failed() {
				log, _ := os.ReadFile(filepath.Join(dir, "supervisord.log"))
				t.Logf("supervisord output:\n%s\nlog:\n%s", s.out, log)
			}
		})
		eventually(t, func() (bool, string) {
			_, err := s.typed(t).GetState(t.Context())
			return err == nil, fmt.Sprint(err)
		})
		return s
	}
	t.Fatal("no free port for supervisord")
	return nil
}

// exited waits a while for supervisord to exit, reporting whether it did.
func (s *supervisordProc) exited() bool {
	h := ctlHost{done: s.done}
	return h.exited(ctlWait)
}
