package evalbridge

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// MinNixVersion is the oldest Nix nixsec is tested with (Debian's nix-bin).
const MinNixVersion = "2.8"

// baseFlags go on every nix call. They make evaluation of an untrusted
// flake safe and independent of the user's nix.conf (docs/security.md): no
// builds during evaluation, no settings taken from the flake's nixConfig,
// no lock file written into the user's checkout, pure evaluation.
var baseFlags = []string{
	"--extra-experimental-features", "nix-command flakes",
	"--option", "allow-import-from-derivation", "false",
	"--option", "accept-flake-config", "false",
	"--no-write-lock-file",
}

// Runner runs the nix binary.
type Runner struct {
	Nix     string        // the nix binary; "nix" from PATH when empty
	Timeout time.Duration // per call; 0 means none
	// MaxMemory bounds each nix child, in bytes; 0 means no limit. It is
	// the evaluator's heap limit (GC_MAXIMUM_HEAP_SIZE) and, with
	// AddressSpaceSlack on top, the child's RLIMIT_AS: the kernel's limit
	// holds also for memory that does not come from the GC heap.
	MaxMemory int64
	// MaxOutput bounds what one nix call may print on stdout, in bytes;
	// 0 means DefaultMaxOutput. Past it nix is killed and the call fails.
	MaxOutput int64
	// Extra are pass-through flags for every call, made by PassThrough:
	// input overrides and allow-listed settings. They come before
	// baseFlags, so the safety flags always have the last word.
	Extra []string

	// source is the flake's directory in the store once resolved: nix's
	// messages name its files relative to it.
	source string

	// sandbox replaces baseFlags once ResolveUntrusted has loaded an
	// untrusted flake (untrusted.go).
	sandbox []string

	// versionPending: the resolution did not ask nix's version
	// (ResolveVersionLater); the host list's call reports it, and it is
	// checked before any answer of that call is used (checkPendingVersion).
	versionPending bool
}

// flags are the settings that go last on every call.
func (r *Runner) flags() []string {
	if r.sandbox != nil {
		return r.sandbox
	}
	return baseFlags
}

// AllowedNixOptions are the settings --nix-option may pass to nix: they
// tune fetching and resources, and none of them can weaken what baseFlags
// guarantee (no builds, no settings from the flake, pure evaluation).
// eval-cache is not among them: nixsec keeps Nix's evaluation cache off,
// never relying on it for correctness.
var AllowedNixOptions = map[string]bool{
	"max-jobs": true, "cores": true, "connect-timeout": true, "download-attempts": true,
	"stalled-download-timeout": true, "tarball-ttl": true, "narinfo-cache-negative-ttl": true,
	"narinfo-cache-positive-ttl": true, "warn-dirty": true, "show-trace": true, "http-connections": true,
}

// PassThrough checks --override-input and --nix-option values and turns
// them into nix flags.
func PassThrough(overrides, options [][2]string) ([]string, error) {
	var out []string
	for _, o := range overrides {
		if o[0] == "" || o[1] == "" || strings.HasPrefix(o[0], "-") || strings.HasPrefix(o[1], "-") {
			return nil, fmt.Errorf("--override-input %q %q: want an input name and a flake reference", o[0], o[1])
		}
		out = append(out, "--override-input", o[0], o[1])
	}
	for _, o := range options {
		if !AllowedNixOptions[o[0]] {
			names := make([]string, 0, len(AllowedNixOptions))
			for n := range AllowedNixOptions {
				names = append(names, n)
			}
			sort.Strings(names)
			return nil, fmt.Errorf("--nix-option %s is not allowed (it could change what an untrusted flake may do, or is kept off by nixsec); allowed: %s", o[0], strings.Join(names, ", "))
		}
		out = append(out, "--option", o[0], o[1])
	}
	return out, nil
}

// AddressSpaceSlack is added to MaxMemory for the child's RLIMIT_AS: code,
// thread stacks and the allocations outside the GC heap.
const AddressSpaceSlack = 1 << 30

// prlimitPath is util-linux's prlimit(1), which sets the child's limit
// and execs nix. Without it, /bin/sh does the same with `ulimit -v`. Both
// keep nix's pid and process group, and leave no moment without the limit
// (Go cannot set a child's rlimits itself).
var prlimitPath = sync.OnceValue(func() string {
	p, _ := exec.LookPath("prlimit")
	return p
})

