package integration

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// clockTicks is USER_HZ, the unit of /proc CPU times; 100 on Linux.
const clockTicks = 100

// cpuSnap is the CPU time used so far by the processes the load benchmark
// watches, and by the whole machine, read from /proc (Linux only; zero
// elsewhere).
type cpuSnap struct {
	at        time.Time
	byGroup   map[string]float64 // seconds
	machine   float64            // busy seconds, all CPUs
	machineOf float64            // elapsed seconds × CPUs
}

// cpuGroups names the processes to account: the gateway and nginx by
// pid (nginx with its workers), the Go proxy peer, every postgres process (the cluster is
// shared with any other test running at the time), and this test process
// (load generator and simulators).
type cpuGroups struct {
	gateway, nginx, goProxy int
}

func (g cpuGroups) snap() cpuSnap {
	s := cpuSnap{at: time.Now(), byGroup: map[string]float64{}}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		comm, ppid, secs, ok := procStat(pid)
		if !ok {
			continue
		}
		switch {
		case pid == g.gateway:
			s.byGroup["gateway"] += secs
		case pid == g.nginx || ppid == g.nginx:
			s.byGroup["nginx"] += secs
		case pid == g.goProxy:
			s.byGroup["go proxy"] += secs
		case comm == "postgres":
			s.byGroup["postgres"] += secs
		case pid == os.Getpid():
			s.byGroup["generator+simulators"] += secs
		}
	}
	if b, err := os.ReadFile("/proc/stat"); err == nil {
		line, _, _ := bytes.Cut(b, []byte("\n"))
		fields := strings.Fields(string(line))[1:]
		var total, idle float64
		for i, f := range fields {
			v, _ := strconv.ParseFloat(f, 64)
			total += v
			if i == 3 || i == 4 { // idle, iowait
				idle += v
			}
		}
		s.machine, s.machineOf = (total-idle)/clockTicks, total/clockTicks
	}
	return s
}

// procStat reads a process's command name, parent and CPU seconds.
func procStat(pid int) (comm string, ppid int, secs float64, ok bool) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return "", 0, 0, false
	}
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return "", 0, 0, false
	}
	comm = string(b[open+1 : end])
	f := strings.Fields(string(b[end+1:])) // f[0] is the state, field 3 of stat
	if len(f) < 13 {
		return "", 0, 0, false
	}
	ppid, _ = strconv.Atoi(f[1])
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return comm, ppid, (utime + stime) / clockTicks, true
}

// cpuUse describes the CPU used between two snapshots for n requests:
// each group's CPU time per request, and how busy the machine was.
func cpuUse(before, after cpuSnap, n int) string {
	var parts []string
	for _, g := range []string{"gateway", "nginx", "go proxy", "postgres", "generator+simulators"} {
		d := after.byGroup[g] - before.byGroup[g]
		if d > 0 {
			parts = append(parts, fmt.Sprintf("%s %.0f µs", g, d/float64(n)*1e6))
		}
	}
	busy := 0.0
	if of := after.machineOf - before.machineOf; of > 0 {
		busy = (after.machine - before.machine) / of * 100
	}
	return fmt.Sprintf("CPU per request: %s; machine %.0f%% busy", strings.Join(parts, ", "), busy)
}
