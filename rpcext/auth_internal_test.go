package rpcext

import (
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"testing"
)

// TestAuthSameComparisonsEveryOutcome: whatever is wrong with the
// credentials (unknown user, wrong password, both, empty, longer or
// shorter than the real ones), check makes the same constant-time
// comparisons, of the same lengths, as for the right credentials, so
// which part was wrong cannot show in the timing. (The assertion is
// structural: it counts comparisons rather than timing them.)
func TestAuthSameComparisonsEveryOutcome(t *testing.T) {
	for _, password := range []string{"s3cret", fmt.Sprintf("{SHA}%x", sha1.Sum([]byte("s3cret")))} {
		a, err := newBasicAuth("admin", password)
		if err != nil {
			t.Fatal(err)
		}
		var calls []string
		a.compare = func(x, y []byte) int {
			calls = append(calls, fmt.Sprintf("%d/%d", len(x), len(y)))
			return subtle.ConstantTimeCompare(x, y)
		}
		creds := []struct {
			name, user, pass string
			want             authResult
		}{
			{"right", "admin", "s3cret", authOK},
			{"unknown user", "root", "s3cret", authWrong},
			{"wrong password", "admin", "secret", authWrong},
			{"both wrong", "root", "x", authWrong},
			{"empty", "", "", authWrong},
			{"long", "admin-but-much-longer", "s3cret-but-much-longer", authWrong},
			{"prefix", "adm", "s3c", authWrong},
		}
		var want []string
		for i, c := range creds {
			calls = nil
			header := "Basic " + base64.StdEncoding.EncodeToString([]byte(c.user+":"+c.pass))
			if got, user := a.check(header); got != c.want || user != c.user {
				t.Fatalf("%s: %v %q, want %v %q", c.name, got, user, c.want, c.user)
			}
			if i == 0 {
				want = calls
				if len(want) != 2 || want[0] != "20/20" || want[1] != "20/20" {
					t.Fatalf("right credentials: comparisons %v, want two of SHA-1 sums", want)
				}
				continue
			}
			if fmt.Sprint(calls) != fmt.Sprint(want) {
				t.Errorf("%s (%s): comparisons %v, want %v as for the right credentials", c.name, password, calls, want)
			}
		}
	}
}

// TestAuthUndecodableIsNoCredentials: Basic credentials that are not
// base64, or whose user-pass is not UTF-8, are treated as missing, so the
// client is challenged again (RFC 7235), never answered 400.
func TestAuthUndecodableIsNoCredentials(t *testing.T) {
	a, err := newBasicAuth("admin", "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	for name, header := range map[string]string{
		"not base64":      "Basic s3cret!",
		"truncated":       "Basic YWRtaW46czNjcmV",
		"latin-1":         "Basic " + base64.StdEncoding.EncodeToString([]byte("admin:s3cr\xe9t")),
		"invalid utf-8":   "Basic " + base64.StdEncoding.EncodeToString([]byte("\xff\xfe:\xff")),
		"scheme only":     "Basic",
		"another scheme":  "Bearer abc",
		"empty header":    "",
		"no colon, valid": "Basic " + base64.StdEncoding.EncodeToString([]byte("admin")),
	} {
		if got, _ := a.check(header); got == authOK {
			t.Errorf("%s: %q accepted", name, header)
		}
	}
}
