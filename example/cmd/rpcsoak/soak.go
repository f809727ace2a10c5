package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/replay"
)

// kind says what a category checks.
type kind int

const (
	good       kind = iota // the exact answer
	bad                    // the expected status or fault
	disconnect             // nothing: the client goes away
)

// category is one sort of request, with its share of the mix.
type category struct {
	name   string
	kind   kind
	weight int
	do     func(w *worker) error
}

// worker is one client's state.
type worker struct {
	s      *soaker
	r      *rand.Rand
	lat    map[string][]time.Duration
	counts map[string]*[2]int // ok, failed
}

// soaker holds what the workers share.
type soaker struct {
	s      settings
	t      *target
	client *http.Client
	auth   string // Authorization header value, "" without credentials

	structs, arrays, blobs []call
	refs                   map[string][]byte // answers learned from a checked first call

	mu       sync.Mutex
	failures []string
	budget   atomic.Int64
}

func (sk *soaker) categories() []category {
	return []category{
		{"small (echo.add)", good, 30, func(w *worker) error { return w.good(addCall(w.r)) }},
		{"struct echo", good, 14, func(w *worker) error { return w.good(w.s.structs[w.r.IntN(len(w.s.structs))]) }},
		{"array echo", good, 4, func(w *worker) error { return w.good(w.s.arrays[w.r.IntN(len(w.s.arrays))]) }},
		{"blob echo", good, 1, func(w *worker) error { return w.good(w.s.blobs[w.r.IntN(len(w.s.blobs))]) }},
		{"multicall (100 adds)", good, 8, func(w *worker) error { return w.good(multicallOf(w.r, 100)) }},
		{"introspection", good, 8, func(w *worker) error {
			name := introspection[w.r.IntN(len(introspection))]
			return w.good(call{methodCall(name.method, name.params...), w.s.refs[name.method]})
		}},
		{"another.getRetries", good, 10, func(w *worker) error {
			return w.good(call{methodCall("another.getRetries"), w.s.refs["another.getRetries"]})
		}},
		{"bad: malformed XML", bad, 2, func(w *worker) error {
			return w.status(http.MethodPost, []byte("<methodCall><methodName>echo.add</methodName><params><param>"), w.s.auth, 400)
		}},
		{"bad: GET", bad, 2, func(w *worker) error { return w.status(http.MethodGet, nil, w.s.auth, 405) }},
		{"bad: no Content-Length (raw)", bad, 2, func(w *worker) error { return w.raw(w.head(""), 411) }},
		{"bad: oversized Content-Length (raw)", bad, 2, func(w *worker) error {
			return w.raw(w.head("Content-Length: "+strconv.Itoa(1<<30)+"\r\n"), 413)
		}},
		{"bad: wrong password", bad, 2, func(w *worker) error {
			if w.s.auth == "" {
				return w.status(http.MethodGet, nil, "", 405) // nothing to get wrong
			}
			wrong := "Basic " + base64.StdEncoding.EncodeToString([]byte(w.s.t.user+":not-"+w.s.t.password))
			return w.status(http.MethodPost, methodCall("echo.ping"), wrong, 401)
		}},
		{"bad: unknown method", bad, 2, func(w *worker) error {
			return w.good(call{methodCall("echo.nope"), faultResponse(1, "UNKNOWN_METHOD")})
		}},
		{"bad: wrong params", bad, 2, func(w *worker) error {
			return w.good(call{methodCall("echo.add", 1), faultResponse(2, "INCORRECT_PARAMETERS")})
		}},
		{"disconnect mid-request", disconnect, 2, func(w *worker) error {
			body := w.s.structs[0].body
			return w.hangUp(append([]byte(w.head("Content-Length: "+strconv.Itoa(len(body))+"\r\n")), body[:len(body)/2]...))
		}},
		{"disconnect before the answer", disconnect, 2, func(w *worker) error {
			body := w.s.arrays[0].body
			return w.hangUp(append([]byte(w.head("Content-Length: "+strconv.Itoa(len(body))+"\r\n")), body...))
		}},
	}
}

var introspection = []struct {
	method string
	params []any
}{
	{"system.listMethods", nil},
	{"system.methodHelp", []any{"echo.add"}},
	{"system.methodSignature", []any{"another.getRetries"}},
}

