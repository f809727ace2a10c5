package statuspage

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/supervisorrpc/rpcinterface/example/procman"
)

// statusView is what status.html renders.
type statusView struct {
	chrome
	Message string
	Failed  bool   // the message reports a failure
	Token   string // the CSRF token of the forms
	Rows    []row
	Problem string // the processes could not be read
}

// row is one process, as supervisord's StatusView shows it.
type row struct {
	Namespec    string
	State       string // lower-case state name: "running"
	Class       string // running, error or nominal (supervisord's css_class_for_state)
	Description string
	CanStart    bool // STOPPED, EXITED, FATAL: Start
	CanStop     bool // RUNNING: Restart and Stop
	TailURL     string
	TailErrURL  string
}

// serveStatus shows the process table. ?action=refresh says when the page
// was refreshed, as supervisord's Refresh button does; any other action
// in a GET is refused (400) and nothing is done.
func (p *Page) serveStatus(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := statusView{chrome: p.chrome(), Token: p.token(p.session(w, r)), Message: p.message(q)}
	status := http.StatusOK
	switch action := q.Get("action"); action {
	case "":
	case actionRefresh:
		v.Message = "Page refreshed at " + p.ctime()
	default:
		status = http.StatusBadRequest
		v.Message = "ERROR: nothing was done: " + action + " is sent by this page's buttons, not by a link"
	}
	v.Failed = strings.HasPrefix(v.Message, "ERROR") || strings.HasPrefix(v.Message, "unexpected") || strings.HasPrefix(v.Message, "No such")
	infos, err := p.sup.GetAllProcessInfo()
	if err != nil {
		v.Problem = unexpected(err)
	}
	for _, i := range infos {
		name := namespec(i.Group, i.Name)
		state := procman.State(i.State)
		v.Rows = append(v.Rows, row{
			Namespec:    name,
			State:       strings.ToLower(i.Statename),
			Class:       stateClass(state),
			Description: i.Description,
			CanStart:    state == procman.Stopped || state == procman.Exited || state == procman.Fatal,
			CanStop:     state == procman.Running,
			TailURL:     "tail.html?" + url.Values{"processname": {name}}.Encode(),
			TailErrURL:  "tail.html?" + url.Values{"processname": {name}, "channel": {"stderr"}}.Encode(),
		})
	}
	p.render(w, r, status, statusTemplate, v)
}

// stateClass is supervisord's css_class_for_state.
func stateClass(s procman.State) string {
	switch s {
	case procman.Running:
		return "running"
	case procman.Fatal, procman.Backoff:
		return "error"
	}
	return "nominal"
}
