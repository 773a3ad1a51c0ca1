import ArgumentParser
import CredexCore
import CredexNode
import CredexTrust
import Foundation

struct TrustRequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Write this node's request to join its federation, signed with its signing and TLS keys.",
        discussion: """
            Send the file to the federation's admins, who check its facts out of band and propose it with \
            `credex trust propose --admit FILE`. The node id, federation, signing key and TLS certificate \
            come from the node directory.
            """
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "The base URL peers call: https://host:port (mtls) or the proxy's URL (httpsig).")
    var endpoint: String
    @Option(help: "How peers reach the node: mtls or httpsig.")
    var transport: String
    @Option(help: "The institution's legal name.")
    var institution: String
    @Option(help: "The institution's country, ISO 3166-1 alpha-2 (also the node's jurisdiction).")
    var country: String
    @Option(help: "The SCHAC home organisation, e.g. dcu.ie.")
    var schac: String?
    @Option(help: "The Erasmus institution code, as written.")
    var erasmus: String?
    @Option(help: "The EU Participant Identification Code.")
    var pic: String?
    @Option(help: "The institution's DEQAR id.")
    var deqar: String?
    @Option(help: "The quality-assurance agency that reviews the institution.")
    var qaAgency: String?
    @Flag(inversion: .prefixedNo, help: "Whether the jurisdiction is in the EEA (default: from --country).")
    var eea: Bool?
    @Flag(help: "Outside the EEA with an EU adequacy decision.")
    var adequacy = false
    @Option(parsing: .upToNextOption, help: "What the node does: issuer, recognition or relay (default issuer).")
    var role: [String] = []
    @Option(help: "The request file to create.")
    var out: String

    static let eeaCountries: Set<String> = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IS", "IT", "LI", "LV",
        "LT", "LU", "MT", "NL", "NO", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    ]

    var inEEA: Bool { eea ?? Self.eeaCountries.contains(country) }

    func validate() throws {
        guard ["mtls", "httpsig"].contains(transport) else {
            throw ValidationError("--transport must be mtls or httpsig")
        }
        guard (try? CountryCode(validating: country)) != nil else {
            throw ValidationError("--country must be two upper-case letters, e.g. IE")
        }
        guard (try? MemberEndpoint(endpoint)) != nil else {
            throw ValidationError(
                "--endpoint must be an https URL with a host and no query, e.g. https://node.example:7443"
            )
        }
        if adequacy, inEEA { throw ValidationError("--adequacy is for jurisdictions outside the EEA") }
        try requireNew(out)
    }

    func run() async throws {
        let access = try directory.access()
        let configuration = access.configuration
        let tls = try access.directory.tlsIdentity(configuration)
        let signingKey = try access.directory.signingKey(configuration)
        let countryCode = try CountryCode(validating: country)
        let statement = JoinRequest.Statement(
            federation: configuration.federation,
            nodeId: configuration.nodeID,
            endpoint: endpoint,
            transport: transport,
            roles: role.isEmpty ? ["issuer"] : role,
            institutions: [
                .init(
                    legalName: institution,
                    country: countryCode,
                    schacDomain: schac,
                    erasmusCode: erasmus,
                    pic: pic,
                    deqarId: deqar,
                    qaAgency: qaAgency
                )
            ],
            jurisdiction: .init(country: countryCode, eea: inEEA, adequacy: adequacy),
            signingKey: KeyID(signingKey.publicKey),
            tlsCertificate: tls.certificatePEM,
            tlsPin: tls.publicKeyPin,
            requestedAt: ClaimedTime(Date())
        )
        let request = try JoinRequest.make(statement, signingKey: signingKey, tls: tls)
        try Data((prettyText(request.json) + "\n").utf8).write(
            to: URL(fileURLWithPath: out),
            options: .withoutOverwriting
        )
        if output.json {
            return try printJSON(["file": out, "nodeId": configuration.nodeID.rawValue, "tlsPin": tls.publicKeyPin])
        }
        print("Join request of \(configuration.nodeID) to \(configuration.federation) written to \(out)")
        print("Signing key \(statement.signingKey), TLS pin \(tls.publicKeyPin)")
    }
}
