package rpcext_test

import (
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// generationValue is the value one reload builds: it answers its
// generation, and records being used after Close, closed while in use, or
// closed twice.
type generationValue struct {
	gen    int
	inUse  atomic.Int32
	closed atomic.Int32
	misuse *atomic.Int64
}

func (v *generationValue) Get() int {
	v.inUse.Add(1)
	defer v.inUse.Add(-1)
	if v.closed.Load() != 0 {
		v.misuse.Add(1)
	}
	runtime.Gosched() // let a reload happen while the call runs
	if v.closed.Load() != 0 {
		v.misuse.Add(1)
	}
	return v.gen
}

func (v *generationValue) Close() error {
	if v.closed.Add(1) != 1 || v.inUse.Load() != 0 {
		v.misuse.Add(1)
	}
	return nil
}

var intRE = regexp.MustCompile(`<int>(-?\d+)</int>`)

// TestReloadUnderLoad: goroutines call without pause while another reloads
// again and again. Every answer comes from a generation that was current
// at some moment of the call (not older than the last reload finished
// before it began, not newer than the last begun before it ended); each
// multicall's calls all come from one generation; the unchanged section
// keeps its one value throughout; every replaced value is closed exactly
// once, never while a call uses it, and never used afterwards. Run it
// with -race.
func TestReloadUnderLoad(t *testing.T) {
	reloads, callers := 300, 6
	if testing.Short() {
		reloads = 50
	}
	var misuse atomic.Int64
	var mu sync.Mutex
	var built []*generationValue
	reg := rpcext.NewRegistry()
	reg.Register("gen:make", func(_ any, opts rpcext.Options) (any, error) {
		n, err := opts.Int("gen", -1)
		if err != nil {
			return nil, err
		}
		v := &generationValue{gen: n, misuse: &misuse}
		mu.Lock()
		built = append(built, v)
		mu.Unlock()
		return v, nil
	})
	steady := &gauge{misuse: &misuse}
	reg.Register("gauge:steady", func(any, rpcext.Options) (any, error) { return steady, nil })
	config := func(gen int) *rpcext.Config {
		return parseConfig(t, "[rpcinterface:gen]\nsupervisor.rpcinterface_factory = gen:make\ngen = "+strconv.Itoa(gen)+
			"\n[rpcinterface:steady]\nsupervisor.rpcinterface_factory = gauge:steady\n")
	}
	h, err := rpcext.NewHandler(config(0), rpcext.WithRegistry(reg), rpcext.WithLogger(newLogged().logger()))
	if err != nil {
		t.Fatal(err)
	}

	var begun, finished atomic.Int64 // the last reload begun, and finished
	stop := make(chan struct{})
	var calls, failures, steadyCalls, alive atomic.Int64
	var wg sync.WaitGroup
	alive.Store(int64(callers))
	for c := range callers {
		wg.Go(func() {
			defer alive.Add(-1)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				lo := finished.Load()
				multi := (i+c)%2 == 0
				var body string
				if multi {
					body = call("system.multicall", `<array><data>`+
						`<value><struct><member><name>methodName</name><value><string>gen.get</string></value></member></struct></value>`+
						`<value><struct><member><name>methodName</name><value><string>steady.incr</string></value></member></struct></value>`+
						`<value><struct><member><name>methodName</name><value><string>gen.get</string></value></member></struct></value>`+
						`</data></array>`)
				} else {
					body = call("gen.get")
				}
				rec := post(h, body)
				hi := begun.Load()
				calls.Add(1)
				got := intRE.FindAllStringSubmatch(rec.Body.String(), -1)
				want := 1
				if multi {
					want = 3
					steadyCalls.Add(1)
				}
				if rec.Code != 200 || len(got) != want {
					failures.Add(1)
					t.Errorf("answer %d %s", rec.Code, rec.Body)
					return
				}
				gen, _ := strconv.ParseInt(got[0][1], 10, 64)
				if gen < lo || gen > hi {
					failures.Add(1)
					t.Errorf("answered by generation %d, outside [%d, %d]", gen, lo, hi)
				}
				if multi && got[2][1] != got[0][1] {
					failures.Add(1)
					t.Errorf("one multicall answered by generations %s and %s", got[0][1], got[2][1])
				}
			}
		})
	}
	for gen := 1; gen <= reloads; gen++ {
		// Some calls on each generation, whatever the scheduler does.
		for calls.Load() < int64(gen*callers*3) && alive.Load() == int64(callers) {
			runtime.Gosched()
		}
		begun.Store(int64(gen))
		if err := h.Reload(config(gen)); err != nil {
			t.Fatal(err)
		}
		finished.Store(int64(gen))
	}
	close(stop)
	wg.Wait()
	if steady.closed.Load() != 0 || steady.n.Load() != steadyCalls.Load() {
		t.Errorf("the unchanged value: closed %d times, counted %d of %d calls", steady.closed.Load(), steady.n.Load(), steadyCalls.Load())
	}
	h.Close()

	mu.Lock()
	defer mu.Unlock()
	if len(built) != reloads+1 {
		t.Errorf("%d values built for %d reloads", len(built), reloads)
	}
	for _, v := range built {
		if n := v.closed.Load(); n != 1 {
			t.Errorf("generation %d closed %d times", v.gen, n)
		}
	}
	if steady.closed.Load() != 1 {
		t.Errorf("the unchanged value closed %d times by Close", steady.closed.Load())
	}
	if misuse.Load() != 0 {
		t.Errorf("%d uses of a closed value or closes while in use", misuse.Load())
	}
	t.Log(fmt.Sprintf("%d calls, %d failures, %d reloads", calls.Load(), failures.Load(), reloads))
}
