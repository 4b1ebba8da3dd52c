"""The conformance check catches what it is for: every catalog entry and every function entry is
needed (removing one fails the check), and each PostgreSQL-only form added to a golden fails it."""
import json
import os
import shutil
import tempfile
import unittest

import check

HERE = os.path.dirname(os.path.abspath(__file__))


class ConformanceCheckTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp()
        cls.goldens = os.path.join(cls.work, "goldens")
        shutil.copytree(check.DEFAULT_GOLDENS, cls.goldens)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work)

    def run_check(self, data=HERE, goldens=None, grammar=False):
        checker = check.Checker(data, grammar=grammar)
        checker.run(goldens or self.goldens)
        return checker.problems

    def data_without(self, edit):
        data = tempfile.mkdtemp(dir=self.work)
        for name in os.listdir(HERE):
            if name.endswith(".json"):
                shutil.copy(os.path.join(HERE, name), data)
        edit(data)
        return data

    def test_the_goldens_conform(self):
        self.assertEqual(self.run_check(grammar=True), [])

    def test_removing_any_catalog_entry_fails(self):
        catalog = check.load(HERE, "catalog.json")
        for relation, entry in catalog["relations"].items():
            for column in [None] + entry["columns"]:
                def edit(data, relation=relation, column=column):
                    changed = json.loads(json.dumps(catalog))
                    if column is None:
                        del changed["relations"][relation]
                    else:
                        changed["relations"][relation]["columns"].remove(column)
                    with open(os.path.join(data, "catalog.json"), "w") as f:
                        json.dump(changed, f)
                with self.subTest(relation=relation, column=column):
                    problems = self.run_check(self.data_without(edit))
                    self.assertTrue(any("[catalog]" in p for p in problems), problems)

    def test_removing_any_function_entry_fails(self):
        functions = check.load(HERE, "functions.json")
        for name in functions["functions"]:
            def edit(data, name=name):
                changed = json.loads(json.dumps(functions))
                del changed["functions"][name]
                with open(os.path.join(data, "functions.json"), "w") as f:
                    json.dump(changed, f)
            with self.subTest(function=name):
                problems = self.run_check(self.data_without(edit))
                self.assertTrue(problems, f"removing {name} went unnoticed")

    def test_each_postgresql_only_form_fails(self):
        forms = [
            'INSERT INTO "immuta_system"."steward_marker" (integration_uid) VALUES ($1) ON CONFLICT DO NOTHING;',
            "DO $steward$ BEGIN NULL; END $steward$;",
            'CREATE VIEW "s"."v" WITH (security_barrier) AS SELECT 1;',
            'CREATE ROLE IF NOT EXISTS "r";',
            'CREATE USER IF NOT EXISTS "u" PASSWORD DISABLE;',
            'CREATE OR REPLACE FUNCTION "s"."f"() RETURNS VOID AS $x$ BEGIN END $x$ LANGUAGE plpgsql;',
            'DROP DATABASE IF EXISTS "immuta";',
            'DROP OWNED BY "u";',
            'CREATE ROLE "r" NOLOGIN;',
            'GRANT CONNECT ON DATABASE "immuta" TO PUBLIC;',
            'SELECT rolname FROM pg_roles WHERE rolname = $1;',
            "SELECT current_setting('steward.impersonation');",
            'SELECT n.nspname FROM pg_namespace n WHERE has_schema_privilege(n.nspname, \'USAGE\') AND EXISTS (SELECT 1 FROM "s"."t");',
            "CREATE OR REPLACE PROCEDURE \"s\".\"p\"() AS $x$ BEGIN PERFORM 1; END $x$ LANGUAGE plpgsql;",
            'SELECT t.typcategory FROM pg_type t;',
            "CREATE OR REPLACE PROCEDURE \"s\".\"p\"() AS $x$ BEGIN IF NOT EXISTS (SELECT 1 FROM svv_user_grants WHERE user_name = SESSION_USER) "
            "THEN RAISE EXCEPTION 'no'; END IF; END $x$ LANGUAGE plpgsql SECURITY DEFINER;",
        ]
        for form in forms:
            with self.subTest(form=form):
                goldens = os.path.join(self.work, "mutated")
                shutil.rmtree(goldens, ignore_errors=True)
                shutil.copytree(self.goldens, goldens)
                with open(os.path.join(goldens, "bootstrap.redshift.sql"), "a") as f:
                    f.write("\n-- added\n" + form + "\n")
                problems = self.run_check(goldens=goldens)
                self.assertTrue(any("bootstrap.redshift.sql" in p for p in problems), f"{form} went unnoticed: {problems}")


if __name__ == "__main__":
    unittest.main()
