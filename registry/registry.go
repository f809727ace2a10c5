// Package registry maps factory names to factories.
//
// It is the Go counterpart of supervisord's `supervisor.rpcinterface_factory =
// package.module:function` lookup: a plugin registers its factory under the name
// a config file uses, typically from an init function, the way database/sql
// drivers register themselves:
//
//	func init() { rpcext.Register("my.package:make_another_rpcinterface", newAnother) }
//
// Registration mistakes are wiring bugs, so Register panics on an empty name, a
// nil factory or a duplicate name: the program fails at start-up, loudly, not
// when a request arrives. Lookups are safe for concurrent use.
//
// The registry is generic over the factory type so that it knows nothing of
// configuration or namespaces; package rpcext instantiates it with its Factory
// type and keeps the one default registry. Tests make their own with New.
package registry

import (
	"fmt"
	"reflect"
	"slices"
	"sync"
)

// Registry maps names to factories of type F. The zero value is not usable;
// create one with New.
type Registry[F any] struct {
	mu        sync.RWMutex
	factories map[string]F
}

// New returns an empty registry.
func New[F any]() *Registry[F] {
	return &Registry[F]{factories: make(map[string]F)}
}

// Register makes factory available under name. It panics if name is empty,
// factory is nil, or name is already registered.
func (r *Registry[F]) Register(name string, factory F) {
	if name == "" {
		panic("registry: Register with an empty factory name")
	}
	if isNil(factory) {
		panic(fmt.Sprintf("registry: Register of a nil factory for %q", name))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.factories[name]; dup {
		panic(fmt.Sprintf("registry: Register called twice for factory %q", name))
	}
	r.factories[name] = factory
}

// Lookup returns the factory registered under name.
func (r *Registry[F]) Lookup(name string) (F, bool) {
	r.mu.RLock()
	f, ok := r.factories[name]
	r.mu.RUnlock()
	return f, ok
}

// Names returns the registered names, sorted.
func (r *Registry[F]) Names() []string {
	r.mu.RLock()
	names := make([]string, 0, len(r.factories))
	for name := range r.factories {
		names = append(names, name)
	}
	r.mu.RUnlock()
	slices.Sort(names)
	return names
}

// isNil reports whether v is a nil func, pointer, map, chan, slice or
// interface. Factories are normally funcs; the check stays generic.
func isNil[F any](v F) bool {
	rv := reflect.ValueOf(&v).Elem()
	switch rv.Kind() {
	case reflect.Func, reflect.Pointer, reflect.Map, reflect.Chan, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}
