import CredexCore
import CredexJSON

/// The API bench's course catalogue: spec bodies with titles and learning outcomes in English and
/// one or two of German, French, Spanish and Italian, awarded in six countries at levels of
/// several frameworks, so full-text search and recognition reports have realistic work; and the
/// searches officers would type over it.
///
/// Everything is derived from the record's position, so the same `seq` always gives the same body.
enum APIBenchCatalogue {
    /// One language's words: a title is `form subject qualifier`, an outcome `verb subject`.
    struct Language {
        let code: String
        let forms: [String]
        let subjects: [String]
        let qualifiers: [String]
        let verbs: [String]
    }

    static let english = Language(
        code: "en",
        forms: [
            "Introduction to", "Foundations of", "Advanced", "Applied", "Professional Certificate in", "Topics in",
        ],
        subjects: [
            "sustainable energy", "data analysis", "brewing science", "structural engineering", "public health",
            "machine learning", "supply chains", "marine biology", "digital marketing", "cyber security",
            "early childhood education", "forestry management", "water treatment", "financial accounting",
            "software testing", "food safety", "urban planning", "clinical research", "renewable materials",
            "project management", "construction law", "robotics", "soil science", "climate adaptation",
        ],
        qualifiers: [
            "for practitioners", "in practice", "and society", "for managers", "with case studies", "for teachers",
            "in Europe", "and regulation", "fundamentals", "and innovation",
        ],
        verbs: ["Explain", "Evaluate", "Apply", "Design", "Analyse", "Assess"]
    )

    static let others = [
        Language(
            code: "de",
            forms: ["Einführung in", "Grundlagen der", "Vertiefung", "Angewandte", "Zertifikat"],
            subjects: [
                "nachhaltige Energie", "Datenanalyse", "Brauwissenschaft", "Tragwerksplanung", "Gesundheitswesen",
                "maschinelles Lernen", "Lieferketten", "Meeresbiologie", "Onlinemarketing", "Cybersicherheit",
                "Frühpädagogik", "Forstwirtschaft", "Wasseraufbereitung", "Rechnungswesen", "Softwaretest",
                "Lebensmittelsicherheit", "Stadtplanung", "klinische Forschung",
            ],
            qualifiers: ["für die Praxis", "und Gesellschaft", "für Führungskräfte", "in Europa", "und Recht"],
            verbs: ["Erklären", "Bewerten", "Anwenden", "Entwerfen", "Analysieren"]
        ),
        Language(
            code: "fr",
            forms: ["Introduction à", "Fondements de", "Approfondissement", "Pratique de", "Certificat en"],
            subjects: [
                "énergie durable", "analyse de données", "science brassicole", "génie structurel", "santé publique",
                "apprentissage automatique", "chaînes logistiques", "biologie marine", "marketing numérique",
                "cybersécurité", "éducation de la petite enfance", "gestion forestière", "traitement de l'eau",
                "comptabilité financière", "sécurité alimentaire", "urbanisme", "recherche clinique",
            ],
            qualifiers: ["pour praticiens", "et société", "pour cadres", "en Europe", "et réglementation"],
            verbs: ["Expliquer", "Évaluer", "Appliquer", "Concevoir", "Analyser"]
        ),
        Language(
            code: "es",
            forms: ["Introducción a", "Fundamentos de", "Curso avanzado de", "Práctica de", "Título propio en"],
            subjects: [
                "energía sostenible", "análisis de datos", "ciencia cervecera", "ingeniería estructural",
                "salud pública", "aprendizaje automático", "cadenas de suministro", "biología marina",
                "marketing digital", "ciberseguridad", "educación infantil", "gestión forestal",
                "tratamiento de aguas", "contabilidad financiera", "seguridad alimentaria", "urbanismo",
            ],
            qualifiers: ["para profesionales", "y sociedad", "para directivos", "en Europa", "y normativa"],
            verbs: ["Explicar", "Evaluar", "Aplicar", "Diseñar", "Analizar"]
        ),
        Language(
            code: "it",
            forms: ["Introduzione a", "Fondamenti di", "Corso avanzato di", "Pratica di", "Certificato in"],
            subjects: [
                "energia sostenibile", "analisi dei dati", "scienza della birra", "ingegneria strutturale",
                "sanità pubblica", "apprendimento automatico", "catene di fornitura", "biologia marina",
                "marketing digitale", "sicurezza informatica", "educazione della prima infanzia",
                "gestione forestale", "trattamento delle acque", "sicurezza alimentare", "urbanistica",
            ],
            qualifiers: ["per professionisti", "e società", "per dirigenti", "in Europa", "e normativa"],
            verbs: ["Spiegare", "Valutare", "Applicare", "Progettare", "Analizzare"]
        ),
    ]

