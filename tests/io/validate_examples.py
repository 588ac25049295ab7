#!/usr/bin/env python3
"""Validates every examples/*.yaml against docs/scenario.schema.json (JSON Schema draft-07).

Usage: validate_examples.py SCHEMA EXAMPLES_DIR. Exits 0 when all are valid, 1 otherwise, and 77
(a skip for ctest) when python3-jsonschema or python3-yaml is not installed.
"""
import json
import pathlib
import sys

try:
    import jsonschema
    import yaml
except ImportError as missing:
    print(f"SKIPPED LOUDLY: {missing}; install python3-jsonschema and python3-yaml")
    sys.exit(77)


def main() -> int:
    schema = json.loads(pathlib.Path(sys.argv[1]).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    examples = sorted(pathlib.Path(sys.argv[2]).glob("*.yaml"))
    if not examples:
        print("no examples found in", sys.argv[2])
        return 1
    failures = 0
    for path in examples:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        for error in errors:
            where = "/".join(str(p) for p in error.path)
            print(f"{path}: {where}: {error.message}")
        failures += bool(errors)
        print(f"{path.name}: {'INVALID' if errors else 'valid'}")
    # A schema that accepts anything would make this test vacuous: a typo must be rejected.
    broken = yaml.safe_load(examples[0].read_text(encoding="utf-8"))
    broken["parties"][0]["weigths"] = broken["parties"][0].pop("weights", {})
    if validator.is_valid(broken):
        print("the schema accepted a misspelt key 'weigths'")
        failures += 1
    print(f"{len(examples)} examples checked, {failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
