#!/usr/bin/env python3
"""Validates Open Badges 3.0 credentials against the formal 1EdTech AchievementCredential schema.

Usage: `python3 Tests/ob3-schema-check.py SCHEMA CREDENTIAL...`. The schema is the formal
(gh-pages) JSON Schema, draft 2019-09, not the "JSON-LD Schema adaptation" copy. Formats are
checked where jsonschema has a checker for them.

Prints one line per credential and a last line `N passed, M failed`. Exit status: 0 when all
pass, 1 on any failure, 2 when the `jsonschema` package is missing or the arguments are wrong.
"""

from __future__ import annotations

import json
import sys

try:
    import jsonschema
except ImportError:
    print("ob3-schema-check: the Python package jsonschema is missing: pip install jsonschema==4.26.0")
    sys.exit(2)


def main(arguments: list[str]) -> int:
    if len(arguments) < 2:
        print(__doc__)
        return 2
    with open(arguments[0], encoding="utf-8") as file:
        schema = json.load(file)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    passed = failed = 0
    for path in arguments[1:]:
        with open(path, encoding="utf-8") as file:
            credential = json.load(file)
        errors = sorted(validator.iter_errors(credential), key=lambda error: list(error.absolute_path))
        if errors:
            failed += 1
            for error in errors:
                pointer = "/" + "/".join(str(part) for part in error.absolute_path)
                print(f"FAIL {path}: at {pointer}: {error.message[:300]}")
        else:
            passed += 1
            print(f"ok   {path}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
