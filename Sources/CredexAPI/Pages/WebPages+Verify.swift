import Hummingbird
import NIOCore

/// `GET/POST /verify`: a document uploaded as `multipart/form-data` (field `document`) checked
/// like a record, nothing kept. A body that is not a well-formed form is a 400 page saying why.
extension WebPages {
    /// The largest upload: the API's document limit and room for the form around it.
    static let maxUploadBytes = OfficerAPI.maxDocumentBytes + (64 << 10)

    func addVerifyPages(to group: RouterGroup<APIContext>) {
        group.get("verify") { request, context -> Response in
            _ = try context.require(.readPersonal)
            let frame = PageFrame(request, context)
            let words = renderer.strings.table(for: frame.language)
            return renderer.page("verify", title: words["verify_title"] ?? "", [:], frame: frame)
        }
        group.post("verify") { request, context -> Response in
            _ = try context.require(.readPersonal)
            let frame = PageFrame(request, context)
            let words = renderer.strings.table(for: frame.language)
            let contentType = request.headers[.contentType]
            _ = try MultipartForm.boundary(contentType: contentType)
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: Self.maxUploadBytes)
            } catch is NIOTooManyBytesError {
                throw Self.tooLarge
            }
            let form = try MultipartForm(body: Array(body.readableBytesView), contentType: contentType)
            try await checkCSRF(form.field("csrf"), request)
            guard let file = form.file("document") else {
                throw Problem.badRequest(words["verify_no_file"] ?? "choose a file to verify")
            }
            guard !file.body.isEmpty else {
                throw Problem.badRequest(words["verify_empty_file"] ?? "the file is empty")
            }
            guard file.body.count <= OfficerAPI.maxDocumentBytes else { throw Self.tooLarge }
            let report = try await api.verification(ofDocument: file.body)
            let document = report.subject.document
            return renderer.page(
                "verify",
                title: words["verify_title"] ?? "",
                [
                    "result": [
                        "filename": file.filename ?? "",
                        "format": document?.format ?? "",
                        "sha256": document?.sha256 ?? "",
                        "size": document?.size ?? file.body.count,
                        "record": report.subject.record?.id ?? "",
                        "verification": PageModels.checks(report, words: words),
                    ]
                ],
                frame: frame
            )
        }
    }

    static let tooLarge = Problem(
        .contentTooLarge,
        "too-large",
        "a document is at most \(OfficerAPI.maxDocumentBytes / (1 << 20)) MiB"
    )
}
