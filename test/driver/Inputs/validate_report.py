"""Validates a conclint report in a CI system's format.

  validate_report.py gitlab FILE      GitLab Code Quality (Code Climate JSON)
  validate_report.py sonarqube FILE   SonarQube generic external issues
  validate_report.py codechecker FILE CodeChecker plist

JSON formats: against the schemas beside this file (python3-jsonschema),
plus what a schema cannot say (unique fingerprints, rule references, ranges
inside the line). CodeChecker: read with plistlib, the parser CodeChecker
itself falls back to, then checked field by field as CodeChecker's plist
parser reads them. Where the facts come from: SCHEMA-ORIGIN.md. Exit 0 when
valid; otherwise prints every violation and exits 1."""
import json
import os
import plistlib
import sys

here = os.path.dirname(os.path.abspath(__file__))


def schema_errors(doc, name):
    import jsonschema
    with open(os.path.join(here, name)) as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    v = jsonschema.Draft7Validator(schema)
    return ["invalid at /%s: %s" % ("/".join(map(str, e.path)), e.message)
            for e in sorted(v.iter_errors(doc), key=lambda e: list(e.path))]


def gitlab(path):
    doc = json.load(open(path))
    errors = schema_errors(doc, "gitlab-codequality.schema.json")
    seen = {}
    for i, issue in enumerate(doc if isinstance(doc, list) else []):
        fp = issue.get("fingerprint")
        if fp in seen:
            errors.append("issues %d and %d share the fingerprint %s (GitLab "
                          "would show only one)" % (seen[fp], i, fp))
        seen[fp] = i
    return errors, "valid GitLab Code Quality: %d issue(s)" % len(doc)


def sonarqube(path):
    doc = json.load(open(path))
    errors = schema_errors(doc, "sonar-generic-issues.schema.json")
    if errors:
        return errors, ""
    rules = [r["id"] for r in doc["rules"]]
    if len(set(rules)) != len(rules):
        errors.append("a rule id is defined twice")
    for i, issue in enumerate(doc["issues"]):
        if issue["ruleId"] not in rules:
            errors.append("issue %d refers to the undefined rule %s" % (i, issue["ruleId"]))
        for loc in [issue["primaryLocation"]] + issue.get("secondaryLocations", []):
            r = loc.get("textRange")
            if not r:
                continue
            end = r.get("endLine", r["startLine"])
            if end < r["startLine"]:
                errors.append("issue %d: endLine before startLine" % i)
            if ("startColumn" in r) != ("endColumn" in r) and end == r["startLine"]:
                pass
            if end == r["startLine"] and "startColumn" in r and "endColumn" in r \
                    and r["endColumn"] <= r["startColumn"]:
                errors.append("issue %d: empty column range" % i)
            if os.path.isabs(loc["filePath"]):
                errors.append("issue %d: absolute filePath %s" % (i, loc["filePath"]))
    return errors, "valid SonarQube generic issues: %d rule(s), %d issue(s)" % (
        len(rules), len(doc["issues"]))


def codechecker(path):
    with open(path, "rb") as f:
        plist = plistlib.load(f)
    errors = []
    files = plist.get("files")
    if not isinstance(files, list) or not all(isinstance(x, str) for x in files):
        return ["'files' must be a list of paths"], ""
    for x in files:
        if not os.path.isabs(x):
            errors.append("relative path %s: CodeChecker would resolve it "
                          "against the plist's directory" % x)
    meta = plist.get("metadata", {})
    if not meta.get("analyzer", {}).get("name"):
        errors.append("metadata.analyzer.name is missing")

    def loc(where, l):
        if not isinstance(l, dict):
            errors.append("%s: location must be a dict" % where)
            return
        for k in ("line", "col", "file"):
            if not isinstance(l.get(k), int):
                errors.append("%s: location.%s must be an integer" % (where, k))
        if isinstance(l.get("file"), int) and not 0 <= l["file"] < len(files):
            errors.append("%s: file index %d out of range" % (where, l["file"]))

    diags = plist.get("diagnostics")
    if not isinstance(diags, list):
        return errors + ["'diagnostics' must be a list"], ""
    hashes = set()
    for i, d in enumerate(diags):
        w = "diagnostic %d" % i
        loc(w, d.get("location"))
        for k in ("check_name", "description", "category", "type",
                  "issue_hash_content_of_line_in_context"):
            if not isinstance(d.get(k), str) or not d.get(k):
                errors.append("%s: %s must be a non-empty string" % (w, k))
        h = d.get("issue_hash_content_of_line_in_context")
        if h in hashes:
            errors.append("%s: report hash %s is not unique" % (w, h))
        hashes.add(h)
        path_ = d.get("path", [])
        events = [e for e in path_ if e.get("kind") == "event"]
        if not events:
            errors.append("%s: no bug path event" % w)
        for j, e in enumerate(events):
            loc("%s event %d" % (w, j), e.get("location"))
            if not isinstance(e.get("message"), str):
                errors.append("%s event %d: message must be a string" % (w, j))
        if events and events[-1].get("location") != d.get("location"):
            errors.append("%s: the last event must be the report itself" % w)
    return errors, "valid CodeChecker plist: %d file(s), %d report(s)" % (
        len(files), len(diags))


kind, path = sys.argv[1], sys.argv[2]
errors, ok = {"gitlab": gitlab, "sonarqube": sonarqube,
              "codechecker": codechecker}[kind](path)
for e in errors:
    print(e)
if errors:
    sys.exit(1)
print(ok)
