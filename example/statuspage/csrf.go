package statuspage

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// A POSTed action must come from this page, in this browser: its form
// carries a token that is the HMAC (under a key made at start-up) of a
// random value the browser holds in a SameSite=Strict, HttpOnly cookie.
// Another site can neither read the token nor make the browser send the
// cookie, and the browser's own cross-origin headers (Sec-Fetch-Site,
// Origin) are checked first.

// csrfCookie is the cookie holding the browser's random value.
const csrfCookie = "statuspage_csrf"

// csrfField is the form field holding the token.
const csrfField = "csrf"

var (
	errNoSession = errors.New("the browser sent no session cookie (are cookies off?)")
	errBadToken  = errors.New("the form's token does not match this browser's session")
)

// session returns the browser's random value, setting a new cookie when
// it has none (or one this page did not make).
func (p *Page) session(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && validSession(c.Value) {
		return c.Value
	}
	var b [32]byte
	rand.Read(b[:])
	v := base64.RawURLEncoding.EncodeToString(b[:])
	http.SetCookie(w, &http.Cookie{
		Name: csrfCookie, Value: v, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil,
	})
	return v
}

func validSession(v string) bool {
	b, err := base64.RawURLEncoding.DecodeString(v)
	return err == nil && len(b) == 32
}

// mac returns the HMAC of what under the page's key, for purpose.
func (p *Page) mac(purpose, what string) string {
	m := hmac.New(sha256.New, p.key[:])
	m.Write([]byte(purpose))
	m.Write([]byte{0})
	m.Write([]byte(what))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// token is the form token for a session.
func (p *Page) token(session string) string { return p.mac("csrf", session) }

// checkPost verifies that a POST comes from the page in the browser that
// loaded it. r.PostForm must be parsed.
func (p *Page) checkPost(r *http.Request) error {
	if err := p.origins.Check(r); err != nil {
		return fmt.Errorf("cross-origin request refused: %w", err)
	}
	c, err := r.Cookie(csrfCookie)
	if err != nil || !validSession(c.Value) {
		return errNoSession
	}
	if !hmac.Equal([]byte(r.PostForm.Get(csrfField)), []byte(p.token(c.Value))) {
		return errBadToken
	}
	return nil
}

// messageURL is where an action sends the browser: the page, showing
// msg. The message is signed, so that a link from elsewhere cannot make
// the page show words of its author's choosing.
func (p *Page) messageURL(msg string) string {
	return "index.html?" + url.Values{"message": {msg}, "sig": {p.mac("message", msg)}}.Encode()
}

// message returns the signed message of a query, or "".
func (p *Page) message(q url.Values) string {
	msg := q.Get("message")
	if msg == "" || !hmac.Equal([]byte(q.Get("sig")), []byte(p.mac("message", msg))) {
		return ""
	}
	return msg
}
