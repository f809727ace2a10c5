package xmlrpc

import (
	"math"
	"slices"
	"unsafe"
)

// Per-request storage for decoded values (see Decoder). Every value is
// written once, into memory no other value uses, and never changed after;
// a chunk is dropped, not reused, when it is full or the decoder is reset,
// so values handed out stay valid however long they are kept.

const (
	// chunkBytes caps an arena chunk: a kept value keeps its chunk alive.
	chunkBytes = 4 << 10
	// ownBytes: a longer string gets an allocation of its own.
	ownBytes = 1 << 10
	// minValueBytes is the fewest body bytes a value can take; it sizes
	// a request's chunks by what the rest of the body can still hold.
	minValueBytes = 16
)

type arena struct {
	bytes []byte   // string bytes
	words []uint64 // boxed ints and floats
	strs  []string // boxed string headers
}

// chunkLen returns how many items of size bytes the next chunk holds: twice
// the last chunk (old items), starting from 64 bytes, so that a request
// with few values allocates little; at most chunkBytes, and no more than
// the rest of the body (rest bytes) could still need at perItem bytes an
// item; at least need.
func chunkLen(old, rest, size, perItem, need int) int {
	n := min(max(2*old, 64/size), chunkBytes/size, rest/perItem+1)
	return max(n, need)
}

// keep copies b into the arena and returns the copy.
func (d *Decoder) keep(b []byte) []byte {
	if len(b) > ownBytes {
		return append(make([]byte, 0, len(b)), b...)
	}
	a := &d.arena
	if len(a.bytes)+len(b) > cap(a.bytes) {
		a.bytes = make([]byte, 0, chunkLen(cap(a.bytes), len(d.buf)-d.pos, 1, 1, len(b)))
	}
	start := len(a.bytes)
	a.bytes = append(a.bytes, b...)
	return a.bytes[start:len(a.bytes):len(a.bytes)]
}

// str returns b as a string stored in the arena.
func (d *Decoder) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	k := d.keep(b)
	return unsafe.String(&k[0], len(k))
}

// Boxing. Converting an int, a float64 or a string to an interface
// allocates its value on the heap (only ints below 256 are free). DecodeAny
// makes the interface point into an arena chunk instead, as the compiler
// would point it at a heap copy: the interface holds its type and a pointer
// to the value, which nothing ever writes again.

// eface is the layout of an empty interface.
type eface struct {
	typ  unsafe.Pointer
	data unsafe.Pointer
}

func typeOf(v any) unsafe.Pointer { return (*eface)(unsafe.Pointer(&v)).typ }

var (
	intBox    = typeOf(int(0))
	floatBox  = typeOf(float64(0))
	stringBox = typeOf("")
)

// boxing is true where an int and a float64 both fill one 64-bit word.
const boxing = unsafe.Sizeof(int(0)) == 8 && unsafe.Sizeof(uintptr(0)) == 8

func makeAny(typ, data unsafe.Pointer) (v any) {
	e := (*eface)(unsafe.Pointer(&v))
	e.typ, e.data = typ, data
	return v
}

// word stores w in the arena and returns its address.
func (d *Decoder) word(w uint64) unsafe.Pointer {
	a := &d.arena
	if len(a.words) == cap(a.words) {
		a.words = make([]uint64, 0, chunkLen(cap(a.words), len(d.buf)-d.pos, 8, minValueBytes, 1))
	}
	a.words = append(a.words, w)
	return unsafe.Pointer(&a.words[len(a.words)-1])
}

// boxInt returns v as an any holding an int.
func (d *Decoder) boxInt(v int) any {
	if !boxing || uint(v) < 256 {
		return v
	}
	return makeAny(intBox, d.word(uint64(v)))
}

// boxFloat returns f as an any holding a float64.
func (d *Decoder) boxFloat(f float64) any {
	if !boxing {
		return f
	}
	return makeAny(floatBox, d.word(math.Float64bits(f)))
}

