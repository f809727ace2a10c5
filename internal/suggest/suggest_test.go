package suggest

import (
	"slices"
	"testing"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"retriez", "retries", 1},
		{"max_job", "max_jobs", 1}, {"kitten", "sitting", 3}, {"ünï", "uni", 2}, {"ab", "ba", 1},
		{"retires", "retries", 1}, {"ca", "abc", 3},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	factories := []string{
		"my.package:make_another_rpcinterface",
		"conformance_plugin:make_echo_rpcinterface",
		"supervisor.rpcinterface:make_main_rpcinterface",
		"supervisor_twiddler.rpcinterface:make_twiddler_rpcinterface",
		"supervisor_cache.rpcinterface:make_cache_rpcinterface",
	}
	tests := []struct {
		name       string
		candidates []string
		limit      int
		want       []string
	}{
		{"retriez", []string{"retries", "timeout", "retry_delay"}, 3, []string{"retries"}},
		{"max_job", []string{"max_jobs", "min_jobs"}, 3, []string{"max_jobs"}},
		{"retires", []string{"retries", "timeout"}, 3, []string{"retries"}},
		{"timout", []string{"retries", "timeout", "timeouts"}, 3, []string{"timeout"}},
		{"timeout_", []string{"timeout", "timeouts"}, 3, []string{"timeout", "timeouts"}},
		{"timout", []string{"retries", "timeout", "timeouts"}, 1, []string{"timeout"}},
		{"colour", []string{"retries", "timeout"}, 3, []string{}},
		{"a", []string{"b", "ab"}, 3, []string{}},
		{"x", []string{"y"}, 3, []string{}},
		{"retries", []string{"retries"}, 3, []string{}},
		// a typo in the module part
		{"my.pakage:make_another_rpcinterface", factories, 3, []string{"my.package:make_another_rpcinterface"}},
		// a forgotten tail
		{"conformance_plugin:make_echo", factories, 3, []string{"conformance_plugin:make_echo_rpcinterface"}},
		// a missing word
		{"supervisor.rpcinterface:make_rpcinterface", factories, 3, []string{"supervisor.rpcinterface:make_main_rpcinterface"}},
		{"nope:make", factories, 3, []string{}},
	}
	for _, tt := range tests {
		if got := Closest(tt.name, tt.candidates, tt.limit); !slices.Equal(got, tt.want) {
			t.Errorf("Closest(%q, %q, %d) = %q, want %q", tt.name, tt.candidates, tt.limit, got, tt.want)
		}
	}
}
