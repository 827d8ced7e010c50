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

# Two passes over the same definitions: as this file declares them (JSON
# Schema draft-04, the form SchemaStore publishes as rtm.5) and as the OASIS
# standard's sarif-schema-2.1.0.json declares them (draft-07, the OASIS $id;
# per the SARIF maintainers the two files differ only in these header
# fields and in descriptions, see SCHEMA-ORIGIN.md).
oasis = dict(schema)
oasis.pop("id", None)
oasis["$schema"] = "http://json-schema.org/draft-07/schema#"
oasis["$id"] = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/cos02/"
                "schemas/sarif-schema-2.1.0.json")
errors = []
for s, cls in ((schema, jsonschema.validators.validator_for(schema)),
               (oasis, jsonschema.Draft7Validator)):
    cls.check_schema(s)
    validator = cls(s, format_checker=jsonschema.FormatChecker())
    for e in sorted(validator.iter_errors(log), key=lambda e: list(e.path)):
        msg = "invalid SARIF at /%s: %s" % ("/".join(map(str, e.path)), e.message)
        if msg not in errors:
            errors.append(msg)
for e in errors:
    print(e)
if errors:
    sys.exit(1)
print("valid SARIF 2.1.0: %d run(s), %d result(s)" % (
    len(log["runs"]), sum(len(r.get("results", [])) for r in log["runs"])))