// usePrlimitBinary lets tests take the /bin/sh path.
var usePrlimitBinary = true

// result of one nix call.
type result struct {
	stdout []byte
	stderr []byte
}

// NixError is a nix call that failed: Nix's own message, cleaned of the
// trace and warning lines around it.
type NixError struct {
	Args     []string
	Message  string
	TimedOut bool
	Killed   bool
}

func (e *NixError) Error() string { return e.Message }

func (r *Runner) bin() string {
	if r.Nix == "" {
		return "nix"
	}
	return r.Nix
}

// run executes nix with the base flags (docs/security.md). The child gets its
// own process group, killed with SIGKILL on timeout and when ctx is
// cancelled (Ctrl-C, SIGTERM), and a memory limit (Runner.MaxMemory).
func (r *Runner) run(ctx context.Context, args ...string) (*result, error) {
	res, ne, err := r.exec(ctx, args...)
	if ne != nil {
		r.finish(ne)
		return res, ne
	}
	return res, err
}

// exec is run without the last touch to a failed call's message
// (finish), which names the flake's files by the resolved flake: a call
// started before the flake resolved (Early) is finished when taken.
func (r *Runner) exec(ctx context.Context, args ...string) (*result, *NixError, error) {
	return r.startNix(ctx, nil, args...)()
}

// watch is what startNix looks for on stderr: the first line starting
// with prefix, sent (without it) on found as soon as nix prints it
// (announceWatch).
type watch struct {
	prefix string
	found  chan<- []byte
}

// startNix is exec in two steps, w watching stderr when set: it starts
// nix in the caller's goroutine, and returns what waits for nix and
// reads its answer. A
// caller that is to start more work once nix runs (StartEarly) waits on
// no other goroutine: one readied by a goroutine that then blocks in a
// system call can wait for Go's scheduler to take that processor back
// (10 ms and more, measured on two cores).
func (r *Runner) startNix(ctx context.Context, w *watch, args ...string) func() (*result, *NixError, error) {
	cancel := func() {}
	if r.Timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, r.Timeout)
	}
	// Flags after the subcommand's own arguments: nix reads them there, and
	// before the subcommand name they would belong to `nix flake`.
	full := append(append(append([]string{}, args...), r.Extra...), r.flags()...)
	nix, err := exec.LookPath(r.bin())
	if err != nil {
		cancel()
		return func() (*result, *NixError, error) { return nil, nil, &NixMissingError{Nix: r.bin(), Err: err} }
	}
	name, argv := nix, full
	switch limit := r.addressSpace(); {
	case limit == 0:
	case usePrlimitBinary && prlimitPath() != "":
		name = prlimitPath()
		argv = append([]string{"--as=" + strconv.FormatUint(limit, 10), "--", nix}, full...)
	default:
		name = "/bin/sh"
		argv = append([]string{"-c", `ulimit -v "$1" && shift && exec "$@"`, "sh",
			strconv.FormatUint(limit/1024, 10), nix}, full...)
	}
	cmd := exec.CommandContext(ctx, name, argv...)
	// Pdeathsig: nix dies with nixsec even when nixsec is killed with
	// SIGKILL and has no chance to kill the group itself.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 2 * time.Second
	cmd.Env = os.Environ()
	if r.sandbox != nil {
		// No search path but the sandbox's own -I entries: NIX_PATH's
		// entries would be paths the flake may read.
		cmd.Env = append(cmd.Env, "NIX_PATH=")
		cmd.Env = append(cmd.Env, sandboxGitEnv...)
	}
	if r.MaxMemory > 0 {
		// Nix's evaluator allocates through the Boehm GC, which fails the
		// evaluation ("out of memory") once its heap would pass this size.
		cmd.Env = append(cmd.Env, "GC_MAXIMUM_HEAP_SIZE="+strconv.FormatInt(r.MaxMemory, 10))
	}
	// Both streams are bounded (nixoutput.go): nix prints what the flake
	// makes it print. The copying goroutines start after cmd.Process is set.
	stdout := &capped{max: r.maxOutput(), over: func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }}
	stderr := &headTail{n: stderrKeep}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if w != nil {
		cmd.Stderr = &announceWatch{next: stderr, prefix: []byte(w.prefix), found: w.found}
	}
	err = cmd.Start()
	return func() (*result, *NixError, error) {
		defer cancel()
		if err == nil {
			err = cmd.Wait()
		}
		return r.answer(ctx, cmd, stdout, stderr, full, err)
	}
}

