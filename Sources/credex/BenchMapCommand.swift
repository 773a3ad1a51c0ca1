import ArgumentParser
import CredexCore
import CredexJSON
import CredexMapping
import Foundation

extension BenchCommand {
    struct Map: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Documents/s decoded and encoded per format on one core, through the canonical model."
        )

        @Option(help: "Runs to take the median of.") var runs = 3
        @Option(help: "Documents per measurement.") var documents = 100_000
        @Option(help: "A canonical spec (credex.spec/1 JSON) to translate; default: a built-in micro-credential.")
        var spec: String?

        func run() throws {
            let sample =
                try spec.map { try CredentialFormat.decode([UInt8](try readFile($0)), as: .canonical).specs[0] }
                ?? Self.builtInSpec()
            print("\(documents) documents per measurement, one core, medians of \(runs)")
            // A register is read only, through a profile of its own columns: nothing to encode it to.
            for format in CredentialFormat.allCases where format != .register {
                let (bytes, _) = try CredentialFormat.encode([sample], to: format)
                var decodes: [Double] = []
                var encodes: [Double] = []
                for _ in 1...runs {
                    decodes.append(try Self.perSecond(documents) { _ = try CredentialFormat.decode(bytes, as: format) })
                    encodes.append(
                        try Self.perSecond(documents) { _ = try CredentialFormat.encode([sample], to: format) }
                    )
                }
                print(
                    String(
                        format: "%@ decode %8.0f docs/s, encode %8.0f docs/s (%d bytes each)",
                        format.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0),
                        median(decodes),
                        median(encodes),
                        bytes.count
                    )
                )
            }
        }

        /// `count` runs of `body`, as runs per second.
        static func perSecond(_ count: Int, _ body: () throws -> Void) throws -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<count { try body() }
            return Double(count) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }

        /// A micro-credential with a national level, ECTS credits and two awarding bodies.
        static func builtInSpec() throws -> CredentialSpec {
            let value: JSONValue = [
                "type": "credex.spec/1",
                "title": ["en": "Brewing and Distilling Science", "ga": "Eolaíocht Grúdaireachta"],
                "credentialType": "micro-credential",
                "awardingBodies": [
                    [
                        "id": "https://www.maynoothuniversity.ie", "name": ["en": "Maynooth University"],
                        "country": "IE",
                    ],
                    ["id": "https://www.dcu.ie", "name": ["en": "Dublin City University"], "country": "IE"],
                ],
                "learningOutcomes": [["text": ["en": "Assess the quality of a brew against its specification."]]],
                "workload": ["credits": [["system": "ECTS", "value": "5"]], "duration": "P12W"],
                "levels": [["framework": "NFQ-IE", "level": "9"], ["framework": "EQF", "level": "7"]],
                "assessment": ["type": "project"], "participation": ["mode": "blended"],
                "qualityAssurance": ["type": "internal"],
            ]
            let spec = try JSONValueDecoder().decode(CredentialSpec.self, from: value)
            try spec.validate()
            return spec
        }
    }
}
