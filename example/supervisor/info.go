package supervisor

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/supervisorrpc/rpcinterface/example/procman"
)

// ProcessInfo is getProcessInfo's struct, with supervisord's keys in its
// order.
type ProcessInfo struct {
	Name          string `xmlrpc:"name"`
	Group         string `xmlrpc:"group"`
	Start         int    `xmlrpc:"start"` // unix seconds; 0 if never started
	Stop          int    `xmlrpc:"stop"`  // 0 if never stopped
	Now           int    `xmlrpc:"now"`
	State         int    `xmlrpc:"state"`
	Statename     string `xmlrpc:"statename"`
	Spawnerr      string `xmlrpc:"spawnerr"`
	Exitstatus    int    `xmlrpc:"exitstatus"`
	Logfile       string `xmlrpc:"logfile"` // stdout_logfile's old name
	StdoutLogfile string `xmlrpc:"stdout_logfile"`
	StderrLogfile string `xmlrpc:"stderr_logfile"`
	PID           int    `xmlrpc:"pid"`
	Description   string `xmlrpc:"description"`
}

// processInfo builds getProcessInfo's answer for p at now.
func processInfo(p *procman.Process, now time.Time) ProcessInfo {
	i := p.Info()
	info := ProcessInfo{
		Name:          i.Name,
		Group:         i.Group,
		Start:         unixSeconds(i.Start),
		Stop:          unixSeconds(i.Stop),
		Now:           unixSeconds(now),
		State:         int(i.State),
		Statename:     i.State.String(),
		Spawnerr:      i.SpawnErr,
		Exitstatus:    i.ExitStatus,
		Logfile:       i.StdoutLogfile,
		StdoutLogfile: i.StdoutLogfile,
		StderrLogfile: i.StderrLogfile,
		PID:           i.PID,
	}
	info.Description = describe(info)
	return info
}

// unixSeconds is supervisord's capped_int(time): whole seconds, clamped to
// 32 bits as XML-RPC's <int>, 0 for never.
func unixSeconds(t time.Time) int {
	if t.IsZero() {
		return 0
	}
	return int(min(max(t.Unix(), math.MinInt32), math.MaxInt32))
}

// describe is supervisord's _interpretProcessInfo: the description
// supervisorctl status shows.
func describe(i ProcessInfo) string {
	switch procman.State(i.State) {
	case procman.Running:
		return fmt.Sprintf("pid %d, uptime %s", i.PID, timedelta(max(i.Now-i.Start, 0)))
	case procman.Fatal, procman.Backoff:
		if i.Spawnerr != "" {
			return i.Spawnerr
		}
		return fmt.Sprintf("unknown error (try \"tail %s\")", i.Name)
	case procman.Stopped, procman.Exited:
		if i.Start != 0 {
			return time.Unix(int64(i.Stop), 0).Local().Format("Jan 02 03:04 PM")
		}
		return "Not started"
	}
	return ""
}

// timedelta formats seconds as Python's str(timedelta): "0:00:05",
// "1 day, 2:03:04", "3 days, 0:00:00".
func timedelta(seconds int) string {
	days, rest := seconds/86400, seconds%86400
	hms := fmt.Sprintf("%d:%02d:%02d", rest/3600, rest%3600/60, rest%60)
	switch days {
	case 0:
		return hms
	case 1:
		return "1 day, " + hms
	}
	return fmt.Sprintf("%d days, %s", days, hms)
}

// GetProcessInfo returns the info struct of one process ("name" or
// "group:name"; a whole group is BAD_NAME).
func (s *Supervisor) GetProcessInfo(name string) (ProcessInfo, error) {
	if err := s.update(); err != nil {
		return ProcessInfo{}, err
	}
	p, err := s.process(name)
	if err != nil {
		return ProcessInfo{}, err
	}
	return processInfo(p, time.Now()), nil
}

// GetAllProcessInfo returns every process's info struct, groups and their
// processes sorted by name.
func (s *Supervisor) GetAllProcessInfo() ([]ProcessInfo, error) {
	if err := s.update(); err != nil {
		return nil, err
	}
	now := time.Now()
	infos := []ProcessInfo{}
	for _, p := range s.lexical() {
		infos = append(infos, processInfo(p, now))
	}
	return infos, nil
}

