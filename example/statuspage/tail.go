package statuspage

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// tailView is what tail.html renders.
type tailView struct {
	chrome
	Name       string
	Channel    string // stdout or stderr
	Limit      int
	Tail       string // the log's end, or why there is none
	StreamURL  string // where the page follows the log live; "" when it cannot
	RefreshURL string
	OtherURL   string // the other channel's view
	Other      string
}

// tailBytes is how much of a log the view starts with (supervisord's
// TailView reads at least 1024 bytes).
const tailBytes = 1024

// serveTail shows the end of a process's log, as supervisord's TailView
// does, and the page's script follows it live from the host's logtail
// stream.
func (p *Page) serveTail(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := tailView{chrome: p.chrome(), Name: q.Get("processname"), Channel: "stdout", Limit: tailBytes}
	if q.Get("channel") == "stderr" {
		v.Channel = "stderr"
	}
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n > tailBytes {
		v.Limit = n
	}
	if v.Name == "" {
		v.Tail = "No process name found"
		p.render(w, r, http.StatusOK, tailTemplate, v)
		return
	}
	read := p.sup.ReadProcessStdoutLog
	v.Other = "stderr"
	if v.Channel == "stderr" {
		read, v.Other = p.sup.ReadProcessStderrLog, "stdout"
	}
	tail, err := read(v.Name, -v.Limit, 0)
	var f *rpcext.Fault
	switch {
	case err == nil:
		v.Tail = tail
		v.StreamURL = p.logtail + url.PathEscape(v.Name) + "/" + v.Channel
	case errors.As(err, &f) && f.Code == rpcext.CodeNoFile:
		v.Tail = "No file for " + v.Name
	default:
		v.Tail = "ERROR: " + unexpected(err)
	}
	v.RefreshURL = "tail.html?" + url.Values{"processname": {v.Name}, "channel": {v.Channel}, "limit": {strconv.Itoa(v.Limit)}}.Encode()
	v.OtherURL = "tail.html?" + url.Values{"processname": {v.Name}, "channel": {v.Other}}.Encode()
	p.render(w, r, http.StatusOK, tailTemplate, v)
}
