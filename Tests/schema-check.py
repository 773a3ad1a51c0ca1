#!/usr/bin/env python3
"""Checks the Credex JSON Schemas against the fixtures and examples.

Run from anywhere: `python3 Tests/schema-check.py`. Offline: every `$ref` resolves
to a file in `Schemas/records/` or `Schemas/protocol/`.

- every `Schemas/records/*.schema.json` must be a valid JSON Schema (draft 2020-12);
- every `Tests/Fixtures/records/valid/<schema>--<case>.json` must pass `<schema>.schema.json`;
- every `Tests/Fixtures/records/invalid/<schema>--<case>.json` must fail it, at exactly
  the JSON Pointer that `invalid/INDEX.json` gives for it (one defect per fixture);
- every `Schemas/examples/spec-*.json` must pass `spec`, every `award-*.json` `award-input`,
  every `trustlist-*.json` `trustlist`;
- every `Schemas/protocol/*.schema.json` (the peer protocol's messages) must be a valid schema,
  and every `Schemas/protocol/examples/<schema>-<case>.json` must pass `<schema>.schema.json`
  (the longest schema name that the file name starts with).

`python3 Tests/schema-check.py --protocol SCHEMA FILE...` checks only the schemas and then each
FILE (a message a test captured from a running node) against `Schemas/protocol/SCHEMA.schema.json`.

Prints one line per file and a last line `N passed, M failed`. Exit status: 0 when
all pass, 1 on any failure, 2 when the `jsonschema` package is missing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

try:
    import jsonschema
    import referencing
    import referencing.jsonschema
except ImportError:
    print("schema-check: the Python package jsonschema (4.18 or later) is missing: pip install jsonschema==4.26.0")
    sys.exit(2)

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "Schemas" / "records"
PROTOCOL = ROOT / "Schemas" / "protocol"
EXAMPLES = ROOT / "Schemas" / "examples"
FIXTURES = ROOT / "Tests" / "Fixtures" / "records"
ID_BASE = "https://schemas.credex.eu/"
Validator = jsonschema.Draft202012Validator


class StrictJSONError(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise StrictJSONError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _no_constant(name: str) -> object:
    raise StrictJSONError(f"{name} is not JSON")


def load(path: Path) -> object:
    """Parses strict JSON: UTF-8, no duplicate keys, no NaN or Infinity."""
    return json.loads(
        path.read_bytes().decode("utf-8"),
        object_pairs_hook=_no_duplicates,
        parse_constant=_no_constant,
    )


def pointer(path: object) -> str:
    """RFC 6901 pointer of a jsonschema error path."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def error_pointers(error: jsonschema.ValidationError) -> set[str]:
    """Where an error is: the failing value, an unexpected member, or the object missing one."""
    base = pointer(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extras = [key for key in error.instance if key not in allowed]
        return {base + pointer([key]) for key in extras}
    if "propertyNames" in error.absolute_schema_path:
        # jsonschema reports the object; the offending value is the member named by the bad key.
        return {base + pointer([error.instance])} if isinstance(error.instance, str) else {base}
    return {base}


class Checker:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0
        self.validators: dict[str, jsonschema.protocols.Validator] = {}

    def report(self, ok: bool, label: str, detail: str = "") -> None:
        if ok:
            self.passed += 1
            print(f"ok    {label}" + (f"  ({detail})" if detail else ""))
        else:
            self.failed += 1
            print(f"FAIL  {label}: {detail}")

    def load_schemas(self) -> None:
        resources = []
        schemas: dict[str, dict] = {}
        for path in sorted(SCHEMAS.glob("*.schema.json")) + sorted(PROTOCOL.glob("*.schema.json")):
            label = path.relative_to(ROOT).as_posix()
            try:
                schema = load(path)
                Validator.check_schema(schema)
                expected = ID_BASE + path.parent.name + "/" + path.name
                if schema.get("$id") != expected:
                    raise ValueError(f"$id is {schema.get('$id')!r}, expected {expected!r}")
            except Exception as error:  # noqa: BLE001 - every problem is reported the same way
                self.report(False, label, str(error).splitlines()[0])
                continue
            stem = self.stem(path)
            schemas[stem] = schema
            resources.append((schema["$id"], referencing.Resource.from_contents(schema)))
        # No `retrieve` function: a $ref outside Schemas/ fails instead of going to the network.
        registry = referencing.Registry().with_resources(resources)
        for stem, schema in schemas.items():
            label = f"Schemas/{self.folder(stem)}/{stem.removeprefix('protocol/')}.schema.json"
            try:
                validator = Validator(schema, registry=registry)
                # Resolve every $ref once so a dangling one is reported here, not as a fixture failure.
                list(validator.iter_errors({}))
                self._resolve_all(schema, registry.resolver(base_uri=schema["$id"]))
            except Exception as error:  # noqa: BLE001
                self.report(False, label, f"{type(error).__name__}: {error}")
                continue
            self.validators[stem] = validator
            self.report(True, label, "valid draft 2020-12 schema")

    @staticmethod
    def stem(path: Path) -> str:
        """`award` for a record schema, `protocol/heads` for a protocol one."""
        name = path.name.removesuffix(".schema.json")
        return name if path.parent == SCHEMAS else f"{path.parent.name}/{name}"

    @staticmethod
    def folder(stem: str) -> str:
        return "protocol" if stem.startswith("protocol/") else "records"

    def _resolve_all(self, node: object, resolver: object) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                resolver.lookup(ref)
            for value in node.values():
                self._resolve_all(value, resolver)
        elif isinstance(node, list):
            for value in node:
                self._resolve_all(value, resolver)

    def errors(self, stem: str, instance: object) -> list[jsonschema.ValidationError]:
        return sorted(self.validators[stem].iter_errors(instance), key=lambda e: list(e.absolute_path))

    def check_valid(self, path: Path, stem: str) -> None:
        label = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()
        if stem not in self.validators:
            self.report(False, label, f"no schema Schemas/{self.folder(stem)}/{stem}.schema.json")
            return
        try:
            instance = load(path)
        except (ValueError, UnicodeDecodeError) as error:
            self.report(False, label, f"not strict JSON: {error}")
            return
        errors = self.errors(stem, instance)
        if errors:
            first = errors[0]
            where = pointer(first.absolute_path) or "(root)"
            self.report(False, label, f"{stem}: {where}: {first.message}" + (f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""))
        else:
            self.report(True, label, stem)

    def check_invalid(self, path: Path, stem: str, expected: dict | None) -> None:
        label = path.relative_to(ROOT).as_posix()
        if stem not in self.validators:
            self.report(False, label, f"no schema Schemas/{self.folder(stem)}/{stem}.schema.json")
            return
        if not isinstance(expected, dict) or not isinstance(expected.get("pointer"), str) or not expected.get("why"):
            self.report(False, label, "no {pointer, why} entry in invalid/INDEX.json")
            return
        try:
            instance = load(path)
        except (ValueError, UnicodeDecodeError) as error:
            self.report(False, label, f"not strict JSON (invalid fixtures must fail the schema, not the parser): {error}")
            return
        errors = self.errors(stem, instance)
        if not errors:
            self.report(False, label, f"{stem} accepted it; expected a failure at {expected['pointer']!r}")
            return
        found = set().union(*(error_pointers(error) for error in errors))
        if found != {expected["pointer"]}:
            shown = ", ".join(repr(p) for p in sorted(found))
            self.report(False, label, f"fails at {shown}; INDEX.json says exactly {expected['pointer']!r}")
            return
        self.report(True, label, f"rejected at {expected['pointer'] or '(root)'}: {errors[0].message}")


def stem_of(path: Path) -> str | None:
    name = path.name.removesuffix(".json")
    return name.split("--", 1)[0] if "--" in name else None


def main(arguments: list[str]) -> int:
    checker = Checker()
    checker.load_schemas()

    if arguments[:1] == ["--protocol"]:
        if len(arguments) < 3:
            print("usage: schema-check.py --protocol SCHEMA FILE...")
            return 2
        for name in arguments[2:]:
            checker.check_valid(Path(name).resolve(), f"protocol/{arguments[1]}")
        print(f"{checker.passed} passed, {checker.failed} failed")
        return 1 if checker.failed else 0

    for path in sorted((FIXTURES / "valid").glob("*.json")):
        stem = stem_of(path)
        if stem is None:
            checker.report(False, path.relative_to(ROOT).as_posix(), "name is not <schema>--<case>.json")
        else:
            checker.check_valid(path, stem)

    index_path = FIXTURES / "invalid" / "INDEX.json"
    try:
        index = load(index_path)
        if not isinstance(index, dict):
            raise ValueError("not an object")
    except (OSError, ValueError, UnicodeDecodeError) as error:
        checker.report(False, index_path.relative_to(ROOT).as_posix(), str(error))
        index = {}
    invalid = sorted(p for p in (FIXTURES / "invalid").glob("*.json") if p.name != "INDEX.json")
    for path in invalid:
        stem = stem_of(path)
        if stem is None:
            checker.report(False, path.relative_to(ROOT).as_posix(), "name is not <schema>--<case>.json")
        else:
            checker.check_invalid(path, stem, index.get(path.name))
    stale = sorted(set(index) - {p.name for p in invalid})
    if index_path.exists():
        checker.report(not stale, index_path.relative_to(ROOT).as_posix(),
                       f"entries without a file: {', '.join(stale)}" if stale else f"{len(index)} entries")

    for pattern, stem in (("spec-*.json", "spec"), ("award-*.json", "award-input"), ("trustlist-*.json", "trustlist")):
        for path in sorted(EXAMPLES.glob(pattern)):
            checker.check_valid(path, stem)

    # The longest schema name the example's name starts with: `personal-answer-kept.json` is a
    # `personal-answer` example even beside `personal-message`.
    protocol_stems = sorted((p.name.removesuffix(".schema.json") for p in PROTOCOL.glob("*.schema.json")),
                            key=len, reverse=True)
    for path in sorted((PROTOCOL / "examples").glob("*.json")):
        stem = next((s for s in protocol_stems if path.name.startswith(s + "-")), path.name.split("-", 1)[0])
        checker.check_valid(path, "protocol/" + stem)

    print(f"{checker.passed} passed, {checker.failed} failed")
    return 1 if checker.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
