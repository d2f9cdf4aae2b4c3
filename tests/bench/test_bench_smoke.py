"""The benchmark harness end to end, small: tiny dataset, four pages, three requests, SQLite.

Timings are not asserted (they belong to the benchmark): only that the harness runs and that its
JSON and Markdown carry what the report needs. No PostgreSQL is started here.
"""

from __future__ import annotations

import json

from bench.__main__ import main
from bench.report import NOT_BUILT, PASS


def test_bench_runs_on_tiny_scale(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    code = main(
        [
            "--scale",
            "tiny",
            "--db",
            "sqlite",
            "--pages",
            "home,project_list,dashboard,committee",
            "--requests",
            "3",
            "--warmup",
            "1",
            "--hr-rows",
            "300",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0

    data = json.loads((tmp_path / "results-tiny.json").read_text(encoding="utf-8"))
    assert set(data) == {"meta", "runs", "targets"}
    assert {"scale", "seed", "requests", "machine", "seconds"} <= set(data["meta"])
    assert {"nproc", "memory_gb", "cpu", "python", "sqlite"} <= set(data["meta"]["machine"])
    (run,) = data["runs"]
    assert (run["db"], run["scale"]) == ("sqlite", "tiny")
    assert run["dataset"]["authorities"] == 2
    assert run["generation"]["generate_s"] > 0
    pages = {page["name"]: page for page in run["pages"]}
    assert set(pages) == {"home", "project_list", "dashboard", "committee"}
    for name in pages:
        page = pages[name]
        assert page["status"] == "measured"
        assert {"median_ms", "p95_ms", "queries", "sql_ms", "floor", "ratio"} <= set(page)
        assert page["queries"] > 0
        assert {"median_ms", "p95_ms", "queries"} <= set(page["floor"])
    # The floor fetches exactly the projects the list shows.
    assert pages["project_list"]["same_rows"] is True
    hr = run["hr_import"]
    assert hr["rows"] == 300
    assert hr["first_import"]["rows_per_s"] > 0
    assert hr["reimport_unchanged"]["changes"] == 0

    exports = run["exports"]
    assert exports["iati"]["activities"] == run["dataset"]["projects"]
    assert exports["iati"]["activities_per_s"] > 0
    assert exports["iati"]["bench_file_valid"] is True
    assert exports["eapd"]["median_ms"] > 0

    results = {row["result"] for row in data["targets"]}
    assert results <= {PASS, "FAIL", "NOT RUN"}
    assert NOT_BUILT not in results
    iati_valid = [r for r in data["targets"] if r["target"].startswith("IATI file valid")]
    assert [r["result"] for r in iati_valid] == [PASS]

    markdown = (tmp_path / "results-tiny.md").read_text(encoding="utf-8")
    assert "## Pages — sqlite, tiny" in markdown
    assert "| Page | Role | Median | p95 | Queries |" in markdown
    assert "## Exports" in markdown
    assert "## Targets" in markdown