// ConfigInfo is getAllConfigInfo's struct, with supervisord's keys in its
// order. Strings stand for supervisord's None ("none").
type ConfigInfo struct {
	Autostart             bool   `xmlrpc:"autostart"`
	Directory             string `xmlrpc:"directory"`
	UID                   string `xmlrpc:"uid"`
	Command               string `xmlrpc:"command"`
	Exitcodes             []int  `xmlrpc:"exitcodes"`
	Group                 string `xmlrpc:"group"`
	GroupPrio             int    `xmlrpc:"group_prio"`
	Inuse                 bool   `xmlrpc:"inuse"`
	Killasgroup           bool   `xmlrpc:"killasgroup"`
	Name                  string `xmlrpc:"name"`
	ProcessPrio           int    `xmlrpc:"process_prio"`
	RedirectStderr        bool   `xmlrpc:"redirect_stderr"`
	Startretries          int    `xmlrpc:"startretries"`
	Startsecs             int    `xmlrpc:"startsecs"`
	StdoutCaptureMaxbytes int    `xmlrpc:"stdout_capture_maxbytes"`
	StdoutEventsEnabled   bool   `xmlrpc:"stdout_events_enabled"`
	StdoutLogfile         string `xmlrpc:"stdout_logfile"`
	StdoutLogfileBackups  int    `xmlrpc:"stdout_logfile_backups"`
	StdoutLogfileMaxbytes int64  `xmlrpc:"stdout_logfile_maxbytes"`
	StdoutSyslog          bool   `xmlrpc:"stdout_syslog"`
	Stopsignal            int    `xmlrpc:"stopsignal"`
	Stopwaitsecs          int    `xmlrpc:"stopwaitsecs"`
	StderrCaptureMaxbytes int    `xmlrpc:"stderr_capture_maxbytes"`
	StderrEventsEnabled   bool   `xmlrpc:"stderr_events_enabled"`
	StderrLogfile         string `xmlrpc:"stderr_logfile"`
	StderrLogfileBackups  int    `xmlrpc:"stderr_logfile_backups"`
	StderrLogfileMaxbytes int64  `xmlrpc:"stderr_logfile_maxbytes"`
	StderrSyslog          bool   `xmlrpc:"stderr_syslog"`
	Serverurl             string `xmlrpc:"serverurl"`
}

// GetAllConfigInfo returns the configuration of every process of the
// config file as last read (what supervisorctl avail shows), sorted by
// process name: inuse says whether its group runs. As in supervisord, a
// running group's logs show the paths its AUTO logs were given and the
// processes twiddler added to it, until reloadConfig reads the file
// again; a group that does not run shows "auto".
func (s *Supervisor) GetAllConfigInfo() ([]ConfigInfo, error) {
	if err := s.update(); err != nil {
		return nil, err
	}
	infos := []ConfigInfo{}
	for _, g := range s.host.Manager().Configured() {
		for _, c := range g.Processes {
			exitcodes := c.ExitCodes
			if exitcodes == nil {
				exitcodes = []int{0}
			}
			stopsignal := c.StopSignal
			if stopsignal == 0 {
				stopsignal = 15
			}
			infos = append(infos, ConfigInfo{
				Autostart:             c.Autostart,
				Directory:             orNone(c.Directory),
				UID:                   "none",
				Command:               c.Command,
				Exitcodes:             exitcodes,
				Group:                 g.Name,
				GroupPrio:             g.Priority,
				Inuse:                 g.InUse,
				Killasgroup:           c.KillAsGroup,
				Name:                  c.Name,
				ProcessPrio:           c.Priority,
				RedirectStderr:        c.RedirectStderr,
				Startretries:          c.StartRetries,
				Startsecs:             int(c.StartSecs / time.Second),
				StdoutLogfile:         logName(c.StdoutLogfile),
				StdoutLogfileBackups:  c.StdoutLogfileBackups,
				StdoutLogfileMaxbytes: c.StdoutLogfileMaxBytes,
				Stopsignal:            int(stopsignal),
				Stopwaitsecs:          int(c.StopWait / time.Second),
				StderrLogfile:         logName(c.StderrLogfile),
				StderrLogfileBackups:  c.StderrLogfileBackups,
				StderrLogfileMaxbytes: c.StderrLogfileMaxBytes,
				Serverurl:             "none",
			})
		}
	}
	slices.SortStableFunc(infos, func(a, b ConfigInfo) int { return cmp.Compare(a.Name, b.Name) })
	return infos, nil
}

// logName is how getAllConfigInfo shows a log file setting: its path,
// "auto" for AUTO, "none" for none.
func logName(s string) string {
	if s == procman.Auto {
		return "auto"
	}
	return orNone(s)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
