package xmlrpc

import (
	"bytes"
	"encoding/base64"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// stdDecode is how <base64> text was decoded before the codec of
// base64.go, kept as the reference it must agree with: encoding/base64's
// StdEncoding (CR and LF skipped), and when that fails, again without any
// white space.
func stdDecode(t []byte) ([]byte, error) {
	dst := make([]byte, base64.StdEncoding.DecodedLen(len(t)))
	m, err := base64.StdEncoding.Decode(dst, t)
	if err != nil {
		clean := make([]byte, 0, len(t))
		for _, c := range t {
			if !isSpace(c) {
				clean = append(clean, c)
			}
		}
		if m, err = base64.StdEncoding.Decode(dst, clean); err != nil {
			return nil, err
		}
	}
	return dst[:m], nil
}

// ourDecode decodes with decodeBase64 into a buffer of exactly the size it
// asks for, followed by guard bytes that must stay untouched.
func ourDecode(t *testing.T, text []byte) ([]byte, error) {
	t.Helper()
	n := base64MaxDecoded(len(text))
	buf := make([]byte, n+8)
	for i := range buf {
		buf[i] = 0xA5
	}
	m, err := decodeBase64(buf[:n:n], text)
	if !bytes.Equal(buf[n:], bytes.Repeat([]byte{0xA5}, 8)) {
		t.Fatalf("decodeBase64(%q) wrote past its buffer", text)
	}
	if err != nil {
		return nil, err
	}
	if m > n {
		t.Fatalf("decodeBase64(%q) = %d bytes, more than its buffer's %d", text, m, n)
	}
	return buf[:m], nil
}

// checkSameDecode fails unless decodeBase64 and stdDecode agree on text:
// both refuse it, or both accept it with the same bytes. A refusal's
// offset must lie within the text, at the offending byte when the error
// is one.
func checkSameDecode(t *testing.T, text []byte) {
	t.Helper()
	want, wantErr := stdDecode(text)
	got, err := ourDecode(t, text)
	switch {
	case (err == nil) != (wantErr == nil):
		t.Fatalf("decode %q: error %v, encoding/base64's %v", text, err, wantErr)
	case err == nil && !bytes.Equal(got, want):
		t.Fatalf("decode %q = %x, encoding/base64's %x", text, got, want)
	case err != nil:
		var be *base64Error
		if !errors.As(err, &be) {
			t.Fatalf("decode %q: error of type %T", text, err)
		}
		if be.Off < 0 || be.Off > len(text) {
			t.Fatalf("decode %q: offset %d outside the text", text, be.Off)
		}
		if strings.HasPrefix(be.What, "illegal byte") {
			c := text[be.Off]
			if strings.IndexByte(base64Alphabet+"= \t\r\n", c) >= 0 {
				t.Fatalf("decode %q: %v, but that byte is %q", text, err, c)
			}
		}
	}
}

func TestBase64Encode(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 200 {
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(r.Uint32())
		}
		prefix := []byte("<value><base64>")
		got := appendBase64(bytes.Clone(prefix), src)
		want := base64.StdEncoding.AppendEncode(bytes.Clone(prefix), src)
		if !bytes.Equal(got, want) {
			t.Fatalf("%d bytes %x: %q, want %q", n, src, got, want)
		}
		if base64Len(n) != base64.StdEncoding.EncodedLen(n) {
			t.Fatalf("base64Len(%d) = %d, want %d", n, base64Len(n), base64.StdEncoding.EncodedLen(n))
		}
	}
}

