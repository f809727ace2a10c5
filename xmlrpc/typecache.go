package xmlrpc

import (
	"reflect"
	"sync"
)

// funcCache holds one func of type F (a ValueEncoder or a ValueDecoder)
// per Go type, built once and then shared by every caller.
type funcCache[F any] struct{ m sync.Map } // reflect.Type -> F

// load returns the func cached for t.
func (c *funcCache[F]) load(t reflect.Type) (F, bool) {
	if f, ok := c.m.Load(t); ok {
		return f.(F), true
	}
	var zero F
	return zero, false
}

// funcBuilder builds the funcs of one type and of the types inside it
// (elements, fields), as encoding/json's typeEncoder does: a type's entry
// is made, holding an indirect func that calls through a pointer, before
// its func is built, so that a recursive type finds its own entry, refers
// to itself through the indirect func, and its building ends. The pointer
// is filled once the func is built.
//
// Unlike encoding/json, building can fail (a chan field deep inside), so
// entries live in the builder until the whole build has succeeded and are
// only then published to the cache: a func that calls through the entry
// of a type whose building failed is never cached.
type funcBuilder[F any] struct {
	cache *funcCache[F]
	// newFunc builds t's func, calling of for the types inside t.
	newFunc func(t reflect.Type) (F, error)
	// indirect returns a func that calls *p, for recursive references.
	indirect func(p *F) F
	entries  map[reflect.Type]*builtFunc[F]
}

type builtFunc[F any] struct {
	f    F
	done bool // f is built; until then, refer to it through indirect(&f)
}

// get returns the cached func for t, building and caching it (and the
// funcs of the types inside it) when there is none yet.
func (c *funcCache[F]) get(t reflect.Type, newFunc func(*funcBuilder[F], reflect.Type) (F, error), indirect func(*F) F) (F, error) {
	if f, ok := c.load(t); ok {
		return f, nil
	}
	b := &funcBuilder[F]{cache: c, indirect: indirect, entries: map[reflect.Type]*builtFunc[F]{}}
	b.newFunc = func(t reflect.Type) (F, error) { return newFunc(b, t) }
	if _, err := b.of(t); err != nil {
		var zero F
		return zero, err
	}
	for bt, e := range b.entries {
		c.m.LoadOrStore(bt, e.f)
	}
	f, _ := c.load(t) // another goroutine may have stored t first
	return f, nil
}

// of returns the func for t: cached, built earlier in this build, being
// built (then an indirect func), or built now.
func (b *funcBuilder[F]) of(t reflect.Type) (F, error) {
	if f, ok := b.cache.load(t); ok {
		return f, nil
	}
	if e, ok := b.entries[t]; ok {
		if e.done {
			return e.f, nil
		}
		return b.indirect(&e.f), nil
	}
	e := &builtFunc[F]{}
	b.entries[t] = e
	f, err := b.newFunc(t)
	if err != nil {
		return f, err
	}
	e.f, e.done = f, true
	return f, nil
}
