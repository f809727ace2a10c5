package rpcext

import (
	"fmt"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// socketFile is the socket file a unix listener made: its path, and the
// file it made there (device and inode), so that it is removed at exit
// only while it is still that file. Another host may have replaced a
// socket it found dead, or a second host the file of a first that was
// only slow to answer: their live socket is left alone.
type socketFile struct {
	path string
	made os.FileInfo
	once sync.Once
}

// ours reports whether the file at the path is still the one made.
func (f *socketFile) ours() bool {
	fi, err := os.Lstat(f.path)
	return err == nil && os.SameFile(fi, f.made)
}

// remove removes the socket file while it is ours; once. Safe on nil.
func (f *socketFile) remove() {
	if f == nil {
		return
	}
	f.once.Do(func() {
		if f.ours() {
			os.Remove(f.path)
		}
	})
}

// listenUnix listens on the [unix_http_server] socket, replacing a stale
// socket file, and applies chmod and chown.
//
// The socket is bound inside a fresh private directory (mode 0700) next
// to its path, given its mode and owner there, and only then renamed into
// place: it is never reachable with the permissions the process's umask
// gives a new socket (with umask 0, anyone's). When the private path
// would be too long for a socket address, it is bound in place.
func listenUnix(us *UnixHTTPServer) (net.Listener, *socketFile, error) {
	path := us.File
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode()&os.ModeSocket == 0 {
			return nil, nil, fmt.Errorf("%s exists and is not a socket", path)
		}
		if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
			c.Close()
			return nil, nil, fmt.Errorf("another server is already listening on %s", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, nil, fmt.Errorf("removing the stale socket: %w", err)
		}
	}
	bind := path
	if len(path)+len("/.rpcext-0123456789/s") < maxUnixPath {
		dir, err := os.MkdirTemp(filepath.Dir(path), ".rpcext-")
		if err != nil {
			return nil, nil, err
		}
		defer os.RemoveAll(dir) // empty once the socket is moved out
		bind = filepath.Join(dir, "s")
	}
	ln, err := net.Listen("unix", bind)
	if err != nil {
		return nil, nil, err
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	fail := func(err error) (net.Listener, *socketFile, error) {
		ln.Close()
		os.Remove(bind)
		return nil, nil, err
	}
	if err := setMode(bind, us.Chmod, us.Chown); err != nil {
		return fail(fmt.Errorf("%s: %w", path, err))
	}
	made, err := os.Lstat(bind)
	if err != nil {
		return fail(err)
	}
	if bind != path {
		// rename keeps the inode: made stays the file's identity.
		if err := os.Rename(bind, path); err != nil {
			return fail(fmt.Errorf("moving the socket into place: %w", err))
		}
	}
	return unixListener{ln, &net.UnixAddr{Name: path, Net: "unix"}}, &socketFile{path: path, made: made}, nil
}

// setMode applies [unix_http_server] chmod and chown to the socket file.
func setMode(path string, mode os.FileMode, chown string) error {
	if err := os.Chmod(path, mode); err != nil {
		return fmt.Errorf("chmod: %w", err)
	}
	if chown == "" {
		return nil
	}
	uid, gid, err := lookupOwner(chown)
	if err != nil {
		return err
	}
	if err := os.Chown(path, uid, gid); err != nil {
		return fmt.Errorf("chown: %w", err)
	}
	return nil
}

// maxUnixPath is the longest socket path every Unix accepts (sun_path is
// 104 bytes on BSDs and macOS, 108 on Linux, the NUL included).
const maxUnixPath = 103

// unixListener reports the socket's final path as its address.
type unixListener struct {
	net.Listener
	addr net.Addr
}

func (l unixListener) Addr() net.Addr { return l.addr }

// lookupOwner resolves "user" or "user:group" (names or numbers).
func lookupOwner(spec string) (uid, gid int, err error) {
	name, group, hasGroup := strings.Cut(spec, ":")
	uid, gid = -1, -1
	if uid, err = strconv.Atoi(name); err != nil {
		u, lerr := user.Lookup(name)
		if lerr != nil {
			return 0, 0, fmt.Errorf("invalid chown user %q: %w", name, lerr)
		}
		uid, _ = strconv.Atoi(u.Uid)
	}
	if hasGroup {
		if gid, err = strconv.Atoi(group); err != nil {
			g, lerr := user.LookupGroup(group)
			if lerr != nil {
				return 0, 0, fmt.Errorf("invalid chown group %q: %w", group, lerr)
			}
			gid, _ = strconv.Atoi(g.Gid)
		}
	}
	return uid, gid, nil
}
