import CredexCore

/// A strict RFC 4180 reader for register exports: a header row, then records of exactly as many
/// fields, quoted fields with embedded commas, line breaks and doubled quotes, CRLF or LF line
/// ends, and an optional UTF-8 byte order mark.
///
/// Anything else refuses the whole file with every bad row named: a ragged row, an unterminated
/// quote, text after a closing quote, a quote inside an unquoted field, invalid UTF-8, or input
/// beyond `RegisterLimits`. Errors name rows and columns, never the values (an export may hold
/// more than it should).
///
///     let table = try RegisterCSV(Array("Number,Title\r\n4571,\"Basic, Skills\"\r\n".utf8))
///     table.rows[0].fields  // ["4571", "Basic, Skills"]
struct RegisterCSV: Sendable {
    /// One data record: its row number in the file (the header is row 1) and its fields.
    struct Row: Sendable {
        let number: Int
        let fields: [String]
    }

    let header: [String]
    let rows: [Row]

    init(_ bytes: [UInt8], limits: RegisterLimits = .init()) throws {
        guard bytes.count <= limits.maxBytes else {
            throw CredexError(.tooLarge, "the CSV has \(bytes.count) bytes; the limit is \(limits.maxBytes)")
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        guard String(decoding: body, as: UTF8.self).utf8.elementsEqual(body) else {
            throw CredexError(.malformed, "the CSV is not valid UTF-8")
        }
        let records = try Self.records(body, limits: limits)
        guard let header = records.first, header != [""] else {
            throw CredexError(.missingField, "the CSV has no header row")
        }
        for (index, name) in header.enumerated() where name.isEmpty || header[..<index].contains(name) {
            throw CredexError(.malformed, "header column \(index + 1) is empty or repeats another column's name")
        }
        var rows: [Row] = []
        var ragged: [String] = []
        for (index, fields) in records.enumerated().dropFirst() {
            if fields.count != header.count {
                ragged.append("row \(index + 1) has \(fields.count) fields, the header \(header.count)")
            }
            rows.append(Row(number: index + 1, fields: fields))
        }
        guard ragged.isEmpty else {
            throw CredexError(.malformed, "the CSV is refused: \(ragged.joined(separator: "; "))")
        }
        self.header = header
        self.rows = rows
    }

    /// Splits `bytes` into records of fields. A final line end is optional.
    private static func records(_ bytes: ArraySlice<UInt8>, limits: RegisterLimits) throws -> [[String]] {
        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        var records: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var closed = false
        var quoteStart = 0
        var index = bytes.startIndex
        func row() -> Int { records.count + 1 }
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field = []
            closed = false
        }
        func endRecord() throws {
            endField()
            records.append(fields)
            fields = []
            guard records.count <= limits.maxRows + 1 else {
                throw CredexError(.tooLarge, "the CSV has more than \(limits.maxRows) data rows")
            }
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte != quote {
                    field.append(byte)
                } else if index < bytes.endIndex, bytes[index] == quote {
                    field.append(quote)
                    index += 1
                } else {
                    quoted = false
                    closed = true
                }
                continue
            }
            switch byte {
            case comma:
                endField()
            case lf:
                try endRecord()
            case cr where index < bytes.endIndex && bytes[index] == lf:
                index += 1
                try endRecord()
            case quote where field.isEmpty && !closed:
                quoted = true
                quoteStart = row()
            default:
                let what = closed ? "text after a closing quote" : byte == cr ? "a bare carriage return" : "a quote"
                guard !closed, byte != quote, byte != cr else {
                    throw CredexError(.malformed, "row \(row()), column \(fields.count + 1): \(what)")
                }
                field.append(byte)
            }
        }
        guard !quoted else {
            throw CredexError(.malformed, "row \(quoteStart), column \(fields.count + 1): a quote is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || closed { try endRecord() }
        return records
    }
}

/// How much a register CSV may hold before it is refused unread.
public struct RegisterLimits: Sendable, Hashable {
    public var maxBytes: Int
    public var maxRows: Int

    public init(maxBytes: Int = 4 << 20, maxRows: Int = 10_000) {
        self.maxBytes = maxBytes
        self.maxRows = maxRows
    }
}
