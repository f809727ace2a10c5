package procman

import (
	"io"
	"os"
)

// ReadFile reads the file at path as supervisord's readFile does for
// readLog and readProcessStdoutLog: with offset >= 0, length bytes from
// offset (all the rest when length is 0; nothing past the end); with
// offset < 0, the last -offset bytes (length must then be 0). A negative
// length, or a length with a negative offset, is ErrBadArguments.
func ReadFile(path string, offset, length int64) ([]byte, error) {
	if offset < 0 && length != 0 || offset >= 0 && length < 0 {
		return nil, ErrBadArguments
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if offset < 0 {
		size, err := f.Seek(0, io.SeekEnd)
		if err != nil {
			return nil, err
		}
		if _, err := f.Seek(max(0, size+offset), io.SeekStart); err != nil {
			return nil, err
		}
		r = io.LimitReader(f, -offset)
	} else {
		if _, err := f.Seek(offset, io.SeekStart); err != nil {
			return nil, err
		}
		if length > 0 {
			r = io.LimitReader(f, length)
		}
	}
	return io.ReadAll(r)
}

// TailFile reads the file at path as supervisord's tailFile does for
// tailProcessStdoutLog: up to length bytes from offset; when the file has
// grown beyond offset+length, the last length bytes instead, with overflow
// set. next is the file's size, the offset to ask for next time.
func TailFile(path string, offset, length int64) (data []byte, next int64, overflow bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, false, err
	}
	defer f.Close()
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, 0, false, err
	}
	if size > offset+length {
		overflow = true
		offset = size - 1
	}
	if offset+length > size {
		if offset > size-1 {
			length = 0
		}
		offset = size - length
	}
	offset = max(offset, 0)
	length = max(length, 0)
	if length == 0 {
		return nil, size, overflow, nil
	}
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return nil, 0, false, err
	}
	data, err = io.ReadAll(io.LimitReader(f, length))
	return data, size, overflow, err
}
