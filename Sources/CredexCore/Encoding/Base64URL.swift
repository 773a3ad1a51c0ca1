/// Base64url without padding (RFC 4648 §5), as signatures, key ids and salts are written.
/// Byte by byte: every record's signature and key id pass through here on replication.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    /// The 6-bit value of each byte of the alphabet; 0xFF for any other byte.
    private static let values: [UInt8] = {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() { values[Int(character)] = UInt8(value) }
        return values
    }()

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count * 4 + 2) / 3)
        var index = 0
        while index < input.count {
            let count = min(3, input.count - index)
            var group: UInt32 = 0
            for offset in 0..<3 {
                group = group << 8 | UInt32(offset < count ? input[index + offset] : 0)
            }
            for position in 0...count {
                output.append(alphabet[Int(group >> UInt32(18 - 6 * position) & 0x3F)])
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes of `text`, or nil if it is not unpadded base64url in its one canonical spelling
    /// (the unused bits of the last character are zero).
    public static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(characters.count * 3 / 4)
        var index = 0
        while index < characters.count {
            let count = min(4, characters.count - index)
            var group: UInt32 = 0
            for offset in 0..<4 {
                var value: UInt8 = 0
                if offset < count {
                    value = values[Int(characters[index + offset])]
                    guard value != 0xFF else { return nil }
                }
                group = group << 6 | UInt32(value)
            }
            let bytes = count - 1
            // The bits below the decoded bytes must be zero, or another spelling means the same bytes.
            guard group & (0xFF_FFFF >> UInt32(8 * bytes)) == 0 else { return nil }
            for position in 0..<bytes { output.append(UInt8(group >> UInt32(16 - 8 * position) & 0xFF)) }
            index += 4
        }
        return output
    }
}
