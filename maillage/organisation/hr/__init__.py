"""HR import and export: the authority's services and agents from one CSV or XLSX table.

The file is the whole organisation, keyed by the stable HR id (``matricule``) of each service
and agent. Import is all-or-nothing: :func:`parse_hr_file` reads and validates every row,
:func:`plan_import` compares the file with the database (nothing written: this is the dry
run), :func:`apply_import` writes the plan in bulk. Services and agents missing from the file
are deactivated, never deleted: what the apps above keep about an agent (the international
profile) is erased only by their scheduled commands, ``HR_DEPARTURE_GRACE_DAYS`` after the
deactivation, and an agent listed again before then gets everything back. :func:`export_hr`
writes the same format, so export → import changes nothing.

Untrusted input: an XLSX file is checked by :func:`check_xlsx` before openpyxl opens it
(uncompressed sizes, rows, columns, longest text), lines and cells are capped, control
characters are refused, and messages quote at most ``QUOTE_CHARS`` characters of a cell.

Sized for large authorities (hundreds of thousands of rows): rows are streamed, kept as small
tuples, compared with the database in one pass per table and written in batches.
"""