// answer is what a nix call that ended with err printed, or why it
// failed.
func (r *Runner) answer(ctx context.Context, cmd *exec.Cmd, stdout *capped, stderr *headTail, full []string, err error) (*result, *NixError, error) {
	res := &result{stdout: stdout.Bytes(), stderr: stderr.Bytes()}
	if err == nil && !stdout.exceeded {
		return res, nil, nil
	}
	var notFound *exec.Error
	if errors.As(err, &notFound) {
		return nil, nil, &NixMissingError{Nix: r.bin(), Err: err}
	}
	ne := &NixError{Args: full, Message: nixMessage(res.stderr)}
	switch {
	case stdout.exceeded:
		ne.Message = fmt.Sprintf("nix printed more than %s of output, nixsec's limit for one nix call (nix was killed)", sizeString(stdout.max))
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		ne.TimedOut = true
		ne.Message = fmt.Sprintf("evaluation did not finish within %s (nix was killed)", r.Timeout)
	case ctx.Err() != nil:
		ne.Killed = true
		ne.Message = "evaluation cancelled (nix was killed)"
		// A signal's cause (signal.NotifyContext) is also context.Canceled
		// for errors.Is; only a bare cancellation says nothing more.
		if cause := context.Cause(ctx); cause != nil && cause != context.Canceled { //nolint:errorlint
			ne.Message = fmt.Sprintf("evaluation cancelled: %v (nix was killed)", cause)
		}
	case isOOM(res.stderr):
		ne.Message = fmt.Sprintf("nix ran out of memory (limit %d MiB, nixsec's memory limit): %s", r.MaxMemory>>20, ne.Message)
	case signalled(cmd) != "":
		ne.Message = strings.TrimSpace(fmt.Sprintf("nix was killed by %s (out of memory or a crash): %s", signalled(cmd), ne.Message))
		ne.Message = strings.TrimSuffix(ne.Message, ":")
	case ne.Message == "":
		ne.Message = err.Error()
	}
	return res, ne, nil
}

// finish names the flake's files in a failed call's message as the
// checkout does, and redacts it.
func (r *Runner) finish(ne *NixError) {
	// The flake's own files by their checkout path, as positions name
	// them (hosts/web.nix, not /nix/store/<hash>-source/hosts/web.nix).
	if r.source != "" {
		ne.Message = strings.ReplaceAll(ne.Message, r.source+"/", "")
	}
	// Every message, whichever case made it, is redacted (redact.go).
	ne.Message = redactHashes(ne.Message)
	if r.sandbox != nil {
		ne.Message = redactOutside(ne.Message)
	}
}

func (r *Runner) maxOutput() int64 {
	if r.MaxOutput > 0 {
		return r.MaxOutput
	}
	return DefaultMaxOutput
}

func sizeString(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// addressSpace is the child's RLIMIT_AS, 0 for none. It never asks for
// more than nixsec's own hard limit, which an unprivileged process cannot
// raise (and the child inherits anyway).
func (r *Runner) addressSpace() uint64 {
	if r.MaxMemory <= 0 {
		return 0
	}
	limit := uint64(r.MaxMemory) + AddressSpaceSlack
	var own syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_AS, &own) == nil && own.Max < limit {
		limit = own.Max
	}
	return limit
}

// signalled names the signal that ended the child, if one did.
func signalled(cmd *exec.Cmd) string {
	if cmd.ProcessState == nil {
		return ""
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return ws.Signal().String()
	}
	return ""
}

// NixMissingError says that no usable nix is there: the binary could not
// be started (Err), or it is older than MinNixVersion (Version).
type NixMissingError struct {
	Nix     string
	Err     error
	Version string
}

func (e *NixMissingError) Unwrap() error { return e.Err }

func (e *NixMissingError) Error() string {
	if e.Version != "" {
		return fmt.Sprintf("%s is Nix %s; nixsec needs Nix >= %s (Debian: apt-get install nix-bin)", e.Nix, e.Version, MinNixVersion)
	}
	return fmt.Sprintf("cannot run %s: %v; nixsec needs Nix >= %s (Debian: apt-get install nix-bin)", e.Nix, e.Err, MinNixVersion)
}

var versionRe = regexp.MustCompile(`(\d+)\.(\d+)(?:\.(\d+))?`)

