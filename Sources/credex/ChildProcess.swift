import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Spawns `arguments` with an empty signal mask and default signal handlers, its standard input
/// and output the given descriptors (else /dev/null) and its standard error discarded.
///
/// `openssl speed` and `s_time` time themselves with SIGALRM, and this process's threads block
/// signals; a child started by Foundation's `Process` inherits that mask, so it would never stop,
/// nor end on SIGTERM.
func spawnWithDefaultSignals(_ arguments: [String], input: Int32? = nil, output: Int32? = nil) -> pid_t? {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for (descriptor, target) in [(input, Int32(0)), (output, Int32(1))] {
        if let descriptor {
            posix_spawn_file_actions_adddup2(&actions, descriptor, target)
        } else {
            posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
        }
    }
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    return spawnWithDefaultSignals(arguments, searchingPath: true, actions: &actions)
}

/// Spawns `arguments` (the program first, looked up on `PATH` when `searchingPath`) with `actions`,
/// an empty signal mask and default signal handlers; nil if it cannot start.
func spawnWithDefaultSignals(
    _ arguments: [String],
    searchingPath: Bool,
    actions: inout posix_spawn_file_actions_t
) -> pid_t? {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    var all = sigset_t()
    sigemptyset(&empty)
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var argv = arguments.map { strdup($0) } + [nil]
    defer { for argument in argv { free(argument) } }
    var pid: pid_t = 0
    let spawned =
        searchingPath
        ? posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, environ)
        : posix_spawn(&pid, arguments[0], &actions, &attributes, &argv, environ)
    return spawned == 0 ? pid : nil
}

/// Runs a program to its end with default signal handling, returning its standard output.
func runWithDefaultSignals(_ arguments: [String]) -> String? {
    var pipe: [Int32] = [0, 0]
    guard Glibc.pipe(&pipe) == 0 else { return nil }
    for end in pipe { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
    let pid = spawnWithDefaultSignals(arguments, output: pipe[1])
    close(pipe[1])
    defer { close(pipe[0]) }
    guard let pid else { return nil }
    let output = FileHandle(fileDescriptor: pipe[0], closeOnDealloc: false).readDataToEndOfFile()
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    return String(decoding: output, as: UTF8.self)
}

/// A long-running child (an `openssl s_server`) spawned with default signal handling, its stdin
/// a pipe kept open until `kill()` (s_server ends at end of input), its output discarded.
final class ChildProcess {
    private let pid: pid_t
    private var stdinWriter: Int32

    init?(_ arguments: [String]) {
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { return nil }
        for end in pipe { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let pid = spawnWithDefaultSignals(arguments, input: pipe[0])
        close(pipe[0])
        guard let pid else {
            close(pipe[1])
            return nil
        }
        self.pid = pid
        stdinWriter = pipe[1]
    }

    deinit { kill() }

    /// Closes its stdin, sends SIGTERM, and after half a second SIGKILL; reaps it. Idempotent.
    func kill() {
        guard stdinWriter >= 0 else { return }
        close(stdinWriter)
        stdinWriter = -1
        _ = Glibc.kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<50 {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(10_000)
        }
        _ = Glibc.kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }
}
