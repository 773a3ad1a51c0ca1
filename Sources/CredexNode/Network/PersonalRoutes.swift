import CredexCore
import CredexJSON
import CredexReplication
import CredexStore
import CredexTrust
import Hummingbird
import Logging
import NIOCore

/// The peer protocol's personal-data routes, where an award's issuer sends this node, point to
/// point, what only this node may receive:
/// - `POST /credex/v1/personal`: `{"grant": <delivery grant>, "part": <personal part>}`; the part is
///   stored with its grant once the grant checks and the part matches the award's commitment;
/// - `POST /credex/v1/erasure`: an erasure notice; the part is erased and never taken again, or
///   kept under a legal hold, the hold's reason answered and logged.
///
/// Both messages must come from the award's issuer itself (the authenticated caller), name this
/// node, and carry a valid signature by one of the issuer's current keys.
struct PersonalRoutes: Sendable {
    /// The largest request body accepted.
    static let maxBodyBytes = 64 << 10

    let ownNodeID: String
    let trust: NodeTrust
    let store: any PersonalDataStore

    func add(to router: Router<PeerRequestContext>) {
        router.post("\(PeerProtocol.pathPrefix)/personal") { request, context -> Response in
            try await deliver(request, context)
        }
        router.post("\(PeerProtocol.pathPrefix)/erasure") { request, context -> Response in
            try await erase(request, context)
        }
    }

    func deliver(_ request: Request, _ context: PeerRequestContext) async throws -> Response {
        let grant: PersonalMessage
        let part: PersonalPart
        do {
            let value = try await Self.body(request)
            guard let grantValue = value["grant"], let partValue = value["part"] else {
                throw CredexError(.missingField, "the body is {\"grant\": ..., \"part\": ...}")
            }
            grant = try PersonalMessage(json: grantValue)
            part = try JSONValueDecoder().decode(PersonalPart.self, from: partValue)
            try part.validate()
        } catch is BodyTooLarge {
            return refuse(context, .contentTooLarge, "the body is larger than \(Self.maxBodyBytes) bytes")
        } catch {
            return refuse(context, .badRequest, "not a personal-part delivery: \(error)")
        }
        if let refusal = check(grant, .grant, sender: context.peerNodeID) { return refuse(context, refusal) }
        do {
            try await store.storeDelivered(part, grant: grant)
        } catch let error as StoreError {
            switch error.code {
            case .notFound:
                return refuse(context, .conflict, "award \(grant.award) is not held here yet; send it again later")
            case .erased: return refuse(context, .gone, error.reason)
            case .wrongKey: return refuse(context, .forbidden, error.reason)
            case .commitmentMismatch: return refuse(context, .unprocessableContent, error.reason)
            default:
                context.logger.error("personal part not stored", metadata: ["error": "\(error)"])
                return PeerResponses.problem(.serviceUnavailable, "the personal part could not be stored; try again")
            }
        }
        context.logger.info(
            "personal part received",
            metadata: ["award": "\(grant.award)", "reason": "\(grant.reason?.rawValue ?? "")"]
        )
        return PeerResponses.json(["award": .string(grant.award.rawValue), "outcome": "stored"])
    }

    func erase(_ request: Request, _ context: PeerRequestContext) async throws -> Response {
        let notice: PersonalMessage
        do {
            notice = try PersonalMessage(json: try await Self.body(request))
        } catch is BodyTooLarge {
            return refuse(context, .contentTooLarge, "the body is larger than \(Self.maxBodyBytes) bytes")
        } catch {
            return refuse(context, .badRequest, "not an erasure notice: \(error)")
        }
        if let refusal = check(notice, .erasure, sender: context.peerNodeID) { return refuse(context, refusal) }
        let outcome: NoticeOutcome
        do {
            outcome = try await store.apply(notice: notice)
        } catch let error as StoreError where error.code == .wrongKey {
            return refuse(context, .forbidden, error.reason)
        } catch let error as StoreError where error.code == .notHeld {
            return refuse(context, .conflict, "\(error.reason); send the notice again later")
        } catch let error as StoreError where error.code == .commitmentMismatch {
            return refuse(context, .unprocessableContent, error.reason)
        } catch {
            context.logger.error("erasure notice not applied", metadata: ["error": "\(error)"])
            return PeerResponses.problem(.serviceUnavailable, "the erasure notice could not be applied; send it again")
        }
        var answer: [String: JSONValue] = ["award": .string(notice.award.rawValue)]
        switch outcome {
        case .erased:
            answer["outcome"] = "erased"
            context.logger.notice("personal part erased on its issuer's notice", metadata: ["award": "\(notice.award)"])
        case .kept(let reason):
            answer["outcome"] = "kept"
            answer["reason"] = .string(reason)
            context.logger.notice(
                "personal part kept under a legal hold despite an erasure notice",
                metadata: ["award": "\(notice.award)", "hold": "\(reason)"]
            )
        }
        return PeerResponses.json(answer)
    }

    /// Why `message` is refused, or nil: it must be of `kind`, from `sender` (the award's issuer,
    /// active for a grant), for this node and federation, signed by one of the issuer's current keys.
    func check(
        _ message: PersonalMessage,
        _ kind: PersonalMessage.Kind,
        sender: String?
    ) -> (HTTPResponse.Status, String)? {
        let current = trust.current
        guard message.type == kind else { return (.badRequest, "the message is a \(message.type.rawValue)") }
        guard message.issuer.rawValue == sender else {
            return (.forbidden, "\(sender ?? "an unknown caller") may not send a message of \(message.issuer)")
        }
        guard message.recipient.rawValue == ownNodeID, message.federation == current.federation else {
            return (.forbidden, "the message is for \(message.recipient) in \(message.federation), not this node")
        }
        guard let member = current.members[message.issuer], kind == .erasure || member.isActive else {
            return (.forbidden, "\(message.issuer) is not an active member: it may not send personal data")
        }
        guard member.entry.signingKeys.contains(where: { $0.keyId == message.keyId && $0.through == nil }) else {
            return (.forbidden, "\(message.keyId) is not a current signing key of \(message.issuer)")
        }
        guard message.hasValidSignature else { return (.forbidden, "the message's signature does not verify") }
        return nil
    }

    private func refuse(_ context: PeerRequestContext, _ refusal: (HTTPResponse.Status, String)) -> Response {
        refuse(context, refusal.0, refusal.1)
    }

    private func refuse(_ context: PeerRequestContext, _ status: HTTPResponse.Status, _ reason: String) -> Response {
        context.logger.warning("personal-data message refused", metadata: ["reason": "\(reason)"])
        return PeerResponses.problem(status, reason)
    }

    /// The request body, parsed strictly.
    /// - Throws: `BodyTooLarge` past `maxBodyBytes`, else the parser's error.
    private static func body(_ request: Request) async throws -> JSONValue {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw BodyTooLarge()
        }
        return try StrictJSON.parse(Array(buffer.readableBytesView), mode: .record)
    }

    private struct BodyTooLarge: Error {}
}