// prepare builds the bodies and learns the answers that depend on the
// host, checking each one.
func (sk *soaker) prepare() error {
	r := rand.New(rand.NewPCG(1, 2))
	for range 8 {
		sk.structs = append(sk.structs, structCall(r))
	}
	for range 4 {
		sk.arrays = append(sk.arrays, arrayCall(r, sk.s.arrayLen))
	}
	for range 2 {
		sk.blobs = append(sk.blobs, blobCall(r, sk.s.blobBytes))
	}
	sk.refs = map[string][]byte{}
	learn := func(method string, params []any, check func(any) error) error {
		body, err := sk.post(methodCall(method, params...), sk.auth)
		if err != nil {
			return fmt.Errorf("%s: %w", method, err)
		}
		resp, err := replay.ParseResponse(body)
		if err != nil || resp.Fault != nil {
			return fmt.Errorf("%s: %v %v", method, err, resp)
		}
		if err := check(resp.Value); err != nil {
			return fmt.Errorf("%s: %w", method, err)
		}
		sk.refs[method] = body
		return nil
	}
	isArrayWith := func(names ...string) func(any) error {
		return func(v any) error {
			a, ok := v.([]any)
			if !ok {
				return fmt.Errorf("not an array: %v", replay.Short(v))
			}
			for _, n := range names {
				found := false
				for _, e := range a {
					found = found || e == n
				}
				if !found {
					return fmt.Errorf("%q missing from %v", n, replay.Short(v))
				}
			}
			return nil
		}
	}
	isString := func(v any) error {
		if _, ok := v.(string); !ok {
			return fmt.Errorf("not a string: %v", replay.Short(v))
		}
		return nil
	}
	isInt := func(v any) error {
		if replay.Same(v, v, "") != nil || fmt.Sprintf("%T", v) != "*big.Int" {
			return fmt.Errorf("not an int: %v", replay.Short(v))
		}
		return nil
	}
	if err := learn("system.listMethods", nil, isArrayWith("echo.add", "echo.echo", "another.getRetries", "system.multicall")); err != nil {
		return err
	}
	if err := learn("system.methodHelp", introspection[1].params, isString); err != nil {
		return err
	}
	if err := learn("system.methodSignature", introspection[2].params, func(v any) error { _, ok := v.([]any); return errIf(!ok, "not an array") }); err != nil {
		return err
	}
	if err := learn("another.getRetries", nil, isInt); err != nil {
		return err
	}
	// The answers built here are checked once against an independent
	// parse, so that the byte comparisons compare with the right thing.
	for _, c := range []call{addCall(r), sk.structs[0], sk.arrays[0], sk.blobs[0], multicallOf(r, 3)} {
		got, err := sk.post(c.body, sk.auth)
		if err != nil {
			return err
		}
		g, err1 := replay.ParseResponse(got)
		w, err2 := replay.ParseResponse(c.want)
		if err := errors.Join(err1, err2); err != nil {
			return err
		}
		if err := replay.Same(w.Value, g.Value, "answer"); err != nil {
			return err
		}
	}
	return nil
}

func errIf(cond bool, msg string) error {
	if cond {
		return errors.New(msg)
	}
	return nil
}

// post sends a good call and returns the body of a 200 answer.
func (sk *soaker) post(body []byte, auth string) ([]byte, error) {
	req, err := http.NewRequest(http.MethodPost, sk.t.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/xml")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := sk.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("status %s: %.200q", resp.Status, got)
	}
	return got, nil
}

func (w *worker) good(c call) error {
	got, err := w.s.post(c.body, w.s.auth)
	if err != nil {
		return err
	}
	if !bytes.Equal(got, c.want) {
		return fmt.Errorf("wrong answer: %.300q, want %.300q", got, c.want)
	}
	return nil
}

func (w *worker) status(method string, body []byte, auth string, want int) error {
	req, err := http.NewRequest(method, w.s.t.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := w.s.client.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		return fmt.Errorf("status %d, want %d", resp.StatusCode, want)
	}
	return nil
}

// head is a raw POST /RPC2 request head with the given header lines.
func (w *worker) head(extra string) string {
	h := "POST /RPC2 HTTP/1.1\r\nHost: " + w.s.t.addr + "\r\nContent-Type: text/xml\r\n"
	if w.s.auth != "" {
		h += "Authorization: " + w.s.auth + "\r\n"
	}
	return h + extra + "\r\n"
}

// raw sends a request over a connection of its own and checks the status.
func (w *worker) raw(req string, want int) error {
	c, err := net.DialTimeout("tcp", w.s.t.addr, w.s.s.requestTimeout)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(w.s.s.requestTimeout))
	if _, err := io.WriteString(c, req); err != nil {
		return err
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != want {
		return fmt.Errorf("status %d, want %d", resp.StatusCode, want)
	}
	return nil
}

