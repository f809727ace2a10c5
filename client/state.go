package client

import (
	"sync"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// callState holds what one call needs, pooled: the encoder and its
// request buffer, the buffer the answer is read into, and the decoder.
// Decoded values never alias the answer's buffer (package xmlrpc
// guarantees it), so the buffers are reused as soon as the call returns.
type callState struct {
	enc     xmlrpc.Encoder
	dec     xmlrpc.Decoder
	answer  []byte
	results []any // Multicall's result pointers
}

// maxPooledBuffer bounds the buffers a pooled state keeps: a call with a
// larger request or answer allocates its own, and leaves no large buffer
// behind.
const maxPooledBuffer = 4 << 20

var statePool = sync.Pool{New: func() any { return new(callState) }}

func getState() *callState { return statePool.Get().(*callState) }

func putState(st *callState) {
	if cap(st.enc.Bytes()) > maxPooledBuffer {
		st.enc.Reset(nil)
	}
	if cap(st.answer) > maxPooledBuffer {
		st.answer = nil
	}
	st.dec.Reset(nil, xmlrpc.Limits{})
	clear(st.results)
	st.results = st.results[:0]
	statePool.Put(st)
}

// encodeCall encodes a methodCall of method with args into st's request
// buffer.
func (st *callState) encodeCall(method string, args []any) error {
	st.enc.Reset(st.enc.Bytes()[:0])
	return st.enc.MethodCall(method, args...)
}

// encodeMulticall encodes a system.multicall of reqs into st's request
// buffer, and gathers their result pointers in st.results.
func (st *callState) encodeMulticall(reqs []Request) error {
	e := &st.enc
	e.Reset(e.Bytes()[:0])
	if err := e.BeginCall("system.multicall"); err != nil {
		return err
	}
	e.BeginParam()
	if err := e.BeginArray(); err != nil {
		return err
	}
	for i, r := range reqs {
		if err := e.MulticallEntry(r.Method, r.Args...); err != nil {
			return &callError{index: i, method: r.Method, err: err}
		}
		st.results = append(st.results, r.Result)
	}
	e.EndArray()
	e.EndParam()
	e.EndCall()
	return nil
}

// decodeAnswer decodes a methodResponse into result with c's rules.
func (st *callState) decodeAnswer(answer []byte, result any, c *Client) error {
	st.dec.Reset(answer, c.limits)
	return st.dec.DecodeResponse(result, c.decOpts...)
}

// decodeMulticall decodes a system.multicall's answer into st.results.
func (st *callState) decodeMulticall(answer []byte, c *Client) ([]error, error) {
	st.dec.Reset(answer, c.limits)
	return st.dec.DecodeMulticallResponse(st.results, c.spec, c.decOpts...)
}
