package rpcext

import (
	"fmt"
	"net/http"
	"reflect"
)

// Path is where supervisord serves XML-RPC, and where Mount mounts it.
const Path = "/RPC2"

// Muxer is what Mount needs of a router: http.ServeMux and chi's Router
// have this method.
type Muxer interface {
	Handle(pattern string, handler http.Handler)
}

// Mount builds the handler for cfg (see NewHandler) and registers it on
// mux at exactly /RPC2: other paths stay the mux's business (supervisord
// also answers /RPC2/anything, which Mount does not). With WithExplorer
// it also registers the API explorer at ExplorerPath.
//
// mux is anything with a method Handle(pattern string, handler
// http.Handler), whatever that method returns: *http.ServeMux, chi's
// Router and gorilla/mux's Router (whose Handle returns a *Route) all work.
//
// Mount keeps no handle on the handler: a host that reloads its config
// builds the handler with NewHandler, mounts it itself and calls its
// Reload.
//
// Each factory is called once, here. (supervisord calls factories once per
// HTTP server it runs, so a plugin there may exist twice, once for the
// unix socket and once for TCP; a Go host mounting one handler on several
// listeners shares one plugin value.)
func Mount(mux any, cfg *Config, opts ...MountOption) error {
	handle, err := handleFunc(mux)
	if err != nil {
		return err
	}
	h, err := NewHandler(cfg, opts...)
	if err != nil {
		return err
	}
	handle(Path, h)
	var s mountSettings
	for _, o := range opts {
		o.applyMount(&s)
	}
	if s.explorer {
		handle(ExplorerPath, h.Explorer())
	}
	return nil
}

var handlerType = reflect.TypeFor[http.Handler]()

// handleFunc returns mux's Handle method as a function.
func handleFunc(mux any) (func(string, http.Handler), error) {
	if m, ok := mux.(Muxer); ok {
		return m.Handle, nil
	}
	if mux != nil {
		m := reflect.ValueOf(mux).MethodByName("Handle")
		if m.IsValid() {
			t := m.Type()
			if t.NumIn() == 2 && t.In(0).Kind() == reflect.String && t.In(1) == handlerType && !t.IsVariadic() {
				return func(p string, h http.Handler) {
					m.Call([]reflect.Value{reflect.ValueOf(p).Convert(t.In(0)), reflect.ValueOf(&h).Elem()})
				}, nil
			}
		}
	}
	return nil, fmt.Errorf("rpcext: Mount needs a router with a method Handle(pattern string, handler http.Handler); %T has none", mux)
}
