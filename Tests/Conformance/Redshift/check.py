#!/usr/bin/env python3
"""Redshift conformance check over every statement in every *.redshift.sql golden file.

Four parts, each against AWS's Amazon Redshift Database Developer Guide:
  grammar    every statement parses with sqlfluff's `redshift` dialect, or matches a listed
             parser gap (parser-gaps.json, each with the AWS page showing it is valid);
  catalog    every catalog table/view and column a statement reads is in catalog.json;
             PostgreSQL catalogs and columns Redshift lacks are errors;
  functions  every function called is in functions.json with its documented signature; its
             arity and argument rules hold; leader-node-only functions and pg_* catalog tables
             are not mixed with user tables or stl_/stv_/svl_/svv_/sys_ views;
  forms      forms PostgreSQL has and Redshift lacks (forbidden-forms.json) are refused.

  check.py [--goldens DIR] [--data DIR] [--no-grammar]
Exit status 0 when every statement conforms; otherwise each problem is printed as
  FILE:LINE: [part] problem — how to fix (AWS page)
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_GOLDENS = os.path.normpath(os.path.join(HERE, "..", "..", "StewardWarehouseTests", "Golden"))

SYSTEM_VIEW = re.compile(r"^(stl|stv|svl|svv|sys)_", re.I)
CATALOG_NAME = re.compile(r"^(pg|stl|stv|svl|svv|sys)_[a-z0-9_]+$", re.I)

# Words that may precede "(" without being a function call, and words that are never columns.
NOT_FUNCTIONS = {
    "in", "exists", "values", "as", "on", "and", "or", "not", "any", "all", "into", "from", "where",
    "varchar", "char", "decimal", "numeric", "integer", "int", "bigint", "smallint", "procedure", "then",
    "else", "when", "select", "is", "by", "with", "using", "over", "join", "if", "table",
}
# SQL functions written without parentheses.
NILADIC = {"current_user", "session_user", "current_date", "current_time", "current_timestamp", "localtime",
           "localtimestamp", "current_schema", "current_role", "current_catalog"}
KEYWORDS = {
    "select", "from", "where", "and", "or", "not", "as", "on", "join", "left", "right", "inner", "outer",
    "cross", "in", "is", "null", "true", "false", "exists", "case", "when", "then", "else", "end", "order",
    "by", "group", "having", "limit", "distinct", "union", "all", "any", "between", "like", "ilike",
    "asc", "desc", "varchar", "char", "decimal", "integer", "int", "bigint", "boolean", "text", "numeric",
}


class Statement:
    def __init__(self, path, line, text, body):
        self.path = path
        self.line = line
        self.text = text  # as in the golden, comments removed
        self.body = body  # dollar-quoted bodies (procedure code), scanned like SQL

    @property
    def where(self):
        return f"{os.path.basename(self.path)}:{self.line}"


def split_statements(path, source):
    """Splits SQL text into statements, honouring '...', "...", $tag$...$tag$ and -- comments."""
    statements, current, bodies = [], [], []
    i, line, start_line = 0, 1, None
    n = len(source)
    while i < n:
        c = source[i]
        if c == "-" and source.startswith("--", i):
            end = source.find("\n", i)
            i = n if end < 0 else end
            continue
        if start_line is None and not c.isspace():
            start_line = line
        if c == "'" or c == '"':
            j = i + 1
            while j < n:
                if source[j] == c:
                    if j + 1 < n and source[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            chunk = source[i:j + 1]
        elif c == "$" and re.match(r"\$[A-Za-z_]*\$", source[i:]):
            tag = re.match(r"\$[A-Za-z_]*\$", source[i:]).group(0)
            end = source.find(tag, i + len(tag))
            end = n if end < 0 else end
            chunk = source[i:end + len(tag)]
            bodies.append(source[i + len(tag):end])
        elif c == ";":
            text = "".join(current).strip()
            if text:
                statements.append(Statement(path, start_line, text, bodies))
            current, bodies, start_line = [], [], None
            i += 1
            continue
        else:
            chunk = c
        current.append(chunk)
        line += chunk.count("\n")
        i += len(chunk)
    text = "".join(current).strip()
    if text:
        statements.append(Statement(path, start_line, text, bodies))
    return statements


def strip_literals(sql, keep_dollar_bodies=True):
    """Removes string literals and quoted identifiers (so names inside them are not read as
    catalog references); dollar-quoted bodies stay as code when asked."""
    out, i, n = [], 0, len(sql)
    while i < n:
        c = sql[i]
        if c == "'":
            j = i + 1
            while j < n and not (sql[j] == "'" and (j + 1 >= n or sql[j + 1] != "'")):
                j += 2 if sql[j] == "'" else 1
            out.append("''")
            i = j + 1
        elif c == '"':
            j = sql.find('"', i + 1)
            while j >= 0 and j + 1 < n and sql[j + 1] == '"':
                j = sql.find('"', j + 2)
            out.append('"q"')
            i = n if j < 0 else j + 1
        elif c == "$" and re.match(r"\$[A-Za-z_]*\$", sql[i:]):
            tag = re.match(r"\$[A-Za-z_]*\$", sql[i:]).group(0)
            end = sql.find(tag, i + len(tag))
            end = n if end < 0 else end
            out.append(" " + strip_literals(sql[i + len(tag):end]) + " " if keep_dollar_bodies else " ''")
            i = end + len(tag)
        else:
            out.append(c)
            i += 1
    return "".join(out)


def load(data_dir, name):
    with open(os.path.join(data_dir, name), encoding="utf-8") as f:
        return json.load(f)


class Checker:
    def __init__(self, data_dir, grammar=True):
        self.catalog = load(data_dir, "catalog.json")
        self.functions = load(data_dir, "functions.json")
        self.gaps = load(data_dir, "parser-gaps.json")["gaps"]
        self.forms = load(data_dir, "forbidden-forms.json")["forms"]
        self.grammar = grammar
        self.problems = []
        self.used_relations, self.used_columns, self.used_functions, self.used_gaps = set(), set(), set(), set()

    def problem(self, stmt, part, message):
        self.problems.append(f"{stmt.where}: [{part}] {message}")

    # --- grammar -------------------------------------------------------------------------
    def check_grammar(self, stmt, parse):
        sql = re.sub(r"\$(\d+)", r"'p\1'", stmt.text)  # parameters as literals
        flat = " ".join(sql.split())
        for index, gap in enumerate(self.gaps):
            if gap["kind"] == "statement" and re.fullmatch(gap["pattern"], " ".join(stmt.text.split())):
                self.used_gaps.add(index)
                return
        error = parse(sql)
        if error is None:
            return
        for index, gap in enumerate(self.gaps):
            if gap["kind"] == "substitute" and re.search(gap["pattern"], flat):
                if parse(re.sub(gap["pattern"], gap["replacement"], sql)) is None:
                    self.used_gaps.add(index)
                    return
        self.problem(stmt, "grammar", f"sqlfluff's redshift dialect cannot parse this statement ({error}): fix the statement, "
                     "or, if AWS documents it as valid, add a narrow entry with the page to parser-gaps.json: " + flat[:160])

    # --- catalog -------------------------------------------------------------------------
    def relations(self, code):
        """(catalog relation names, alias -> relation, user relations count) of SQL code."""
        code = re.sub(r"\bpg_catalog\.", "", code, flags=re.I)
        catalog, aliases = [], {}
        for m in re.finditer(r"\b((?:pg|stl|stv|svl|svv|sys)_[a-z0-9_]+)\b(?!\s*\()(?:\s+(?:AS\s+)?([a-z_][a-z0-9_]*))?", code, re.I):
            name = m.group(1).lower()
            catalog.append(name)
            aliases[name] = name
            alias = (m.group(2) or "").lower()
            if alias and alias not in KEYWORDS and alias not in {"where", "join", "on", "order", "left", "group"}:
                aliases[alias] = name
        return catalog, aliases

    def user_relations(self, stmt):
        """Quoted relations the statement reads or writes: user tables and views."""
        text = stmt.text + " " + " ".join(stmt.body)
        pattern = r'(?:\bFROM|\bJOIN|\bINTO|\bUPDATE|\bTABLE)\s+("[^"]+"(?:\."[^"]+"){1,2})'
        return re.findall(pattern, text, re.I)

    def check_catalog(self, stmt):
        relations = self.catalog["relations"]
        pg_only = self.catalog["postgresql_only"]
        for code in [strip_literals(stmt.text, keep_dollar_bodies=False)] + [strip_literals(b) for b in stmt.body]:
            names, aliases = self.relations(code)
            for name in names:
                if name in relations:
                    self.used_relations.add(name)
                elif name in pg_only:
                    self.problem(stmt, "catalog", f"{name} does not exist on Redshift: {pg_only[name]}")
                elif not name.startswith(("pg_", "svv_", "stl_", "stv_", "svl_", "sys_")):
                    continue
                else:
                    self.problem(stmt, "catalog", f"{name} is not in catalog.json: add it with its AWS page and the columns read, "
                                 "or read a documented table instead")
            flat = re.sub(r"\bpg_catalog\.", "", code, flags=re.I)
            for m in re.finditer(r"\b([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)\b(?!\s*\()", flat, re.I):
                alias, column = m.group(1).lower(), m.group(2).lower()
                if alias in aliases:
                    self.check_column(stmt, aliases[alias], column)
            # Unqualified columns, where only catalog relations are read.
            if names and not self.user_relations_in(code):
                only = {aliases[a] for a in aliases}
                words = re.findall(r"(?<![.\w$'])([a-z_][a-z0-9_]*)\b(?!\s*\()(?!\.)", flat, re.I)
                known_functions = {f for f, e in self.functions["functions"].items() if e.get("niladic")}
                for word in words:
                    w = word.lower()
                    if (w in KEYWORDS or w in aliases or w in known_functions or w in only or w == "q"
                            or re.fullmatch(r"p\d+", w) or self.is_output_alias(flat, word)):
                        continue
                    owners = [r for r in only if r in relations and w in relations[r]["columns"]]
                    if owners:
                        self.used_columns.update((r, w) for r in owners)
                    elif any(r in relations for r in only):
                        self.problem(stmt, "catalog", f"column {w} is in no catalog.json entry of {', '.join(sorted(only))}: "
                                     "read only documented columns (add it with its page if AWS documents it)")

    @staticmethod
    def is_output_alias(code, word):
        return re.search(r"\bAS\s+" + re.escape(word) + r"\b", code, re.I) is not None

    @staticmethod
    def user_relations_in(code):
        return re.search(r'(?:\bFROM|\bJOIN|\bINTO|\bUPDATE)\s+"q"', code, re.I) is not None

    def check_column(self, stmt, relation, column):
        relations = self.catalog["relations"]
        key = f"{relation}.{column}"
        if key in self.catalog["postgresql_only"]:
            self.problem(stmt, "catalog", f"{key} does not exist on Redshift: {self.catalog['postgresql_only'][key]}")
        elif relation in relations:
            if column in relations[relation]["columns"]:
                self.used_columns.add((relation, column))
            else:
                self.problem(stmt, "catalog", f"{key} is not in catalog.json: read only documented columns "
                             f"({relations[relation]['url']}), or add it with the page that documents it")

    # --- functions -----------------------------------------------------------------------
    @staticmethod
    def arguments(code, start):
        """The top-level argument texts of the call whose "(" is at code[start]."""
        depth, args, current = 0, [], []
        for i in range(start, len(code)):
            c = code[i]
            if c == "(":
                depth += 1
                if depth == 1:
                    continue
            elif c == ")":
                depth -= 1
                if depth == 0:
                    last = "".join(current).strip()
                    if last or args:
                        args.append(last)
                    return args
            elif c == "," and depth == 1:
                args.append("".join(current).strip())
                current = []
                continue
            current.append(c)
        return args

    def check_functions(self, stmt):
        table = self.functions["functions"]
        undocumented = self.functions["undocumented"]
        codes = [(stmt.text, strip_literals(stmt.text, keep_dollar_bodies=False))] + [(b, strip_literals(b)) for b in stmt.body]
        leader_functions, catalog_tables, system_views = [], [], []
        for raw, code in codes:
            bare = re.sub(r"\bpg_catalog\.", "", code, flags=re.I)
            raw_bare = re.sub(r"\bpg_catalog\.", "", raw, flags=re.I)
            for m in re.finditer(r'(?<![."\w$])([a-z_][a-z0-9_]*)\s*\(', bare, re.I):
                name = m.group(1).lower()
                if name in NOT_FUNCTIONS:
                    continue
                if re.match(r"^(pg|svv|stl|stv|svl|sys)_", name) and name not in table and name not in undocumented:
                    prefix = bare[:m.start()].rstrip()
                    if re.search(r"\b(FROM|JOIN)$", prefix, re.I):
                        continue
                if name in undocumented:
                    self.problem(stmt, "functions", f"{name}(): {undocumented[name]}")
                    continue
                if name not in table:
                    self.problem(stmt, "functions", f"{name}() is not in functions.json: use a function AWS documents "
                                 "(add it with its page, signature and leader-node flag)")
                    continue
                self.used_functions.add(name)
                entry = table[name]
                if entry.get("leader_node_only"):
                    leader_functions.append(name)
                args = self.arguments(bare, m.end() - 1)
                low, high = entry.get("arity", [0, 99])
                if not low <= len(args) <= high:
                    self.problem(stmt, "functions", f"{name}() takes {low}..{high} arguments on Redshift ({entry['signature']}); "
                                 f"here {len(args)} ({entry['url']})")
                raw_args = self.arguments(raw_bare, self.matching_offset(raw_bare, m, name))
                for index, (expected, why) in entry.get("require", {}).items():
                    position = int(index) - 1
                    given = raw_args[position] if position < len(raw_args) else None
                    if given is None or given.strip().lower() != expected.lower():
                        self.problem(stmt, "functions", f"{name}() argument {index} must be {expected}: {why} ({entry['url']})")
            for word in re.findall(r"(?<![.\w\"])([a-z_][a-z0-9_]*)\b(?!\s*\()", bare, re.I):
                if word.lower() in table and table[word.lower()].get("niladic"):
                    self.used_functions.add(word.lower())
                elif word.lower() in NILADIC:
                    self.problem(stmt, "functions", f"{word.lower()} is not in functions.json: use a function AWS documents "
                                 "(add it with its page, signature and leader-node flag)")
            names, _ = self.relations(code)
            catalog_tables += [n for n in names if n.startswith("pg_")]
            system_views += [n for n in names if SYSTEM_VIEW.match(n)]
        users = self.user_relations(stmt)
        leader = sorted(set(leader_functions + catalog_tables))
        if leader and (users or system_views):
            self.problem(stmt, "functions", f"leader-node-only {', '.join(leader)} mixed with "
                         f"{', '.join(sorted(set(users + system_views)))}: Redshift runs such a statement on the compute nodes and "
                         "fails; read the catalog in a statement of its own and pass values as parameters "
                         "(https://docs.aws.amazon.com/redshift/latest/dg/c_sql-functions-leader-node.html)")

    @staticmethod
    def matching_offset(raw, match, name):
        """Offset of the same call's "(" in the raw text (literals kept), found by occurrence."""
        occurrence = len(re.findall(r'(?<![."\w$])' + re.escape(name) + r"\s*\(", match.string[:match.start()], re.I))
        calls = list(re.finditer(r'(?<![."\w$])' + re.escape(name) + r"\s*\(", raw, re.I))
        if occurrence < len(calls):
            return calls[occurrence].end() - 1
        return match.end() - 1

    # --- forms ---------------------------------------------------------------------------
    def check_forms(self, stmt):
        texts = [stmt.text] + list(stmt.body)
        for form in self.forms:
            for text in texts:
                code = text if form.get("raw") else strip_literals(text, keep_dollar_bodies=False)
                flat = " ".join(code.split())
                if re.search(form["pattern"], flat, re.I) and not (form.get("unless") and re.search(form["unless"], flat, re.I)):
                    self.problem(stmt, "forms", f"{form['name']}: {form['why']} ({form['url']})")
                    break

    # --- all -----------------------------------------------------------------------------
    def run(self, goldens):
        parse = make_parser() if self.grammar else None
        files = sorted(f for f in os.listdir(goldens) if f.endswith(".redshift.sql"))
        if not files:
            self.problems.append(f"{goldens}: no *.redshift.sql golden files")
        count = 0
        for name in files:
            path = os.path.join(goldens, name)
            with open(path, encoding="utf-8") as f:
                for stmt in split_statements(path, f.read()):
                    count += 1
                    if parse:
                        self.check_grammar(stmt, parse)
                    self.check_catalog(stmt)
                    self.check_functions(stmt)
                    self.check_forms(stmt)
        self.check_unused()
        return count

    def check_unused(self):
        for name, entry in self.catalog["relations"].items():
            if name not in self.used_relations:
                self.problems.append(f"catalog.json: {name} is read by no golden: remove it (the dictionary lists exactly what Steward reads)")
                continue
            for column in entry["columns"]:
                if (name, column) not in self.used_columns:
                    self.problems.append(f"catalog.json: {name}.{column} is read by no golden: remove it")
        for name in self.functions["functions"]:
            if name not in self.used_functions:
                self.problems.append(f"functions.json: {name} is called by no golden: remove it")
        if self.grammar:
            for index, gap in enumerate(self.gaps):
                if index not in self.used_gaps:
                    self.problems.append(f"parser-gaps.json: gap {gap['pattern']!r} is needed by no statement: remove it")


_cache = {}


def make_parser():
    import sqlfluff
    from sqlfluff.api.simple import APIParsingError

    def parse(sql):
        if sql not in _cache:
            try:
                sqlfluff.parse(sql, dialect="redshift")
                _cache[sql] = None
            except APIParsingError as error:
                _cache[sql] = str(error).splitlines()[-1].strip()[:200] if str(error) else "unparsable"
        return _cache[sql]
    return parse


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--goldens", default=DEFAULT_GOLDENS)
    parser.add_argument("--data", default=HERE)
    parser.add_argument("--no-grammar", action="store_true", help="skip the sqlfluff parse (for quick runs)")
    args = parser.parse_args(argv)
    checker = Checker(args.data, grammar=not args.no_grammar)
    count = checker.run(args.goldens)
    for problem in checker.problems:
        print(problem)
    if checker.problems:
        print(f"redshift conformance: {len(checker.problems)} problem(s) in {count} statements", file=sys.stderr)
        return 1
    print(f"redshift conformance: {count} statements conform (grammar, catalog, functions, forms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
