import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress bar on standard error, redrawn at most ten times a second; silent unless
/// standard error is a terminal or it is asked for.
struct ProgressBar {
    let label: String
    let total: Int
    let enabled: Bool
    private var drawnAt: ContinuousClock.Instant?
    private var drawn = false

    /// Whether a bar is shown when neither `--progress` nor `--no-progress` is given.
    static var defaultEnabled: Bool { isatty(STDERR_FILENO) == 1 }

    init(label: String, total: Int, enabled: Bool) {
        self.label = label
        self.total = max(total, 1)
        self.enabled = enabled
    }

    /// Shows `done` of the total, with `detail` after the bar.
    mutating func update(_ done: Int, detail: String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        if let drawnAt, now - drawnAt < .milliseconds(100), done < total { return }
        drawnAt = now
        drawn = true
        let width = 30
        let filled = min(width, done * width / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let percent = min(100, done * 100 / total)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)% \(detail)\u{1B}[K".utf8))
    }

    /// Ends the bar's line, if one was drawn.
    func finish() {
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