// hangUp sends data over a connection of its own and closes it without
// reading anything.
func (w *worker) hangUp(data []byte) error {
	c, err := net.DialTimeout("tcp", w.s.t.addr, w.s.s.requestTimeout)
	if err != nil {
		return err
	}
	c.SetDeadline(time.Now().Add(w.s.s.requestTimeout))
	_, err = c.Write(data)
	c.Close()
	return err
}

func (sk *soaker) fail(cat string, err error) {
	sk.mu.Lock()
	defer sk.mu.Unlock()
	if len(sk.failures) < 20 {
		sk.failures = append(sk.failures, cat+": "+err.Error())
	}
}

// soak runs the whole test and returns its report.
func soak(ctx context.Context, s settings, t *target) (*report, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: s.clients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	sk := &soaker{s: s, t: t, client: &http.Client{Transport: tr, Timeout: s.requestTimeout}}
	if t.user != "" {
		sk.auth = "Basic " + base64.StdEncoding.EncodeToString([]byte(t.user+":"+t.password))
	}
	if err := sk.prepare(); err != nil {
		return nil, fmt.Errorf("preparing (the host's answers): %w", err)
	}
	cats := sk.categories()
	// One of each, so that what is built on first use is in the baseline.
	w0 := sk.newWorker(0)
	for _, c := range cats {
		if err := c.do(w0); err != nil {
			return nil, fmt.Errorf("warm-up %s: %w", c.name, err)
		}
	}
	tr.CloseIdleConnections()
	before, err := sk.steadyFigures()
	if err != nil {
		return nil, err
	}

	var pick []int // category index by weight
	for i, c := range cats {
		for range c.weight {
			pick = append(pick, i)
		}
	}
	sk.budget.Store(s.maxRequests)
	runCtx, cancel := context.WithTimeout(ctx, s.duration)
	defer cancel()
	workers := make([]*worker, s.clients)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range workers {
		w := sk.newWorker(uint64(i + 1))
		workers[i] = w
		wg.Go(func() {
			for runCtx.Err() == nil && sk.budget.Add(-1) >= 0 {
				c := cats[pick[w.r.IntN(len(pick))]]
				t0 := time.Now()
				err := c.do(w)
				n := w.counts[c.name]
				if n == nil {
					n = new([2]int)
					w.counts[c.name] = n
				}
				if err != nil {
					n[1]++
					sk.fail(c.name, err)
					continue
				}
				n[0]++
				if c.kind == good {
					w.lat[c.name] = append(w.lat[c.name], time.Since(t0))
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	tr.CloseIdleConnections()

	rep := newReport(cats, workers, elapsed)
	rep.before = before
	rep.after, rep.settled, err = sk.settledFigures(before)
	if err != nil {
		return nil, err
	}
	rep.goroutineSlack, rep.heapSlack = s.goroutineSlack, s.heapSlack
	rep.failures = sk.failures
	rep.hostAlive = t.alive()
	rep.hostErrors = t.logErrors()
	return rep, nil
}

func (sk *soaker) newWorker(seed uint64) *worker {
	return &worker{s: sk, r: rand.New(rand.NewPCG(seed, 42)), lat: map[string][]time.Duration{}, counts: map[string]*[2]int{}}
}

// steadyFigures reads the figures until two readings in a row agree on
// the goroutines (connections just closed take a moment to go).
func (sk *soaker) steadyFigures() (runtimeFigures, error) {
	prev, err := sk.t.figures()
	if err != nil {
		return prev, err
	}
	for range 20 {
		time.Sleep(250 * time.Millisecond)
		f, err := sk.t.figures()
		if err != nil {
			return f, err
		}
		if f.Goroutines == prev.Goroutines {
			return f, nil
		}
		prev = f
	}
	return prev, nil
}

// settledFigures reads the figures until they are back within the slack
// of before, or the settle time has passed.
func (sk *soaker) settledFigures(before runtimeFigures) (runtimeFigures, time.Duration, error) {
	start := time.Now()
	for {
		f, err := sk.t.figures()
		if err != nil {
			return f, 0, err
		}
		if f.Goroutines <= before.Goroutines+sk.s.goroutineSlack && f.Heap <= before.Heap+sk.s.heapSlack ||
			time.Since(start) > sk.s.settle {
			return f, time.Since(start), nil
		}
		time.Sleep(250 * time.Millisecond)
	}
}