func TestDecodeBase64(t *testing.T) {
	long := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("0123456789", 20)))
	for _, tc := range []struct {
		name string
		text string
		want string // decoded, when err is ""
		err  string // the error, "" for none
	}{
		{"empty", "", "", ""},
		{"white space only", " \t\r\n", "", ""},
		{"one group", "aGVs", "hel", ""},
		{"one pad", "aGVsbG8=", "hello", ""},
		{"two pads", "aGVsbA==", "hell", ""},
		{"long", long, strings.Repeat("0123456789", 20), ""},
		{"python lines", "\n" + long[:76] + "\n" + long[76:152] + "\n" + long[152:] + "\n", strings.Repeat("0123456789", 20), ""},
		{"CRLF", long[:100] + "\r\n" + long[100:] + "\r\n", strings.Repeat("0123456789", 20), ""},
		{"spaces inside groups", " a G V s b G 8 = ", "hello", ""},
		{"a break between the pads", "aGVsbA=\r\n=", "hell", ""},
		{"unused bits set", "aGVsbG9=", "hello", ""},
		{"unused bits set, two pads", "QR==", "A", ""},
		{"all values", base64Alphabet, string(must(base64.StdEncoding.DecodeString(base64Alphabet))), ""},
		{"missing padding", "aGVsbG8", "", "missing padding: the text ends inside a 4-character group at byte 7"},
		{"one character", "a", "", "missing padding: the text ends inside a 4-character group at byte 1"},
		{"one pad of two", "aGVsbA=", "", "missing padding: a second '=' expected at byte 7"},
		{"pad then data", "aGVsbA=b", "", "missing padding: a second '=' expected at byte 7"},
		{"pad first", "=aGV", "", "misplaced padding '=' at byte 0"},
		{"pad second", "a=GV", "", "misplaced padding '=' at byte 1"},
		{"pad alone", "aGVs=", "", "misplaced padding '=' at byte 4"},
		{"too much padding", "aGVsbG8==", "", "data after the padding at byte 8"},
		{"data after padding", "aGVsbG8=aGVs", "", "data after the padding at byte 8"},
		{"data after padding and space", "aGVsbG8= \n x", "", "data after the padding at byte 11"},
		{"bad byte", "aGVs*bG8=", "", `illegal byte "*" at byte 4`},
		{"bad byte in a long text", long[:150] + "-" + long[151:], "", `illegal byte "-" at byte 150`},
		{"URL alphabet", "AP_-", "", `illegal byte "_" at byte 2`},
		{"control character", "aGVs\x01bG8=", "", `illegal byte "\x01" at byte 4`},
		{"not ASCII", "aGVs\xffbG8=", "", `illegal byte "\xff" at byte 4`},
		{"form feed", "aGVs\fbG8=", "", `illegal byte "\f" at byte 4`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkSameDecode(t, []byte(tc.text))
			got, err := ourDecode(t, []byte(tc.text))
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error %v, want %s", err, tc.err)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Fatalf("%q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestDecodeBase64Layouts decodes the encoding of random data laid out in
// lines of every length up to 80 (LF or CRLF, with or without a leading
// break), so that every alignment of a line break with the decoder's
// blocks is met.
func TestDecodeBase64Layouts(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 3, 11, 12, 13, 57, 100, 301} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		enc := base64.StdEncoding.EncodeToString(data)
		for line := 1; line <= 80; line++ {
			for _, brk := range []string{"\n", "\r\n", " "} {
				var sb strings.Builder
				if line%2 == 0 {
					sb.WriteString(brk)
				}
				for i := 0; i < len(enc); i += line {
					sb.WriteString(enc[i:min(i+line, len(enc))])
					sb.WriteString(brk)
				}
				got, err := ourDecode(t, []byte(sb.String()))
				if err != nil || !bytes.Equal(got, data) {
					t.Fatalf("%d bytes in lines of %d: %x, %v; want %x", n, line, got, err, data)
				}
			}
		}
	}
}

