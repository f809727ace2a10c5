package xmlrpc

import "unsafe"

// Arrival order. A Go map has no order, so the Encoder sorts a map's
// members by name, to answer alike every time. A map that DecodeAny
// made from a <struct>, though, had an order: the client's. The Decoder
// notes it (the map's identity and its names in the order they first
// came), and an Encoder told of the Decoder (FollowOrder) writes such a
// map's members in that order as long as the map holds exactly the names
// it was decoded with, which a method that echoes a value returns as it
// came. That is what Python's xmlrpc.client does (a dict keeps the order
// of insertion), so supervisord answers a struct it echoes in the
// client's order too; and it spares sorting: a fifth of encoding a
// 50-member struct.

// memberOrder is the order of the members of the maps a Decoder made.
type memberOrder struct {
	maps []orderedMap
	keys []string // the maps' names, each map's in a run
	// index finds a map's entry once there are many; it holds the first
	// indexed entries of maps.
	index   map[unsafe.Pointer]int32
	indexed int
}

type orderedMap struct {
	m        unsafe.Pointer // the map's runtime identity
	from, to int32          // its names: keys[from:to]
}

// maxOrderScan is how many maps are searched one by one before the
// index is built.
const maxOrderScan = 8

// mapID returns m's identity: a map value is a pointer to its runtime
// header, unchanged for the map's life, which the note keeps alive.
func mapID(m map[string]any) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&m)) }

// add notes that m was made from members, in their order; a repeated
// name counts where it first came, as in a Python dict.
func (o *memberOrder) add(m map[string]any, members []member) {
	from := len(o.keys)
	if len(m) == len(members) {
		for _, mb := range members {
			o.keys = append(o.keys, mb.key)
		}
	} else {
		seen := make(map[string]struct{}, len(m))
		for _, mb := range members {
			if _, dup := seen[mb.key]; !dup {
				seen[mb.key] = struct{}{}
				o.keys = append(o.keys, mb.key)
			}
		}
	}
	o.maps = append(o.maps, orderedMap{mapID(m), int32(from), int32(len(o.keys))})
}

// of returns the names of m in the order they came, or nil when m is
// not a map the decoder made.
func (o *memberOrder) of(m map[string]any) []string {
	id := mapID(m)
	if len(o.maps) <= maxOrderScan {
		for i := len(o.maps) - 1; i >= 0; i-- {
			if om := o.maps[i]; om.m == id {
				return o.keys[om.from:om.to]
			}
		}
		return nil
	}
	if o.index == nil {
		o.index = make(map[unsafe.Pointer]int32, len(o.maps))
	}
	for ; o.indexed < len(o.maps); o.indexed++ {
		o.index[o.maps[o.indexed].m] = int32(o.indexed)
	}
	i, ok := o.index[id]
	if !ok {
		return nil
	}
	om := o.maps[i]
	return o.keys[om.from:om.to]
}

// reuse returns o emptied for the next request (nil when it is nil or
// too big to keep): it refers to no map and no name of this one.
func (o *memberOrder) reuse() *memberOrder {
	if o == nil || len(o.maps) == 0 {
		return o
	}
	clear(o.maps)
	clear(o.keys)
	if cap(o.maps) > maxStack || cap(o.keys) > maxStack || len(o.index) > maxStack {
		return nil
	}
	clear(o.index)
	o.maps, o.keys, o.indexed = o.maps[:0], o.keys[:0], 0
	return o
}

// FollowOrder makes e write the members of each map[string]any that
// d's DecodeAny made, while it holds the names it was decoded with, in
// the order they came in the request (a repeated name where it first
// came), as Python's xmlrpc.client writes a dict, instead of sorted by
// name. Any other map is sorted, so an answer is the same every time
// for the same request. d must not be Reset before e is done encoding;
// Reset undoes FollowOrder.
func (e *Encoder) FollowOrder(d *Decoder) { e.order = d }

// arrival returns the names of m in the order they came, or nil when
// the encoder has no order for m (or m holds another number of names).
// Whether m still holds each of them is checked as they are written.
func (e *Encoder) arrival(m map[string]any) []string {
	if e.order == nil || e.order.order == nil || len(e.order.order.maps) == 0 {
		return nil
	}
	keys := e.order.order.of(m)
	if len(keys) != len(m) {
		return nil
	}
	return keys
}
