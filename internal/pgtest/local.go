package pgtest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// clusterConf is appended to postgresql.conf of the local cluster.
// .ci/pg-start.sh writes the same lines.
const clusterConf = `
# gdx pgtest: throwaway cluster for tests
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 32MB
max_connections = 200
`

// cluster is the local throwaway PostgreSQL shared by all test processes of
// one user, laid out as the package doc describes.
type cluster struct {
	bin  string // directory holding initdb, pg_ctl and postgres
	dir  string // $TMPDIR/gdx-pgtest-<uid>
	conf string // appended to postgresql.conf; clusterConf when empty
	port int
}

// clusterDir is the fixed home of the local cluster of the current user.
func clusterDir() string {
	return filepath.Join(os.TempDir(), "gdx-pgtest-"+strconv.Itoa(os.Getuid()))
}

// debianBinGlob matches the bin directories of Debian/Ubuntu PostgreSQL
// packages; a variable so tests can hide them.
var debianBinGlob = "/usr/lib/postgresql/*/bin"

// findBinDir returns the directory of the highest installed initdb/pg_ctl
// under /usr/lib/postgresql, else of initdb on PATH, else "".
func findBinDir() string {
	dirs, _ := filepath.Glob(debianBinGlob)
	best, bestVersion := "", -1.0
	for _, d := range dirs {
		v, err := strconv.ParseFloat(filepath.Base(filepath.Dir(d)), 64)
		if err == nil && v > bestVersion && hasTools(d) {
			best, bestVersion = d, v
		}
	}
	if best != "" {
		return best
	}
	p, err := exec.LookPath("initdb")
	if err != nil {
		return ""
	}
	if p, err = filepath.EvalSymlinks(p); err != nil || !hasTools(filepath.Dir(p)) {
		return ""
	}
	return filepath.Dir(p)
}

func hasTools(dir string) bool {
	for _, name := range []string{"initdb", "pg_ctl", "postgres"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return false
		}
	}
	return true
}

func (c *cluster) data() string     { return filepath.Join(c.dir, "data") }
func (c *cluster) logFile() string  { return filepath.Join(c.dir, "postgres.log") }
func (c *cluster) portFile() string { return filepath.Join(c.dir, "port") }

// url is the admin URL of the cluster.
func (c *cluster) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// start makes sure the cluster exists and runs, under the file lock, and
// returns its admin URL.
func (c *cluster) start() (string, error) {
	unlock, err := c.lock()
	if err != nil {
		return "", err
	}
	defer unlock()
	if err := c.ensure(); err != nil {
		return "", err
	}
	if err := ping(c.url()); err != nil {
		return "", fmt.Errorf("pgtest: local cluster %s runs but does not answer on %s: %v (stop it with pg_ctl -D %s stop, or remove %s)",
			c.dir, c.url(), err, c.data(), c.dir)
	}
	return c.url(), nil
}

// lock creates the cluster directory and takes its exclusive file lock; the
// returned func releases it.
func (c *cluster) lock() (func(), error) {
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	if err := checkOwned(c.dir); err != nil {
		return nil, err
	}
	if err := os.Chmod(c.dir, 0o755); err != nil { // the postgres user must enter it
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(c.dir, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("pgtest: lock %s: %w", f.Name(), err)
	}
	return func() { f.Close() }, nil
}

// checkOwned refuses a directory another user planted in the shared tmp dir.
func checkOwned(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return fmt.Errorf("pgtest: %s belongs to uid %d, not to you (uid %d): remove it", dir, st.Uid, os.Getuid())
	}
	return nil
}

// ensure creates the cluster if needed and starts it if stopped.
func (c *cluster) ensure() error {
	port, err := readPort(c.portFile())
	if err != nil || !exists(filepath.Join(c.data(), "PG_VERSION")) {
		if err := c.create(); err != nil {
			return err
		}
	} else {
		c.port = port
	}
	if c.command("pg_ctl", "-D", c.data(), "status").Run() == nil {
		return nil
	}
	if !exists(c.logFile()) {
		if err := c.makeOwned(c.logFile(), false); err != nil {
			return err
		}
	}
	return c.run("pg_ctl", "-D", c.data(), "-l", c.logFile(), "-w", "-t", "60", "start")
}

// create runs initdb on a free port; the port file, written last, marks a
// complete cluster.
func (c *cluster) create() error {
	os.Remove(c.portFile())
	if err := os.RemoveAll(c.data()); err != nil { // an interrupted earlier attempt
		return fmt.Errorf("pgtest: %w", err)
	}
	if err := c.makeOwned(c.data(), true); err != nil {
		return err
	}
	if err := c.makeOwned(c.logFile(), false); err != nil {
		return err
	}
	if err := c.run("initdb", "-D", c.data(), "-U", "postgres", "--auth=trust",
		"-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		return err
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	conf := c.conf
	if conf == "" {
		conf = clusterConf
	}
	conf += fmt.Sprintf("port = %d\n", port)
	if err := appendFile(filepath.Join(c.data(), "postgresql.conf"), conf); err != nil {
		return err
	}
	c.port = port
	return os.WriteFile(c.portFile(), []byte(strconv.Itoa(port)+"\n"), 0o644)
}

// makeOwned creates a directory (0700) or file owned by the user that runs
// PostgreSQL.
func (c *cluster) makeOwned(path string, dir bool) error {
	var err error
	if dir {
		err = os.Mkdir(path, 0o700)
	} else {
		err = os.WriteFile(path, nil, 0o644)
	}
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	if os.Geteuid() != 0 {
		return nil
	}
	uid, gid, err := postgresUser()
	if err != nil {
		return err
	}
	if err := os.Chown(path, uid, gid); err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	return nil
}

// postgresUser returns the ids of the "postgres" user, which runs the
// server when we are root (PostgreSQL refuses to run as root).
func postgresUser() (uid, gid int, err error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return 0, 0, fmt.Errorf("pgtest: running as root, PostgreSQL must run as user postgres: %w", err)
	}
	uid, _ = strconv.Atoi(u.Uid)
	gid, _ = strconv.Atoi(u.Gid)
	return uid, gid, nil
}

// command builds a PostgreSQL tool invocation, as user postgres when root,
// in its own session so that a Ctrl-C of the tests does not stop the server.
func (c *cluster) command(tool string, args ...string) *exec.Cmd {
	path := filepath.Join(c.bin, tool)
	cmd := exec.Command(path, args...)
	if os.Geteuid() == 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	cmd.Dir = c.dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	return cmd
}

// run runs a tool; its error names the command and carries its output and,
// for pg_ctl, the tail of the server log.
func (c *cluster) run(tool string, args ...string) error {
	cmd := c.command(tool, args...)
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil
	}
	msg := fmt.Sprintf("pgtest: %s failed: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	if tool == "pg_ctl" {
		msg += "\n" + c.logFile() + " ends with:\n" + tail(c.logFile(), 2000)
	}
	return errors.New(msg)
}

// freePort asks the kernel for a free TCP port on 127.0.0.1.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgtest: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func readPort(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(b)))
}

func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return fmt.Errorf("pgtest: %w", err)
	}
	return f.Close()
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// tail returns at most the last n bytes of a file.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
