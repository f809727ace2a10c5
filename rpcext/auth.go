package rpcext

import (
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode/utf8"
)

// basicAuth checks HTTP Basic credentials against one username and a
// password given plain or as "{SHA}" and the hex SHA-1 of the password,
// as [inet_http_server] and [unix_http_server] sections give them.
type basicAuth struct {
	userHash [sha1.Size]byte // SHA-1 of the username
	passHash [sha1.Size]byte // SHA-1 of the password

	// compare is subtle.ConstantTimeCompare; tests count its calls to
	// check that every outcome makes the same comparisons.
	compare func(x, y []byte) int
}

func newBasicAuth(username, password string) (*basicAuth, error) {
	a := &basicAuth{userHash: sha1.Sum([]byte(username)), compare: subtle.ConstantTimeCompare}
	if hexHash, ok := strings.CutPrefix(password, "{SHA}"); ok {
		b, err := hex.DecodeString(strings.ToLower(hexHash))
		if err != nil || len(b) != sha1.Size {
			return nil, errBadSHAPassword
		}
		copy(a.passHash[:], b)
		return a, nil
	}
	a.passHash = sha1.Sum([]byte(password))
	return a, nil
}

type authError string

func (e authError) Error() string { return string(e) }

const errBadSHAPassword = authError(`password "{SHA}..." must be followed by the 40 hex digits of a SHA-1 hash`)

// authResult is the outcome of checking a request's credentials.
type authResult int

const (
	authOK        authResult = iota
	authMissing              // no credentials: 401 with the challenge
	authMalformed            // credentials that do not decode: 401 with the challenge
	authWrong                // wrong username or password: 401
)

func (r authResult) String() string {
	switch r {
	case authOK:
		return "ok"
	case authMissing:
		return "no credentials"
	case authMalformed:
		return "undecodable credentials"
	}
	return "wrong username or password"
}

// check examines an Authorization header value, and returns the user name
// it holds (for the log; the password is never returned). Both the
// username and the password are always compared, as fixed-length hashes
// in constant time, so neither the lengths nor which one was wrong shows
// in the timing.
//
// Credentials that are not valid base64, or whose user-pass is not UTF-8
// (RFC 7617's charset), are no credentials: the client is challenged
// again with 401 (RFC 7235), where supervisord answers 400.
func (a *basicAuth) check(header string) (authResult, string) {
	if header == "" {
		return authMissing, ""
	}
	scheme, cred, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "basic") {
		return authMalformed, ""
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred))
	if err != nil || !utf8.Valid(raw) {
		return authMalformed, ""
	}
	user, pass, _ := strings.Cut(string(raw), ":")
	u := sha1.Sum([]byte(user))
	p := sha1.Sum([]byte(pass))
	userOK := a.compare(u[:], a.userHash[:])
	passOK := a.compare(p[:], a.passHash[:])
	if userOK&passOK == 1 {
		return authOK, user
	}
	return authWrong, user
}
