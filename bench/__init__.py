"""Maillage's benchmark: every key page against its SQL floor, at city and national scale.

``make bench`` (``python -m bench --scale city``) generates the ``city`` dataset into a
throwaway SQLite file under ``bench/out/``, then for each key page measures the server time
(median and p95 over 30 requests through Django's test client, logged in as the page's role in
the benchmarked authority) and its SQL query count, beside the page's **floor**: the same rows
fetched by hand-written SQL (``floors.py``), timed the same way. It also times an HR import.

``make bench SCALE=national BENCH_DB=both`` does the same inside one authority of the
``national`` dataset (1,000 authorities), on SQLite and on PostgreSQL (the server of
DATABASE_URL if it is one, else a throwaway server), after a ``city`` run the growth targets
compare with. Results: ``bench/out/results-<scale>.{md,json}``; the latest committed ones are in
``bench/RESULTS.md``.

Modules: ``pages.py`` (which pages, roles, URLs), ``floors.py`` (their floors), ``measure.py``
and ``hr.py`` (run in a child process per database), ``report.py`` (targets, Markdown),
``postgres.py`` (throwaway server), ``urls.py`` (the trivial page: the fixed cost of a page).
"""
