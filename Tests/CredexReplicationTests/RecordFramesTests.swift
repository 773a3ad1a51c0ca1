import CredexCore
import CredexReplication
import Testing

/// The frames of a records body: written and split back; short, empty and oversized frames refused;
/// the frames before garbage kept.
@Suite struct RecordFramesTests {
    @Test func framesSplitBack() throws {
        let records: [[UInt8]] = [[1], Array(repeating: 7, count: 300), Array(repeating: 9, count: Record.maximumSize)]
        let body = records.flatMap(RecordFrames.frame)
        #expect(try RecordFrames.split(body).map(Array.init) == records)
        #expect(try RecordFrames.split([]).isEmpty)
    }

    @Test func badFramesAreRefused() {
        let oversized = RecordFrames.frame(Array(repeating: 1, count: Record.maximumSize + 1))
        for body in [[0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 5, 1, 2], oversized] as [[UInt8]] {
            #expect(throws: FrameError.self) { try RecordFrames.split(body) }
        }
    }

    @Test func thePrefixBeforeGarbageIsKept() {
        let body = RecordFrames.frame([1, 2]) + RecordFrames.frame([3]) + [0, 0, 0, 9, 4]
        let (frames, error) = RecordFrames.prefix(of: body)
        #expect(frames.map(Array.init) == [[1, 2], [3]])
        #expect(error?.reason == "the body ends inside a frame")
        #expect(RecordFrames.maximumBodySize(limit: 2) == 2 * (4 + Record.maximumSize))
    }
}
