/// A location in a JSON document (RFC 6901), used to say where an error is.
///
///     JSONPointer(["a", "b/c"]).appending(0).description  // "/a/b~1c/0"
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The reference tokens, unescaped, from the root down; empty for the whole document.
    public var tokens: [String]

    /// A pointer made of `tokens`; the root when there are none.
    public init(_ tokens: [String] = []) {
        self.tokens = tokens
    }

    /// The pointer to the member `token` of the value this points to.
    public func appending(_ token: String) -> JSONPointer {
        JSONPointer(tokens + [token])
    }

    /// The pointer to the element at `index` of the array this points to.
    public func appending(_ index: Int) -> JSONPointer {
        appending(String(index))
    }

    /// The RFC 6901 string: each token preceded by `/`, with `~` written `~0` and `/` written `~1`; `""` for the root.
    public var description: String {
        var result = String.UnicodeScalarView()
        for token in tokens {
            result.append("/")
            for scalar in token.unicodeScalars {
                switch scalar {
                case "~": result.append(contentsOf: "~0".unicodeScalars)
                case "/": result.append(contentsOf: "~1".unicodeScalars)
                default: result.append(scalar)
                }
            }
        }
        return String(result)
    }
}