// TestDecodeBase64Random compares the decoder with encoding/base64 on
// longer texts than the fuzzers favour: encodings of up to 600 bytes, with
// runs of white space here and there, some with one byte changed, removed
// or added, so that every position in the decoder's blocks meets them.
func TestDecodeBase64Random(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const spaces, others = " \t\r\n", "=*-_.A/+\x00\x80\xff"
	for range 5000 {
		data := make([]byte, r.IntN(600))
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		enc := base64.StdEncoding.EncodeToString(data)
		var text []byte
		every := 1 + r.IntN(100)
		for i := range len(enc) {
			if r.IntN(every) == 0 {
				for range 1 + r.IntN(3) {
					text = append(text, spaces[r.IntN(len(spaces))])
				}
			}
			text = append(text, enc[i])
		}
		if len(text) > 0 {
			at := r.IntN(len(text))
			switch r.IntN(4) {
			case 0:
				text[at] = others[r.IntN(len(others))]
			case 1:
				text = append(text[:at], text[at+1:]...)
			case 2:
				text = append(text[:at], append([]byte{others[r.IntN(len(others))]}, text[at:]...)...)
			}
		}
		checkSameDecode(t, text)
	}
}

// FuzzBase64 checks the codec against encoding/base64 both ways: data is
// encoded by both, and its encoding, edited as ops says (white space
// inserted, bytes replaced, removed or padded), decoded by both.
func FuzzBase64(f *testing.F) {
	f.Add([]byte("hello"), []byte{})
	f.Add([]byte("hello, world"), []byte{3, 0x10, 7, 0x21})
	f.Add(bytes.Repeat([]byte{0xff, 0, 0x7f}, 40), []byte{76, 0x10, 76, 0x10, 5, 0x32})
	f.Add(bytes.Repeat([]byte("abc"), 100), []byte{0, 0x13, 200, 0x44, 9, 0x25})
	f.Fuzz(func(t *testing.T, data, ops []byte) {
		enc := appendBase64(nil, data)
		if want := base64.StdEncoding.EncodeToString(data); string(enc) != want {
			t.Fatalf("encode %x = %q, want %q", data, enc, want)
		}
		text := bytes.Clone(enc)
		const edits = "\n\r \t=*A_\x00\xff"
		for i := 0; i+1 < len(ops); i += 2 {
			at := int(ops[i]) * len(text) / 256
			c := edits[int(ops[i+1]&0x0f)%len(edits)]
			switch ops[i+1] >> 4 {
			case 0, 1: // insert a byte (mostly white space)
				text = append(text[:at], append([]byte{c}, text[at:]...)...)
			case 2: // replace
				if at < len(text) {
					text[at] = c
				}
			case 3: // remove
				if at < len(text) {
					text = append(text[:at], text[at+1:]...)
				}
			default: // a run of the same byte
				text = append(text[:at], append(bytes.Repeat([]byte{c}, int(ops[i+1]>>4)), text[at:]...)...)
			}
		}
		checkSameDecode(t, text)
	})
}

// FuzzDecodeBase64 checks the decoder against encoding/base64 on any text.
func FuzzDecodeBase64(f *testing.F) {
	for _, s := range []string{"", "aGVsbG8=", "aGVsbA=\n=", "QR==", "a===", "aGVs\nbG8=\n", " = ", "AAAA" + strings.Repeat("\nAAAA", 9)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) { checkSameDecode(t, text) })
}

// BenchmarkBase64Codec measures the codec alone, on the blob workload's
// size, beside encoding/base64.
func BenchmarkBase64Codec(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	data := make([]byte, 1<<20)
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	enc := base64.StdEncoding.EncodeToString(data)
	var lines strings.Builder
	for i := 0; i < len(enc); i += 76 {
		lines.WriteString("\n")
		lines.WriteString(enc[i:min(i+76, len(enc))])
	}
	lines.WriteString("\n")
	out := make([]byte, base64Len(len(data)))
	dst := make([]byte, base64MaxDecoded(len(lines.String())))
	b.Run("encode", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			encodeBase64(out, data)
		}
	})
	b.Run("encode-std", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			base64.StdEncoding.Encode(out, data)
		}
	})
	for _, layout := range []struct{ name, text string }{{"one-line", enc}, {"python-lines", lines.String()}} {
		text := []byte(layout.text)
		b.Run("decode-"+layout.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := decodeBase64(dst, text); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("decode-std-"+layout.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := base64.StdEncoding.Decode(dst, text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
