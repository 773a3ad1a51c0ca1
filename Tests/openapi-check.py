#!/usr/bin/env python3
"""Checks answers a node gave against the OpenAPI document of its API port.

`python3 Tests/openapi-check.py EXCHANGES.jsonl [--all]` reads `Schemas/openapi/credex-api.yaml`,
checks it (OpenAPI 3.1, every schema a valid JSON Schema draft 2020-12, every `$ref` resolved),
then each line of EXCHANGES.jsonl, one request and its answer as a test recorded them:
`{"method": "GET", "path": "/api/v1/specs?q=x", "status": 200, "contentType": "...", "body": "..."}`.
Each answer must be documented for its operation and status, with its content type, and its body
must pass the documented schema. With `--all`, every documented operation under `/api/v1`
must have been exercised, and every documented status of it (the node's public routes are
checked by the node's own tests, without `--all`).

Prints one line per problem and a last line `N passed, M failed`. Exit status: 0 when all pass,
1 on any failure, 2 when `jsonschema` or `yaml` is missing.
"""

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

try:
    import jsonschema
    import referencing
    import yaml
except ImportError as error:  # pragma: no cover - reported to the test
    print(f"missing Python package: {error.name} (pip install jsonschema pyyaml)")
    sys.exit(2)

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "Schemas" / "openapi" / "credex-api.yaml"
BASE = "https://schemas.credex.eu/openapi/credex-api.yaml"


def absolute(node: object) -> None:
    """Makes every local `$ref` absolute, so a schema taken out of the document still resolves."""
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str) and node["$ref"].startswith("#"):
            node["$ref"] = BASE + node["$ref"]
        for value in node.values():
            absolute(value)
    elif isinstance(node, list):
        for value in node:
            absolute(value)


def main(arguments: list[str]) -> int:
    require_all = "--all" in arguments
    files = [a for a in arguments if a != "--all"]
    document = yaml.safe_load(DOCUMENT.read_text())
    failures: list[str] = []
    passed = 0
    if not str(document.get("openapi", "")).startswith("3.1."):
        failures.append("the document is not OpenAPI 3.1")
    absolute(document)
    registry = referencing.Registry().with_resource(BASE, referencing.Resource.from_contents(
        document, default_specification=referencing.jsonschema.DRAFT202012))
    resolver = registry.resolver(base_uri=BASE)

    def resolve(node: dict) -> dict:
        while isinstance(node, dict) and "$ref" in node:
            node = resolver.lookup(node["$ref"]).contents
        return node

    for name, schema in document.get("components", {}).get("schemas", {}).items():
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
            passed += 1
        except jsonschema.SchemaError as error:
            failures.append(f"components/schemas/{name}: {error.message}")

    operations: dict[tuple[str, str], dict] = {}
    patterns: list[tuple[re.Pattern, str]] = []
    for path, item in document["paths"].items():
        regex = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$"
        patterns.append((re.compile(regex), path))
        for method, operation in item.items():
            operations[(method.upper(), path)] = operation

    seen: set[tuple[str, str, str]] = set()
    for file in files:
        for number, line in enumerate(Path(file).read_text().splitlines(), 1):
            if not line.strip():
                continue
            exchange = json.loads(line)
            label = f"{exchange['method']} {exchange['path']} -> {exchange['status']}"
            path = urlsplit(exchange["path"]).path
            template = next((t for p, t in patterns if p.match(path)), None)
            operation = operations.get((exchange["method"], template)) if template else None
            if operation is None:
                failures.append(f"{label}: no documented operation")
                continue
            responses = operation.get("responses", {})
            status = str(exchange["status"])
            response = responses.get(status) or responses.get("default")
            if response is None:
                failures.append(f"{label}: status {status} is not documented for {template}")
                continue
            seen.add((exchange["method"], template, status))
            response = resolve(response)
            content = response.get("content", {})
            media = (exchange.get("contentType") or "").split(";")[0].strip()
            if not content:
                passed += 1
                continue
            if media not in content:
                failures.append(f"{label}: content type {media!r} is not documented ({', '.join(content)})")
                continue
            schema = content[media].get("schema")
            if schema is None:
                passed += 1
                continue
            try:
                body = json.loads(exchange["body"]) if media.endswith("json") else exchange["body"]
            except json.JSONDecodeError as error:
                failures.append(f"{label}: the body is not JSON ({error})")
                continue
            validator = jsonschema.Draft202012Validator(schema, registry=registry)
            errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
            if errors:
                where = "/" + "/".join(str(p) for p in errors[0].absolute_path)
                failures.append(f"{label}: {where}: {errors[0].message[:300]}")
            else:
                passed += 1

    if require_all:
        for (method, path), operation in operations.items():
            if not path.startswith("/api/v1/"):
                continue
            for status in operation.get("responses", {}):
                if (method, path, status) not in seen:
                    failures.append(f"{method} {path} -> {status}: documented but never exercised")

    for failure in failures:
        print(f"FAIL  {failure}")
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
