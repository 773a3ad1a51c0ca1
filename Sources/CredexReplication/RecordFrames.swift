import CredexCore

/// The body of a records response: frames, each a 4-byte big-endian length and one record's
/// canonical bytes. A frame longer than `Record.maximumSize` is garbage on the wire.
public enum RecordFrames {
    /// The media type of a records response.
    public static let mediaType = "application/credex-frames"

    /// The most bytes an honest body of `limit` frames can hold: a source stops reading there,
    /// so a peer that never stops sending costs at most this much memory.
    public static func maximumBodySize(limit: Int) -> Int {
        limit * (4 + Record.maximumSize)
    }

    /// `record` as one frame.
    public static func frame(_ canonicalBytes: [UInt8]) -> [UInt8] {
        let count = UInt32(canonicalBytes.count)
        return [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
            + canonicalBytes
    }

    /// The records' canonical bytes in `body`, in order.
    /// - Throws: `FrameError` for a frame longer than a record may be, or a body that ends mid-frame.
    public static func split(_ body: [UInt8]) throws -> [ArraySlice<UInt8>] {
        let (frames, error) = prefix(of: body)
        if let error { throw error }
        return frames
    }

    /// The well-framed frames at the start of `body`, and the error that ends them, if any: what
    /// came before garbage is still usable.
    public static func prefix(of body: [UInt8]) -> (frames: [ArraySlice<UInt8>], error: FrameError?) {
        var frames: [ArraySlice<UInt8>] = []
        var index = body.startIndex
        while index < body.endIndex {
            guard body.endIndex - index >= 4 else {
                return (frames, FrameError("the body ends inside a frame's length"))
            }
            let length = body[index..<index + 4].reduce(0) { $0 << 8 | Int($1) }
            index += 4
            guard length > 0, length <= Record.maximumSize else {
                return (frames, FrameError("a frame of \(length) bytes (a record is 1 to \(Record.maximumSize))"))
            }
            guard body.endIndex - index >= length else { return (frames, FrameError("the body ends inside a frame")) }
            frames.append(body[index..<index + length])
            index += length
        }
        return (frames, nil)
    }
}

/// A records body that is not well framed: garbage on the wire, counted against the peer.
public struct FrameError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "bad frame: \(reason)" }
}
