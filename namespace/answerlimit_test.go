package namespace

import (
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// blobs answers values of the size asked for and counts its calls.
type blobs struct{ calls atomic.Int64 }

func (b *blobs) Text(n int) string  { b.calls.Add(1); return strings.Repeat("x", n) }
func (b *blobs) Bytes(n int) []byte { b.calls.Add(1); return make([]byte, n) }
func (b *blobs) Any(n int) any      { b.calls.Add(1); return []any{strings.Repeat("y", n)} }
func (b *blobs) Ints(n int) []int   { b.calls.Add(1); return make([]int, n) }
func (b *blobs) Small() int         { b.calls.Add(1); return 1 }

// TestAnswerLimit: a call whose answer would grow past the limit is
// answered with fault FAILED saying so, whatever the result's type and
// whichever path encodes it (direct calls, reflect); an answer just under
// the limit is sent whole.
func TestAnswerLimit(t *testing.T) {
	const max = 1 << 16
	var logs testkit.LogBuffer
	b := &blobs{}
	s := newService(t, []Option{WithMaxAnswerBytes(max), WithLogger(logs.Logger(slog.LevelInfo))}, "b", b)
	for _, m := range []string{"b.text", "b.bytes", "b.any", "b.ints"} {
		t.Run(m, func(t *testing.T) {
			r := serve(t, s, testkit.MethodCall(m, testkit.Int(2*max)))
			wantFault(t, r, xmlrpc.CodeFailed, "FAILED: the answer exceeds the limit of 65536 bytes")
			if len(r.raw) > 1024 {
				t.Errorf("the fault answer is %d bytes", len(r.raw))
			}
			if r := serve(t, s, testkit.MethodCall(m, testkit.Int(100))); r.err != nil || r.fault != nil {
				t.Errorf("a small answer: %v", r)
			}
		})
	}
	if !strings.Contains(logs.String(), "answer too large") {
		t.Errorf("not logged:\n%s", logs.String())
	}
}

// TestAnswerLimitMulticall: a multicall whose answer grows past the limit
// is answered with one fault for the whole call, naming the call at which
// it stopped; the calls after it do not run.
func TestAnswerLimitMulticall(t *testing.T) {
	const max = 1 << 16
	for _, dialect := range []MulticallDialect{MulticallSupervisord, MulticallSpec} {
		b := &blobs{}
		s := newService(t, []Option{WithMaxAnswerBytes(max), WithMulticallDialect(dialect)}, "b", b)
		var entries []string
		for range 20 {
			entries = append(entries, mcEntry("b.text", testkit.Int(max/8)))
		}
		r := serve(t, s, multicall(entries...))
		// Each answer is max/8 bytes and tags: the eighth crosses the limit.
		wantFault(t, r, xmlrpc.CodeFailed, "FAILED: the answer exceeds the limit of 65536 bytes at call 8 of 20: "+
			"system.multicall stopped there (calls 1 to 8 ran, the others did not)")
		if n := b.calls.Load(); n != 8 {
			t.Errorf("dialect %d: %d calls ran, want 8", dialect, n)
		}
		if r.info.Method != "system.multicall" || r.info.Fault == nil {
			t.Errorf("CallInfo %+v", r.info)
		}
		// Many small answers add up too.
		b.calls.Store(0)
		entries = entries[:0]
		for range 5000 {
			entries = append(entries, mcEntry("b.small"))
		}
		r = serve(t, s, multicall(entries...))
		wantFaultPrefix(t, r, xmlrpc.CodeFailed, "FAILED: the answer exceeds the limit of 65536 bytes at call ")
		if n := b.calls.Load(); n >= 5000 || n < 100 {
			t.Errorf("%d of 5000 small calls ran", n)
		}
		// Under the limit: every answer.
		r = serve(t, s, multicall(mcEntry("b.text", testkit.Int(100)), mcEntry("b.small")))
		if r.err != nil || r.fault != nil {
			t.Errorf("%v", r)
		}
	}
}

// TestAnswerLimitDefault: without the option, answers are bounded by
// DefaultMaxAnswerBytes.
func TestAnswerLimitDefault(t *testing.T) {
	s := newService(t, nil, "b", &blobs{})
	r := serve(t, s, testkit.MethodCall("b.bytes", testkit.Int(DefaultMaxAnswerBytes)))
	wantFault(t, r, xmlrpc.CodeFailed, "FAILED: the answer exceeds the limit of 67108864 bytes")
	r = serve(t, s, testkit.MethodCall("b.bytes", testkit.Int(DefaultMaxAnswerBytes/2)))
	if r.err != nil || r.fault != nil {
		t.Errorf("%v", r)
	}
}

// TestAnswerLimitCountsTheAnswerOnly: bytes already in the caller's
// buffer do not count against the limit.
func TestAnswerLimitCountsTheAnswerOnly(t *testing.T) {
	s := newService(t, []Option{WithMaxAnswerBytes(1 << 12)}, "b", &blobs{})
	dst := make([]byte, 1<<13)
	out, info, err := s.Serve(context.Background(), testkit.MethodCall("b.text", testkit.Int(1000)), dst)
	if err != nil || info.Fault != nil {
		t.Fatalf("%v %v", err, info.Fault)
	}
	if !strings.Contains(string(out[len(dst):]), strings.Repeat("x", 1000)) {
		t.Error("the answer was not appended")
	}
}

// TestServeKeepsNoBuffer: the pooled per-request state lets go of the
// request and the answer once Serve returns, so that a large one is not
// kept alive by the pool.
func TestServeKeepsNoBuffer(t *testing.T) {
	s := newService(t, nil, "b", &blobs{})
	for range 4 {
		if _, _, err := s.Serve(context.Background(), testkit.MethodCall("b.text", testkit.Int(1<<20)), nil); err != nil {
			t.Fatal(err)
		}
		st := s.states.Get().(*state)
		if cap(st.e.Bytes()) != 0 {
			t.Fatalf("a pooled state holds an answer buffer of %d bytes", cap(st.e.Bytes()))
		}
		s.states.Put(st)
	}
}
