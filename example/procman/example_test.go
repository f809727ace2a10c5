package procman_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/supervisorrpc/rpcinterface/example/procman"
)

// A Manager running one program: started with the others by Autostart,
// then stopped and started again, as supervisorctl stop and start do.
func Example() {
	dir, err := os.MkdirTemp("", "procman-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	m := procman.New(procman.WithChildLogDir(dir)) // AUTO logs go there
	defer m.Close()
	pc := procman.NewProcessConfig("web", "sleep 1000")
	pc.StartSecs = 0 // RUNNING as soon as it is spawned
	if _, err := m.AddGroup(procman.GroupConfig{Name: "web", Processes: []procman.ProcessConfig{pc}}); err != nil {
		log.Fatal(err)
	}
	m.Autostart()
	p := m.Group("web").Process("web")
	fmt.Println(p.Info().State)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := p.Stop(ctx); err != nil { // SIGTERM, SIGKILL after stopwaitsecs
		log.Fatal(err)
	}
	fmt.Println(p.Info().State, p.Info().ExitStatus)
	if err := p.Start(ctx); err != nil { // waits for startsecs
		log.Fatal(err)
	}
	fmt.Println(p.Info().State)

	if err := m.Shutdown(ctx); err != nil { // stops everything, as supervisord exits
		log.Fatal(err)
	}
	fmt.Println(p.Info().State)
	// Output:
	// RUNNING
	// STOPPED -1
	// RUNNING
	// STOPPED
}
