package namespace

import (
	"bytes"
	"context"
	"encoding/binary"
	"math/bits"
	"testing"
)

// BenchmarkFloor measures, for each workload of BenchmarkServe, what no
// decoder and encoder of its body can beat by the methods they use, so
// that how near Serve is to the floor is a measured ratio:
//
//   - tags: hop from one '<' to the next with bytes.IndexByte (what a
//     reader that visits every tag does at least), then append the answer
//     Serve gives (a copy: what writing it costs at least);
//   - words: look at every byte, eight at a time (find the '<' in each
//     word with bit tricks, as a SWAR scanner does), then append the
//     answer likewise.
//
// Neither checks anything, so both are floors, not alternatives.
func BenchmarkFloor(b *testing.B) {
	bodies := benchBodies(b)
	s := newService(b, nil, "echo", benchEcho{})
	for _, w := range []string{"small", "struct", "array", "blob", "multicall"} {
		body := bodies[w]
		answer, _, err := s.Serve(context.Background(), body, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, floor := range []struct {
			name string
			scan func([]byte) int
		}{{"tags", hopTags}, {"words", wordTags}} {
			b.Run(w+"/"+floor.name, func(b *testing.B) {
				if n, want := floor.scan(body), bytes.Count(body, []byte("<")); n != want {
					b.Fatalf("%d tags, want %d", n, want)
				}
				out := make([]byte, 0, len(answer))
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				for b.Loop() {
					floorTags += floor.scan(body)
					out = append(out[:0], answer...)
				}
			})
		}
	}
}

// floorTags keeps the scans from being optimized away.
var floorTags int

// hopTags counts the '<' in b by hopping from one to the next.
func hopTags(b []byte) int {
	n := 0
	for i := 0; ; n++ {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			return n
		}
		i += j + 1
	}
}

// wordTags counts the '<' in b eight bytes at a time: in x, the word
// xor "<<<<<<<<", a byte is zero exactly where the word has a '<', and
// the high bit of ^(((x&0x7F..)+0x7F..)|x) marks exactly the zero bytes
// (the form without borrows between bytes).
func wordTags(b []byte) int {
	const highs, lts = 0x8080808080808080, 0x3C3C3C3C3C3C3C3C
	n, i := 0, 0
	for ; len(b)-i >= 8; i += 8 {
		x := binary.LittleEndian.Uint64(b[i:]) ^ lts
		z := ^(((x &^ highs) + ^uint64(highs)) | x) & highs
		n += bits.OnesCount64(z)
	}
	for ; i < len(b); i++ {
		if b[i] == '<' {
			n++
		}
	}
	return n
}
