package config

import (
	"errors"
	"slices"
	"sync"
	"testing"
)

// factoryLike receives options by value, as a factory does.
func factoryLike(o Options, read func(Options)) { read(o) }

func TestUnread(t *testing.T) {
	body := "retries = 1\nmax_jobs = 2\nverbose = yes\n"
	tests := []struct {
		name string
		read func(Options)
		want []string
	}{
		{"nothing read", func(Options) {}, []string{"retries", "max_jobs", "verbose"}},
		{"getters", func(o Options) { o.Int("RETRIES", 0); o.Bool("verbose", false) }, []string{"max_jobs"}},
		{"absent keys do not count", func(o Options) { o.Int("max_job", 0) }, []string{"retries", "max_jobs", "verbose"}},
		{"Lookup and String", func(o Options) { o.Lookup("retries"); o.String("max_jobs", "") }, []string{"verbose"}},
		{"Keys and Len read nothing", func(o Options) { o.Keys(); o.Len() }, []string{"retries", "max_jobs", "verbose"}},
		{"Map takes all", func(o Options) { o.Map() }, nil},
		{"AcceptAny", func(o Options) { o.AcceptAny() }, nil},
		{"Decode reads its fields", func(o Options) {
			var v struct {
				Retries int
				MaxJobs int `ini:"max_jobs"`
			}
			o.Decode(&v)
		}, []string{"verbose"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := testOptions(t, body)
			factoryLike(o, tt.read)
			if got := o.Unread(); !slices.Equal(got, tt.want) {
				t.Errorf("Unread() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCloneStartsAfresh(t *testing.T) {
	o := testOptions(t, "retries = 1\n")
	o.Map()
	c := o.Clone()
	if got := c.Unread(); !slices.Equal(got, []string{"retries"}) {
		t.Errorf("clone's Unread() = %q, want the key unread", got)
	}
	if got := o.Unread(); got != nil {
		t.Errorf("original's Unread() = %q after Clone, want its own record kept", got)
	}
	if v, _ := c.Lookup("retries"); v != "1" {
		t.Errorf("clone lost the value: %q", v)
	}
	var zero Options
	if zero.Unread() != nil || zero.CheckRead() != nil || zero.Clone().CheckRead() != nil {
		t.Error("the zero Options report unread keys")
	}
}

func TestCheckRead(t *testing.T) {
	tests := []struct {
		name, body string
		read       func(Options)
		want       string
	}{
		{"all read", "retries = 1\n", func(o Options) { o.Int("retries", 0) }, ""},
		{"near key", "retriez = 1\n", func(o Options) { o.Int("retries", 0) },
			"t.conf:3: [rpcinterface:t] retriez: unknown option (did you mean retries?)"},
		{"swapped letters", "max_jbos = 3\n", func(o Options) { o.Int("max_jobs", 0); o.Int("retries", 0) },
			"t.conf:3: [rpcinterface:t] max_jbos: unknown option (did you mean max_jobs?)"},
		{"nothing near", "colour = red\n", func(o Options) { o.Int("retries", 0); o.Bool("verbose", false) },
			"t.conf:3: [rpcinterface:t] colour: unknown option (the factory reads retries, verbose)"},
		{"factory reads nothing", "retries = 1\n", func(Options) {},
			"t.conf:3: [rpcinterface:t] retries: unknown option (the factory reads no options)"},
		{"two keys", "retriez = 1\nmax_job = 2\n", func(o Options) { o.Int("retries", 0); o.Int("max_jobs", 0) },
			"t.conf:3: [rpcinterface:t] retriez: unknown option (did you mean retries?)\n" +
				"t.conf:4: [rpcinterface:t] max_job: unknown option (did you mean max_jobs?)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := testOptions(t, tt.body)
			factoryLike(o, tt.read)
			err := o.CheckRead()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("CheckRead() = %v", err)
				}
				return
			}
			var ce *Error
			if err == nil || err.Error() != tt.want || !errors.As(err, &ce) || ce.Line != 3 || !errors.Is(err, ErrUnknownOption) {
				t.Errorf("CheckRead()\n got %v\nwant %s", err, tt.want)
			}
		})
	}
}

// TestReadsConcurrently: options stay safe for concurrent use (run with
// -race).
func TestReadsConcurrently(t *testing.T) {
	o := testOptions(t, "a = 1\nb = 2\n")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o.Int("a", 0)
			o.Unread()
			o.String("b", "")
		}()
	}
	wg.Wait()
	if err := o.CheckRead(); err != nil {
		t.Fatal(err)
	}
}
