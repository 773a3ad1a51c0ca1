import RawStructuredFieldValues

/// The `credex` signature of a received message, read from `Signature-Input` and `Signature`.
struct ReceivedSignature {
    /// The covered components, in order.
    var identifiers: [ComponentIdentifier]
    /// The inner list exactly as received: the `@signature-params` line re-serialises it.
    var innerList: InnerList
    var parameters: SignatureParameters
    var signature: [UInt8]

    /// Reads the signature labelled `credex`, or the refusal saying what is missing or garbled.
    static func read(from headers: [(name: String, value: String)]) -> Result<ReceivedSignature, SignatureRefusal> {
        let label = SignatureBase.label
        guard let inputField = HeaderLookup.value("Signature-Input", in: headers) else {
            return .failure(SignatureRefusal(.missingHeader, keyID: nil, "the message has no Signature-Input field"))
        }
        guard let signatureField = HeaderLookup.value("Signature", in: headers) else {
            return .failure(SignatureRefusal(.missingHeader, keyID: nil, "the message has no Signature field"))
        }
        guard let inputs = SignatureBase.dictionary(inputField) else {
            return .failure(
                SignatureRefusal(.malformedHeader, keyID: nil, "Signature-Input is not a structured dictionary")
            )
        }
        guard let input = inputs[label], case .innerList(let innerList) = input else {
            return .failure(
                SignatureRefusal(.missingHeader, keyID: nil, "Signature-Input has no inner list labelled \(label)")
            )
        }
        guard let parameters = SignatureParameters(innerList.rfc9651Parameters) else {
            return .failure(
                SignatureRefusal(
                    .malformedHeader,
                    keyID: nil,
                    "the \(label) signature parameters lack created, keyid or alg, or have unknown members"
                )
            )
        }
        let keyID = parameters.keyID
        guard parameters.algorithm == "ed25519" else {
            return .failure(
                SignatureRefusal(.malformedHeader, keyID: keyID, "the signature by \(keyID) does not use ed25519")
            )
        }
        var identifiers: [ComponentIdentifier] = []
        for item in innerList.bareInnerList {
            guard let identifier = ComponentIdentifier(item: item) else {
                return .failure(
                    SignatureRefusal(
                        .wrongComponents,
                        keyID: keyID,
                        "the signature by \(keyID) covers an unknown component"
                    )
                )
            }
            identifiers.append(identifier)
        }
        guard let signatures = SignatureBase.dictionary(signatureField), let member = signatures[label],
            case .item(let item) = member, let signature = SignatureBase.bytes(of: item)
        else {
            return .failure(
                SignatureRefusal(
                    .malformedHeader,
                    keyID: keyID,
                    "the Signature field has no byte sequence labelled \(label) for \(keyID)"
                )
            )
        }
        return .success(
            ReceivedSignature(
                identifiers: identifiers,
                innerList: innerList,
                parameters: parameters,
                signature: signature
            )
        )
    }
}
