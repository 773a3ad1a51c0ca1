import CZlib
import CredexCore

/// GZIP (RFC 1952) through the system zlib, for W3C Bitstring Status Lists.
enum Gzip {
    /// `bytes` compressed as one GZIP member.
    static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard credex_deflate_init_gzip(&stream) == Z_OK else { throw failure("cannot start compressing") }
        defer { deflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 32)
        let status = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = uInt(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = uInt(outputBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw failure("compressing failed (zlib status \(status))") }
        return Array(output.prefix(Int(stream.total_out)))
    }

    /// The bytes of one GZIP member, refused if they would exceed `limit` (a small file may
    /// inflate to gigabytes).
    static func decompress(_ bytes: [UInt8], limit: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard credex_inflate_init_gzip(&stream) == Z_OK else { throw failure("cannot start decompressing") }
        defer { inflateEnd(&stream) }
        var input = bytes
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status = Z_OK
        try input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            while status == Z_OK {
                status = chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = uInt(chunkBuffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk.prefix(chunk.count - Int(stream.avail_out)))
                guard output.count <= limit else { throw failure("the data inflates to more than \(limit) bytes") }
                if status == Z_BUF_ERROR, stream.avail_in == 0 { break }
            }
        }
        guard status == Z_STREAM_END, stream.avail_in == 0 else {
            throw failure("not one complete GZIP member (zlib status \(status))")
        }
        return output
    }

    private static func failure(_ reason: String) -> CredexError {
        CredexError(.malformed, "GZIP: \(reason)")
    }
}
