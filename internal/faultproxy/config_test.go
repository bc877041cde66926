package faultproxy

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestConfigValidation(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr string // empty: valid
	}{
		{"zero config", Config{}, ""},
		{"all exclusive faults summing to one", Config{
			Status: StatusFault{Rate: 0.25}, HalfOpen: HalfOpenFault{Rate: 0.25},
			Reset: ByteFault{Rate: 0.25, Max: 10}, Cut: ByteFault{Rate: 0.25, Min: 3, Max: 3},
			Drip: DripFault{Rate: 1, Interval: time.Millisecond},
		}, ""},
		{"rate above one", Config{Reset: ByteFault{Rate: 1.5}}, "Reset.Rate"},
		{"negative rate", Config{Status: StatusFault{Rate: -0.1}}, "Status.Rate"},
		{"NaN rate", Config{HalfOpen: HalfOpenFault{Rate: math.NaN()}}, "HalfOpen.Rate"},
		{"exclusive rates above one", Config{Status: StatusFault{Rate: 0.6}, Cut: ByteFault{Rate: 0.6}}, "add up"},
		{"not an HTTP status", Config{Status: StatusFault{Rate: 1, Code: 42}}, "Status.Code"},
		{"negative Retry-After", Config{Status: StatusFault{Rate: 1, RetryAfter: -1}}, "RetryAfter"},
		{"Min above Max", Config{Cut: ByteFault{Rate: 1, Min: 5, Max: 4}}, "Cut needs"},
		{"negative Min", Config{Reset: ByteFault{Min: -1, Max: 4}}, "Reset needs"},
		{"drip without interval", Config{Drip: DripFault{Rate: 0.5}}, "Interval"},
		{"frame and rune cuts push the sum above one", Config{Reset: ByteFault{Rate: 0.5}, FrameCut: ByteFault{Rate: 0.3}, RuneCut: ByteFault{Rate: 0.3}}, "add up"},
		{"rune cut Min above Max", Config{RuneCut: ByteFault{Rate: 1, Min: 2, Max: 1}}, "RuneCut needs"},
		{"negative drip window", Config{Drip: DripFault{Rate: 1, Interval: time.Millisecond, Bytes: -1}}, "Drip.Bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.validate()
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error = %v, want one mentioning %q", err, tc.wantErr)
			}
		})
	}
}

func TestDecideIsSeededAndFollowsRates(t *testing.T) {
	cfg := Config{
		Status:   StatusFault{Rate: 0.1, Code: 429, RetryAfter: 3},
		HalfOpen: HalfOpenFault{Rate: 0.2},
		Reset:    ByteFault{Rate: 0.3, Min: 10, Max: 20},
		Cut:      ByteFault{Rate: 0.1, Min: 0, Max: 5},
		Drip:     DripFault{Rate: 0.5, Interval: time.Millisecond},
	}
	const draws = 20000
	run := func(seed uint64) []plan {
		rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
		plans := make([]plan, draws)
		for i := range plans {
			plans[i] = decide(rng, cfg)
		}
		return plans
	}
	a, b, other := run(7), run(7), run(8)

	counts := map[kind]int{}
	drips, differ := 0, 0
	for i, p := range a {
		if p != b[i] {
			t.Fatalf("draw %d differs between two runs with the same seed: %+v vs %+v", i, p, b[i])
		}
		if p != other[i] {
			differ++
		}
		counts[p.kind]++
		if p.drip {
			drips++
		}
		switch p.kind {
		case kindReset:
			if p.limit < 10 || p.limit > 20 {
				t.Fatalf("reset limit %d outside [10, 20]", p.limit)
			}
		case kindCut:
			if p.limit < 0 || p.limit > 5 {
				t.Fatalf("cut limit %d outside [0, 5]", p.limit)
			}
		case kindStatus:
			if p.status.code() != 429 || p.status.RetryAfter != 3 {
				t.Fatalf("status plan %+v lost the configured answer", p.status)
			}
		}
	}
	if differ == 0 {
		t.Error("a different seed gave the same sequence")
	}
	want := map[kind]float64{kindStatus: 0.1, kindHalfOpen: 0.2, kindReset: 0.3, kindCut: 0.1, kindNone: 0.3}
	for k, rate := range want {
		if got := float64(counts[k]) / draws; math.Abs(got-rate) > 0.02 {
			t.Errorf("kind %d chosen for %.3f of connections, want about %.2f", k, got, rate)
		}
	}
	if got := float64(drips) / draws; math.Abs(got-0.5) > 0.02 {
		t.Errorf("drip chosen for %.3f of connections, want about 0.5", got)
	}
}

func TestTargetAddr(t *testing.T) {
	tests := []struct {
		target, want string
		ok           bool
	}{
		{"127.0.0.1:8080", "127.0.0.1:8080", true},
		{"http://127.0.0.1:8080", "127.0.0.1:8080", true},
		{"http://127.0.0.1:8080/v1/stream/x", "127.0.0.1:8080", true},
		{"https://127.0.0.1:8443", "", false},
		{"http://127.0.0.1", "", false},
		{"no-port", "", false},
	}
	for _, tc := range tests {
		got, err := targetAddr(tc.target)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("targetAddr(%q) = %q, %v; want %q, ok=%v", tc.target, got, err, tc.want, tc.ok)
		}
	}
}