    /// Countries of awarding bodies, and a framework and its levels to state beside the EQF level.
    static let places: [(country: String, university: String, framework: String, levels: [String])] = [
        ("IE", "Bench University Ireland", "NFQ-IE", ["6", "7", "8", "9"]),
        ("DE", "Bench Universität", "EQF", ["5", "6", "7"]),
        ("FR", "Université du Banc", "RNCP-FR-1969", ["II", "III", "IV"]),
        ("ES", "Universidad del Banco", "EQF", ["5", "6", "7"]),
        ("IT", "Università del Banco", "QNQ-IT", ["5", "6", "7"]),
        ("NL", "Bench Universiteit", "NLQF-NL", ["5", "6", "7"]),
    ]

    /// A deterministic mix of `seq`, so neighbouring records differ.
    static func mix(_ seq: Int64, _ salt: UInt64) -> Int {
        var value = UInt64(bitPattern: seq) &* 0x9E37_79B9_7F4A_7C15 &+ salt &* 0xBF58_476D_1CE4_E5B9
        value ^= value >> 31
        value = value &* 0x94D0_49BB_1331_11EB
        value ^= value >> 29
        return Int(value % UInt64(Int32.max))
    }

    /// The `credex.spec/1` body at log position `seq`, its description `padding` characters long.
    static func spec(seq: Int64, padding: Int) -> JSONValue {
        var languages = [english]
        let second = others[mix(seq, 1) % others.count]
        languages.append(second)
        if mix(seq, 2) % 3 == 0 {
            let third = others[mix(seq, 3) % others.count]
            if third.code != second.code { languages.append(third) }
        }
        let subject = mix(seq, 4)
        let form = mix(seq, 5)
        let qualifier = mix(seq, 6)
        var title: [String: JSONValue] = [:]
        var outcomes: [JSONValue] = []
        var outcomeTexts: [[String: JSONValue]] = [[:], [:]]
        for language in languages {
            let topic = language.subjects[subject % language.subjects.count]
            title[language.code] = .string(
                "\(language.forms[form % language.forms.count]) \(topic) "
                    + language.qualifiers[qualifier % language.qualifiers.count]
            )
            for index in 0..<2 {
                let verb = language.verbs[(mix(seq, 7) + index) % language.verbs.count]
                let other = language.subjects[(subject + 1 + index) % language.subjects.count]
                outcomeTexts[index][language.code] = .string("\(verb) \(topic) \(other)")
            }
        }
        for text in outcomeTexts { outcomes.append(["text": .object(text)]) }
        let place = places[mix(seq, 8) % places.count]
        let level = place.levels[mix(seq, 9) % place.levels.count]
        let credits = ["2.5", "5", "5", "10", "15"][mix(seq, 10) % 5]
        return [
            "type": "credex.spec/1",
            "title": .object(title),
            "description": ["en": .string(text(length: padding, seed: seq))],
            "credentialType": "micro-credential",
            "awardingBodies": [
                [
                    "id": .string("https://\(place.country.lowercased()).bench.example/university"),
                    "name": ["en": .string(place.university)], "country": .string(place.country),
                ]
            ],
            "learningOutcomes": .array(outcomes),
            "workload": ["credits": [["system": "ECTS", "value": .string(credits)]]],
            "levels": [["framework": .string(place.framework), "level": .string(level)]],
            "assessment": ["type": "project"],
            "participation": ["mode": "online", "pace": "self-paced"],
            "qualityAssurance": ["type": "internal"],
        ]
    }

    private static let words = [
        "learners", "analyse", "sustainable", "materials", "assessment", "project", "building", "energy",
        "design", "evaluate", "regulation", "practice", "module", "outcome", "carbon", "structure",
        "laboratory", "fieldwork", "portfolio", "seminar", "workplace", "placement", "reflective", "report",
    ]

    /// `length` characters of words, varied by `seed`.
    static func text(length: Int, seed: Int64) -> String {
        var text = ""
        var index: UInt64 = 0
        while text.utf8.count < length {
            text += (text.isEmpty ? "" : " ") + words[mix(seed, 100 + index) % words.count]
            index += 1
        }
        return String(text.prefix(length))
    }

    /// `count` searches an officer would type: a subject, or a subject and a title word, in any language.
    static func searches(count: Int) -> [String] {
        let languages = [english] + others
        return (0..<count).map { index in
            let language = languages[mix(Int64(index), 11) % languages.count]
            let subject = language.subjects[mix(Int64(index), 12) % language.subjects.count]
            guard index % 2 == 1 else { return subject }
            let form = language.forms[mix(Int64(index), 13) % language.forms.count]
            let word = form.split(separator: " ").first.map(String.init) ?? form
            return "\(word) \(subject)"
        }
    }
}
