/// Base58 with the Bitcoin alphabet, and the multibase `z` prefix W3C Data Integrity proofs use.
public enum Base58BTC {
    private static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        let zeros = bytes.prefix { $0 == 0 }.count
        var digits = [UInt8]()  // base-58 digits, least significant first
        for byte in bytes {
            var carry = Int(byte)
            for index in digits.indices {
                carry += Int(digits[index]) << 8
                digits[index] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        let text = [UInt8](repeating: alphabet[0], count: zeros) + digits.reversed().map { alphabet[Int($0)] }
        return String(decoding: text, as: UTF8.self)
    }

    /// The longest text decoded: decoding is quadratic in the length, and keys and signatures
    /// need under 100 characters.
    public static let maximumLength = 512

    public static func decode(_ text: String) -> [UInt8]? {
        guard text.utf8.count <= maximumLength else { return nil }
        var bytes = [UInt8]()  // least significant first
        for char in text.utf8 {
            guard let value = alphabet.firstIndex(of: char) else { return nil }
            var carry = value
            for index in bytes.indices {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xFF))
                carry >>= 8
            }
        }
        let zeros = text.utf8.prefix { $0 == alphabet[0] }.count
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }

    /// Multibase: `z` followed by base58btc.
    public static func encodeMultibase(_ bytes: [UInt8]) -> String { "z" + encode(bytes) }

    public static func decodeMultibase(_ text: String) -> [UInt8]? {
        guard text.first == "z" else { return nil }
        return decode(String(text.dropFirst()))
    }
}