// boxString returns s as an any holding a string.
func (d *Decoder) boxString(s string) any {
	if s == "" {
		return s
	}
	a := &d.arena
	if len(a.strs) == cap(a.strs) {
		a.strs = make([]string, 0, chunkLen(cap(a.strs), len(d.buf)-d.pos, 16, minValueBytes, 1))
	}
	a.strs = append(a.strs, s)
	return makeAny(stringBox, unsafe.Pointer(&a.strs[len(a.strs)-1]))
}

// boxRun boxes the ints plainInts gathered into dst, then drops their
// storage if it grew past what a pooled decoder keeps.
func (d *Decoder) boxRun(dst []any) {
	d.boxInts(dst, *d.ints)
	if cap(*d.ints) > maxStack {
		*d.ints = nil
	}
}

// boxInts sets dst[k] to vs[k] boxed as boxInt boxes it, the words taken
// from the arena a chunk at a time.
func (d *Decoder) boxInts(dst []any, vs []int64) {
	dst = dst[:len(vs)]
	a := &d.arena
	for k := 0; k < len(vs); {
		if len(a.words) == cap(a.words) {
			need := min(len(vs)-k, chunkBytes/8)
			a.words = make([]uint64, 0, chunkLen(cap(a.words), len(d.buf)-d.pos, 8, minValueBytes, need))
		}
		w := a.words[len(a.words):cap(a.words)]
		m := 0
		for ; k < len(vs) && m < len(w); k++ {
			v := vs[k]
			if !boxing || uint64(v) < 256 {
				dst[k] = int(v)
				continue
			}
			w[m] = uint64(v)
			dst[k] = makeAny(intBox, unsafe.Pointer(&w[m]))
			m++
		}
		a.words = a.words[:len(a.words)+m]
	}
}

// stack is where DecodeAny gathers the elements of an array and the
// members of a struct before it makes the []any or the map of the exact
// size, with no regrowing. Nested values stack above their parent's. It is
// cleared as soon as a value is built, so it holds no value between calls.
type stack struct {
	elems   []any
	members []member
}

type member struct {
	key string
	val any
}

// pushElem and pushMember grow the stack by doubling, where append grows
// a large slice by a quarter: what a large array allocates while it is
// gathered stays within twice its size.
func (s *stack) pushElem(v any) {
	if len(s.elems) == cap(s.elems) {
		s.elems = slices.Grow(s.elems, max(len(s.elems), 16))
	}
	s.elems = append(s.elems, v)
}

// extendElems adds n elements (nil) to the stack, growing it by doubling
// as pushElem does, and returns them.
func (s *stack) extendElems(n int) []any {
	top := len(s.elems)
	if top+n > cap(s.elems) {
		s.elems = slices.Grow(s.elems, max(top, n, 16))
	}
	s.elems = s.elems[:top+n]
	return s.elems[top:]
}

func (s *stack) pushMember(key string, v any) {
	if len(s.members) == cap(s.members) {
		s.members = slices.Grow(s.members, max(len(s.members), 16))
	}
	s.members = append(s.members, member{key, v})
}

// maxStack bounds the entries a pooled decoder keeps room for.
const maxStack = 16 << 10

// reuse returns the stack for the next request, dropping oversized room.
func (s stack) reuse() stack {
	if cap(s.elems) > maxStack {
		s.elems = nil
	}
	if cap(s.members) > maxStack/2 {
		s.members = nil
	}
	return stack{elems: s.elems[:0], members: s.members[:0]}
}

// maxKeptBuf bounds the scratch buffers a pooled decoder keeps.
const maxKeptBuf = 64 << 10

// keepBuf returns b emptied, or nil when it is too big to keep.
func keepBuf(b []byte) []byte {
	if cap(b) > maxKeptBuf {
		return nil
	}
	return b[:0]
}
