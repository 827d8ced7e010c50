"""Validates a SARIF log against the SARIF 2.1.0 JSON schema (a real
validator: python3-jsonschema). Exit 0 when valid; otherwise prints every
violation and exits 1."""
import json
import os
import sys

import jsonschema

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "sarif-2.1.0-rtm.5.json")) as f:
    schema = json.load(f)
with open(sys.argv[1]) as f:
    log = json.load(f)

cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema, format_checker=jsonschema.FormatChecker())
errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
for e in errors:
    print("invalid SARIF at /%s: %s" % ("/".join(map(str, e.path)), e.message))
if errors:
    sys.exit(1)
print("valid SARIF 2.1.0: %d run(s), %d result(s)" % (
    len(log["runs"]), sum(len(r.get("results", [])) for r in log["runs"])))
