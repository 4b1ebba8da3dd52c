"""Checks the dashboard and the alert rules against the families Steward exports.

    python3 check_expressions.py metric-families.txt steward-alerts.yml steward-dashboard.json

- metric-families.txt: `NAME TYPE` a line (`#` comments), what `GET /metrics` serves.
- The rules (YAML with one-line `expr:` values, as written here; promtool checks the syntax):
  every metric name in an expression is exported, and every alert has a summary and a
  description that says where to look (`journalctl -u steward`, `steward get` or `systemctl`).
- The dashboard: valid JSON, schemaVersion 39 or later, panels on the `${DS_PROMETHEUS}` data
  source, `job` and `instance` template variables, and every target's expression uses exported
  names only (a histogram's `_bucket`, `_sum` and `_count` count as its family).
"""
import json
import re
import sys

PROMQL_WORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right",
                "bool", "offset", "inf", "nan", "atan2"}
PROMETHEUS_OWN = {"up"}  # Prometheus writes it per target; Steward does not export it.
HINTS = ("journalctl -u steward", "steward get", "systemctl status steward")


def families(path):
    result = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            name, kind = line.split()
            result[name] = kind
    return result


def metric_names(expr):
    """The metric names an expression selects: identifiers outside strings, label matchers,
    ranges and groupings that are not functions or keywords."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    text = re.sub(r"\$\{?\w+\}?", " ", text)
    names = set()
    for match in re.finditer(r"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?", text):
        name, call = match.group(1), match.group(2)
        if call or name in PROMQL_WORDS or re.fullmatch(r"\d+[smhdwy]", name):
            continue
        names.add(name)
    return names


def unknown(names, exported):
    bad = set()
    for name in names:
        base = re.sub(r"_(bucket|sum|count)$", "", name)
        if name in exported or name in PROMETHEUS_OWN or (base != name and exported.get(base) == "histogram"):
            continue
        bad.add(name)
    return bad


def check_rules(path, exported, problems):
    text = open(path, encoding="utf-8").read()
    alerts = re.split(r"\n\s*- alert: ", text)[1:]
    if not alerts:
        problems.append(f"{path}: no alerts")
    for block in alerts:
        name = block.split("\n", 1)[0].strip()
        expr = re.search(r"\n\s*expr: (.+)", block)
        if not expr:
            problems.append(f"{path}: {name}: no one-line expr")
            continue
        for bad in sorted(unknown(metric_names(expr.group(1)), exported)):
            problems.append(f"{path}: {name}: {bad} is not a family Steward exports (metric-families.txt)")
        for key in ("summary", "description"):
            if not re.search(rf"\n\s*{key}: ", block):
                problems.append(f"{path}: {name}: no {key} annotation")
        if not any(hint in block for hint in HINTS):
            problems.append(f"{path}: {name}: the annotations do not say where to look ({', '.join(HINTS)})")
    return len(alerts)


def check_dashboard(path, exported, problems):
    try:
        dashboard = json.load(open(path, encoding="utf-8"))
    except json.JSONDecodeError as error:
        problems.append(f"{path}: not JSON: {error}")
        return 0
    if dashboard.get("schemaVersion", 0) < 39:
        problems.append(f"{path}: schemaVersion {dashboard.get('schemaVersion')} < 39")
    variables = {v.get("name"): v for v in dashboard.get("templating", {}).get("list", [])}
    for name in ("DS_PROMETHEUS", "job", "instance"):
        if name not in variables:
            problems.append(f"{path}: no template variable {name}")
    if not any(i.get("name") == "DS_PROMETHEUS" for i in dashboard.get("__inputs", [])):
        problems.append(f"{path}: no DS_PROMETHEUS input")
    ids = set()
    targets = 0
    for panel in dashboard.get("panels", []):
        title = panel.get("title", "?")
        if panel.get("id") in ids:
            problems.append(f"{path}: panel id {panel.get('id')} twice")
        ids.add(panel.get("id"))
        if panel.get("type") == "row":
            continue
        if panel.get("datasource", {}).get("uid") != "${DS_PROMETHEUS}":
            problems.append(f"{path}: {title}: data source is not ${{DS_PROMETHEUS}}")
        if not panel.get("targets"):
            problems.append(f"{path}: {title}: no targets")
        for target in panel.get("targets", []):
            targets += 1
            expr = target.get("expr", "")
            if '$job' not in expr or '$instance' not in expr:
                problems.append(f"{path}: {title}: {expr} does not select $job and $instance")
            for bad in sorted(unknown(metric_names(expr), exported)):
                problems.append(f"{path}: {title}: {bad} is not a family Steward exports (metric-families.txt)")
    return targets


def main(argv):
    exported = families(argv[1])
    problems = []
    alerts = check_rules(argv[2], exported, problems)
    targets = check_dashboard(argv[3], exported, problems)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"check_expressions: {alerts} alerts and {targets} dashboard expressions use only exported families")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
