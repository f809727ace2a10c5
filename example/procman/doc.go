// Package procman is a small process manager with supervisord's process
// model: programs from [program:x] sections become processes in groups,
// each child runs in its own process group with its stdout and stderr
// written to log files, and every process moves through supervisord's
// states (STOPPED, STARTING, RUNNING, BACKOFF, STOPPING, EXITED, FATAL,
// UNKNOWN) by supervisord 4.2.5's rules:
//
//   - A started process is STARTING until it has stayed up for startsecs,
//     then RUNNING. Exiting sooner puts it in BACKOFF; it is retried after
//     1, 2, 3... seconds, and after startretries failed retries it is FATAL.
//   - A RUNNING process that exits is EXITED; autorestart decides whether it
//     is started again (always, never, or when the exit code is not one of
//     exitcodes).
//   - Stopping sends stopsignal, then SIGKILL every stopwaitsecs until the
//     child is gone; the process is then STOPPED.
//   - Every child is reaped by a goroutine waiting on it, so none is left a
//     zombie.
//
// A host builds a Manager, adds the groups read by GroupsFromConfig (or
// built in Go), calls Autostart, and on the way out calls Shutdown, which
// stops every process the way supervisord does when it exits. Groups can
// change while the Manager runs: AddProcesses adds processes to a group
// (ProcessesFromOptions reads them from option values, as
// supervisor_twiddler's addProgramToGroup does) and RemoveProcess removes
// a stopped one. A host that reads its config file again hands the groups
// to SetGroupConfigs; Diff then says which groups were added, changed or
// removed, and AddConfiguredGroup and RemoveGroup apply that, as
// supervisord's reloadConfig, addProcessGroup and removeProcessGroup do.
// The Manager, its Groups and its Processes are safe for concurrent use;
// the supervisor namespace (package example/supervisor) and the twiddler
// namespace (package example/twiddler) are thin layers over them.
//
// Each child gets a pipe as stdin (SendStdin writes to it) and pipes for
// stdout and stderr, copied to log files that rotate as supervisord's do
// (stdout_logfile_maxbytes, stdout_logfile_backups: file.1 ... file.N)
// and that are open while the child runs: ClearLogs and ReopenLogs (on
// SIGUSR2) act on those, as supervisord's do.
//
// # Differences from supervisord
//
//   - The stop signal and the final SIGKILL go to the child's whole process
//     group by default (stopasgroup and killasgroup default to true), so
//     that children a program forks are stopped with it. Set
//     stopasgroup=false to signal the child alone, as supervisord does by
//     default. Signal (supervisorctl signal) always signals the child alone,
//     as supervisord does.
//   - There is no capture mode, no syslog and no events; a channel
//     without a log file (stdout_logfile=NONE) is not read at all, so it
//     is not copied to the main log at loglevel debug either.
//   - SendStdin keeps at most MaxStdinBuffer bytes a child has not read
//     (supervisord keeps any amount).
//   - Output a child's own children write after it exited is read for a
//     short grace period only, then their pipe is closed, as supervisord
//     closes it when it reaps the child.
//   - Options not listed in GroupsFromConfig are ignored, except user=,
//     which is refused rather than silently running the program as the
//     host's user.
package procman
