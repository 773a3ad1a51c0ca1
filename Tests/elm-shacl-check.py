#!/usr/bin/env python3
"""Validates ELM 3 (European Digital Credential) JSON-LD documents against the EDC SHACL shapes.

Usage: `python3 Tests/elm-shacl-check.py ELM_FOLDER DOCUMENT...`. ELM_FOLDER holds
`shapes/EDC-converted.ttl`, `shapes/EDC-generic-full.ttl`, `shapes/EDC-generic-no-cv.ttl`,
`ontology/ELM.ttl`, `ontology/ELM-external.ttl`, `context/edc-ap-context.jsonld` and
`context/credentials-v1.jsonld` (`Tests/Fixtures/elm/` has them).

Offline: the two contexts of an EDC credential resolve to those local files; any other context,
and any socket, is refused. The converted profile's `owl:imports` chain (converted ->
generic-full -> generic-no-cv) is loaded from the same folder; the ontology is mixed into each
data graph so that `sh:class` sees ELM's subclasses (a `Qualification` is a
`LearningAchievementSpecification`).

JSON-LD drops a member whose name no context defines, so a misspelt member would pass unseen:
every member name must be a term of the two contexts (or a compact IRI), else it is a violation.

Prints one line per document, each violation below it (focus node, path, value, message, and the
nested results of a failed `sh:node`), and a last line `N passed, M failed`. Exit status: 0 when
all conform, 1 on any violation, 2 when pyshacl is missing or the arguments are wrong.
"""

from __future__ import annotations

import json
import os
import socket
import sys

try:
    import pyshacl
    import rdflib
    from rdflib.namespace import RDF, SH
    from rdflib.plugins.shared.jsonld import context as jsonld_context
except ImportError:
    print("elm-shacl-check: the Python package pyshacl is missing: pip install pyshacl==0.40.1")
    sys.exit(2)

SHAPES = ["shapes/EDC-converted.ttl", "shapes/EDC-generic-full.ttl", "shapes/EDC-generic-no-cv.ttl"]
ONTOLOGY = ["ontology/ELM.ttl", "ontology/ELM-external.ttl"]
CONTEXTS = {
    "https://www.w3.org/2018/credentials/v1": "context/credentials-v1.jsonld",
    "http://data.europa.eu/snb/model/context/edc-ap": "context/edc-ap-context.jsonld",
}


class NetworkRefused(OSError):
    """Raised for any attempt to open a socket: the check never goes online."""


def refuse_network(*_arguments: object, **_keywords: object) -> None:
    raise NetworkRefused("elm-shacl-check works offline; no socket may be opened")


def install_document_loader(folder: str) -> None:
    """Makes rdflib's JSON-LD parser read the known contexts from `folder` and refuse any other."""

    def load(source: object, *_arguments: object, **_keywords: object) -> tuple[object, None]:
        url = str(source)
        if url not in CONTEXTS:
            raise NetworkRefused(f"no local copy of the JSON-LD context {url}")
        with open(os.path.join(folder, CONTEXTS[url]), encoding="utf-8") as file:
            return json.load(file), None

    jsonld_context.source_to_json = load
    socket.socket.connect = refuse_network  # type: ignore[method-assign]
    socket.create_connection = refuse_network  # type: ignore[assignment]


def load_turtle(folder: str, paths: list[str]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in paths:
        graph.parse(os.path.join(folder, path), format="turtle")
    return graph


PREFIXES = {
    "elm": "http://data.europa.eu/snb/model/elm/",
    "cred": "https://www.w3.org/2018/credentials#",
    "dc": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


def context_terms(folder: str) -> set[str]:
    """Every term the local contexts define, at any depth (type-scoped contexts included)."""
    terms: set[str] = set()

    def collect(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context" and isinstance(value, dict):
                    terms.update(name for name in value if not name.startswith("@"))
                collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    for path in CONTEXTS.values():
        with open(os.path.join(folder, path), encoding="utf-8") as file:
            collect(json.load(file))
    return terms


def undefined_members(node: object, terms: set[str], pointer: str = "") -> list[str]:
    """JSON pointers of the members no context defines; language maps are not descended into."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if not key.startswith("@") and ":" not in key and key not in terms:
                found.append(f"  {pointer}/{key}: no JSON-LD context defines the member {key!r}")
            elif not is_language_map(value):
                found += undefined_members(value, terms, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += undefined_members(item, terms, f"{pointer}/{index}")
    return found


def is_language_map(value: object) -> bool:
    return isinstance(value, dict) and all(
        len(key) <= 8 and isinstance(text, (str, list)) for key, text in value.items()
    )


def violations(report: rdflib.Graph, results: object = None, indent: str = "  ") -> list[str]:
    for prefix, namespace in PREFIXES.items():
        report.bind(prefix, namespace, replace=True)
    blocks = []
    for result in results if results is not None else report.subjects(RDF.type, SH.ValidationResult):
        if results is None and (None, SH.detail, result) in report:
            continue
        fields = {
            "focus": report.value(result, SH.focusNode),
            "path": report.value(result, SH.resultPath),
            "value": report.value(result, SH.value),
            "severity": report.value(result, SH.resultSeverity),
        }
        message = report.value(result, SH.resultMessage) or report.value(result, SH.sourceConstraintComponent)
        shown = ", ".join(
            f"{name} {report.namespace_manager.normalizeUri(value) if isinstance(value, rdflib.URIRef) else value}"
            for name, value in fields.items()
            if value is not None
        )
        nested = violations(report, list(report.objects(result, SH.detail)), indent + "  ")
        blocks.append([f"{indent}{shown}: {message}"] + nested)
    return [line for block in sorted(blocks) for line in block]


def main(arguments: list[str]) -> int:
    if len(arguments) < 2:
        print(__doc__)
        return 2
    folder = arguments[0]
    install_document_loader(folder)
    terms = context_terms(folder)
    shapes = load_turtle(folder, SHAPES)
    ontology = load_turtle(folder, ONTOLOGY)
    passed = failed = 0
    for path in arguments[1:]:
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
        data = rdflib.Graph()
        try:
            data.parse(data=json.dumps(document), format="json-ld")
        except (OSError, ValueError) as error:
            failed += 1
            print(f"FAIL {path}: not readable as JSON-LD offline: {error}")
            continue
        conforms, report, _ = pyshacl.validate(
            data, shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=True
        )
        problems = undefined_members(document, terms) + ([] if conforms else violations(report))
        if not problems:
            passed += 1
            print(f"ok   {path}")
        else:
            failed += 1
            print(f"FAIL {path}:")
            print("\n".join(problems))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