// CheckVersion fails when nix is missing or older than MinNixVersion.
func (r *Runner) CheckVersion(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, r.bin(), "--version").Output()
	if err != nil {
		return "", &NixMissingError{Nix: r.bin(), Err: err}
	}
	return r.checkVersionOutput(string(out))
}

// checkVersionOutput reads the version from what `nix --version` printed
// (or the version it read from it before) and fails when it is older than
// MinNixVersion.
func (r *Runner) checkVersionOutput(out string) (string, error) {
	m := versionRe.FindStringSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("cannot read the version of %s from %q", r.bin(), strings.TrimSpace(out))
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	if major < 2 || (major == 2 && minor < 8) {
		return m[0], &NixMissingError{Nix: r.bin(), Version: m[0]}
	}
	return m[0], nil
}

// CheckAndResolve is CheckVersion and Resolve (ResolveUntrusted when
// untrusted) side by side: neither needs the other's answer, and a cold
// check of a small flake waits on both (each starts a nix). A version
// error wins, and stops the resolution: it says why resolving failed.
func (r *Runner) CheckAndResolve(ctx context.Context, ref string, untrusted bool) (*Flake, string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type resolved struct {
		f   *Flake
		err error
	}
	done := make(chan resolved, 1)
	go func() {
		var res resolved
		if untrusted {
			res.f, res.err = r.ResolveUntrusted(ctx, ref)
		} else {
			res.f, res.err = r.Resolve(ctx, ref)
		}
		done <- res
	}()
	version, err := r.CheckVersion(ctx)
	if err != nil {
		cancel()
		<-done
		return nil, "", err
	}
	res := <-done
	if res.err != nil {
		return nil, "", res.err
	}
	return res.f, version, nil
}

// ResolveVersionLater is Resolve without `nix --version` beside it: the
// nix that evaluates reports its own version (builtins.nixVersion) in the
// host list's call, which Evaluate checks before using any of its answer
// (checkPendingVersion). For a run whose key needs no version (no cache)
// and whose host list's call runs anyway (every host of a local flake):
// the probe is a process start and about 20 ms of CPU on the cores the
// evaluation runs on (issue 17). When the resolution fails, the version
// is asked then: a version error says why.
func (r *Runner) ResolveVersionLater(ctx context.Context, ref string) (*Flake, error) {
	f, err := r.Resolve(ctx, ref)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err // stopped: no version to ask
		}
		if _, verr := r.CheckVersion(ctx); verr != nil {
			return nil, verr
		}
		return nil, err
	}
	r.versionPending = true
	return f, nil
}

// checkPendingVersion checks the version the host list's call reported
// (reported: builtins.nixVersion), or asks nix when the call gave none
// (it failed); nothing when the resolution checked it already.
func (r *Runner) checkPendingVersion(ctx context.Context, reported string) error {
	if !r.versionPending {
		return nil
	}
	if reported == "" && ctx.Err() != nil {
		return context.Cause(ctx) // stopped: the version stays unchecked, and nothing goes on
	}
	var err error
	if reported != "" {
		_, err = r.checkVersionOutput(reported)
	} else {
		_, err = r.CheckVersion(ctx)
	}
	if err == nil {
		r.versionPending = false
	}
	return err
}

// nixMessage keeps Nix's error from stderr: from the first "error:" line
// on, without the trace: and warning: lines that renamed options and
// dirty git trees print.
func nixMessage(stderr []byte) string {
	lines := strings.Split(strings.TrimRight(string(stderr), "\n"), "\n")
	start := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "error:") {
			start = i
			break
		}
	}
	if start < 0 {
		var kept []string
		for _, l := range lines {
			if l != "" && !strings.HasPrefix(l, "warning:") && !strings.HasPrefix(l, "trace:") {
				kept = append(kept, l)
			}
		}
		return strings.TrimSpace(strings.Join(kept, "\n"))
	}
	var kept []string
	for _, l := range lines[start:] {
		if !strings.Contains(l, "use '--show-trace' to show detailed location information") {
			kept = append(kept, l)
		}
	}
	msg := strings.Join(kept, "\n")
	msg = strings.TrimPrefix(msg, "error:")
	return strings.TrimSpace(msg)
}

func isOOM(stderr []byte) bool {
	s := string(stderr)
	return strings.Contains(s, "out of memory") || strings.Contains(s, "Out of memory") ||
		strings.Contains(s, "GC Warning: Out of Memory") || strings.Contains(s, "std::bad_alloc") ||
		strings.Contains(s, "Cannot allocate memory")
}
