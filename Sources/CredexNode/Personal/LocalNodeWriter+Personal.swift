import CredexCore
import CredexStore

extension LocalNodeWriter {
    /// `share`, `hold` and `deliveries`.
    func performPersonal(_ request: AdminRequest) async throws -> AdminResponse {
        let store = issuing.store
        let award = try request.award.map(RecordID.init(validating:))
        switch request.operation {
        case .share:
            guard let award, let recipients = request.recipients, !recipients.isEmpty else {
                throw NodeError(.refused, "share needs an award and at least one node to share it with")
            }
            var sharings: [IssuingService.Sharing] = []
            for recipient in recipients {
                sharings.append(
                    try await issuing.share(
                        award: award,
                        with: try NodeID(validating: recipient),
                        reason: .share,
                        allowOutsideEEA: request.allowOutsideEEA ?? false
                    )
                )
            }
            await delivery?.wake()
            return AdminResponse(sharings: sharings)
        case .hold:
            guard let award else { throw NodeError(.refused, "hold needs an award") }
            try await store.hold(award: award, reason: request.reason)
            return AdminResponse(message: request.reason == nil ? "hold released" : "held")
        default:
            let notices = try await store.receivedNotices().filter { award == nil || $0.award == award }
            return AdminResponse(outbox: try await store.outbox(award: award), notices: notices)
        }
    }
}
